"""A clerk in a real browser: logs in, reads the home page in Kazakh, switches to English; axe-core
(served by the portal itself, as every asset) finds no serious accessibility violation, and the
Content-Security-Policy blocks nothing the pages need."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

AXE = "/static/web/vendor/axe-core/axe.min.js"


def serious_violations(page) -> list[str]:
    page.wait_for_load_state()  # a click on a link may have only started the navigation: no <head> yet
    page.add_script_tag(url=AXE)  # a local file under the portal's CSP ('self'), no CDN
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def clerk(transactional_db):
    from tests.web.conftest import PASSWORD, build_world

    world = build_world()
    return world.users["clerk_a"], PASSWORD


def test_the_clerk_logs_in_reads_kazakh_switches_to_english(browser, live_server, clerk):
    user, password = clerk
    context = browser.new_context(locale="kk-KZ")  # a Kazakh browser
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(live_server.url + "/")
    assert page.url.startswith(live_server.url + "/login/")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert serious_violations(page) == []
    page.get_by_label("Пайдаланушы аты").fill(user.username)
    page.get_by_label("Құпия сөз").fill(password)
    page.get_by_role("button", name="Кіру").click()

    page.wait_for_url(live_server.url + "/hei/")
    assert page.locator("h1").inner_text() == "Альфа университеті"
    assert page.get_by_role("link", name="Менің ЖОО-м").is_visible()
    assert "2024 есепті кезеңі" in page.locator(".period").inner_text()
    assert serious_violations(page) == []

    page.get_by_label("Тіл").select_option("en")
    page.get_by_role("button", name="Ауыстыру").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + "/hei/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Alpha University"
    assert "Reporting period 2024" in page.locator(".period").inner_text()
    assert serious_violations(page) == []

    user.portal.refresh_from_db()
    assert user.portal.language == "en"  # saved for the user, not only in this browser
    assert page.evaluate("() => typeof htmx") == "object"  # htmx loaded from the portal's own static files
    assert blocked == []
    context.close()
