"""The difference between two versions: rows added, removed and changed per section, the changed cells
highlighted old → new; by default the last two versions; versions of another HEI are 404."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from tests.web import clerk_helpers
from tests.web.clerk_helpers import ddp, page, stored_version

clerk_world = clerk_helpers.clerk_world


def test_the_last_two_versions_are_compared_row_by_row(as_persona, clerk_world, tmp_path):
    old = stored_version(tmp_path, ddp(), ddp(programme="7M01705 Иностранный язык", enrolment=3), name="1.xlsx")
    new = stored_version(tmp_path, ddp(enrolment=14), ddp(programme="7M01103 Педагогика", enrolment=5), name="2.xlsx")
    client = as_persona("clerk_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page(client.get(reverse("web:clerk-diff")))
    assert f"Version {old.version} → version {new.version}" in text
    assert "1 row added" in text and "1 row removed" in text and "1 row changed" in text
    assert '<td class="cell-changed"><del>12</del> → <ins>14</ins></td>' in text
    assert text.index("7M01103") < text.index("7M01705")  # added rows first, then removed
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    ru = page(client.get(reverse("web:clerk-diff"), {"old": old.pk, "new": new.pk}))
    assert "1 строка добавлена" in ru and "<del>12</del> → <ins>14</ins>" in ru


def test_versions_of_another_hei_are_404(as_persona, clerk_world, tmp_path):
    old = stored_version(tmp_path, ddp(), name="1.xlsx")
    new = stored_version(tmp_path, ddp(enrolment=14), name="2.xlsx")
    client = as_persona("clerk_b")
    assert client.get(reverse("web:clerk-diff"), {"old": old.pk, "new": new.pk}).status_code == 404
    assert client.get(reverse("web:clerk-diff"), {"old": "x"}).status_code == 404
    own = page(client.get(reverse("web:clerk-diff")))
    # HEI A's changed cell and name never reach HEI B's page ('14' alone could be part of the CSRF token)
    assert "<ins>14</ins>" not in own and "cell-changed" not in own and "Alpha" not in own
