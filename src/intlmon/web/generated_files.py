"""Downloads built once per data stamp and served from disk: the open-data zip, a country note's DOCX/PDF.

Building one takes seconds (the whole package, or a document rendered by WeasyPrint/python-docx); the
answer changes only when the data do. So the file is written once under
`VAR_DIR/generated/<kind>/<counted stamp>/<name>` and every later request for it is a file read. When a
file is built under a new stamp, the folders of the kind's older stamps are deleted: the var folder
holds one generation per kind, not one per change ever made.

A file is written in a temporary folder beside its target and moved in place, so a reader never sees a
half-written file; two workers building the same file at once both succeed and one replaces the other.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse

from intlmon.analytics import stamp

TMP_PREFIX = ".building-"


def root() -> Path:
    return Path(settings.VAR_DIR) / "generated"


def stored(kind: str, name: str, build: Callable[[Path], Path]) -> Path:
    """The file `name` of `kind` at the current data stamp; `build(folder)` writes it (returning its path)
    when it is not there yet, and the kind's superseded stamps are cleaned up."""
    current = stamp.data_stamp(counted=True)  # public downloads: counted data only
    kind_dir = root() / kind
    target = kind_dir / current / name
    if target.is_file():
        return target
    kind_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=TMP_PREFIX, dir=kind_dir) as folder:
        built = Path(build(Path(folder)))
        target.parent.mkdir(parents=True, exist_ok=True)
        built.replace(target)
    for other in kind_dir.iterdir():
        if other.is_dir() and other.name != current and not other.name.startswith(TMP_PREFIX):
            shutil.rmtree(other, ignore_errors=True)
    return target


def response(kind: str, name: str, build: Callable[[Path], Path], content_type: str) -> HttpResponse:
    """The stored file as an attachment. Read at once (a few MB at most): a clean-up by another worker
    between the check and the read makes it build the file again."""
    try:
        content = stored(kind, name, build).read_bytes()
    except FileNotFoundError:
        content = stored(kind, name, build).read_bytes()
    answer = HttpResponse(content, content_type=content_type)
    answer["Content-Disposition"] = f'attachment; filename="{name}"'
    return answer
