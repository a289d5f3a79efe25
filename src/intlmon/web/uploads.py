"""A clerk's uploaded workbook kept for a while: the file as sent, its validation result and the annotated copy.

Why keep them: the validation result is a page the clerk reads (and may reload, or read in another
language), the annotated workbook is a download from that page, and "accept these warnings" validates
the *same* file again with the rule ids confirmed (as `intlmon ingest --confirm RULE`). Nothing here is
the HEI's data: a stored version lives in the database; these files are the clerk's scratch copies.

Who may open one: the upload's token is kept in the uploader's session only, and the upload records its
HEI; a token not in this session, or of another HEI, is 404 (`upload_for`). The session keeps the last
`KEEP` uploads; older ones are deleted from disk when a new one arrives, and so is any upload older than
`MAX_AGE`, whoever made it — looked for by each process at most every `SWEEP_EVERY` seconds (`sweep`): the
folder holds two days of uploads, and reading every one's age on each upload cost more the busier the
collection (a few ms of an upload's ~30 under benchmarks/web.py's uploaders, growing).
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.utils.text import get_valid_filename

from intlmon.collection.annotate import annotate_workbook
from intlmon.collection.ingest import IngestResult
from intlmon.collection.problems import LANGS

SESSION_KEY = "clerk_uploads"
KEEP = 10
MAX_AGE = 2 * 24 * 3600  # seconds an upload is kept whatever happens (see forget_stale)
SWEEP_EVERY = 600  # seconds between two looks for stale uploads by one process (see sweep)
RESULT = "result.json"
ANNOTATED = "annotated"


def upload_root() -> Path:
    """Where uploads wait (settings.PORTAL_UPLOAD_DIR, else VAR_DIR/portal-uploads)."""
    return Path(getattr(settings, "PORTAL_UPLOAD_DIR", None) or Path(settings.VAR_DIR) / "portal-uploads")


@dataclass
class Upload:
    token: str
    directory: Path
    meta: dict

    @property
    def original(self) -> Path:
        return self.directory / self.meta["file"]

    @property
    def annotated(self) -> Path | None:
        path = self.directory / ANNOTATED / self.meta["file"]
        return path if path.exists() else None

    def result(self, lang: str) -> dict:
        """The ingest's answer (`IngestResult.as_dict`) in `lang`."""
        return self.meta["result"].get(lang) or self.meta["result"][self.meta["lang"]]


def save_upload(request, uploaded, institution_id: str, year: int) -> Upload:
    """Write the uploaded file under a fresh token remembered in this session (the oldest beyond KEEP go)."""
    token = secrets.token_urlsafe(16)
    directory = upload_root() / token
    directory.mkdir(parents=True)
    name = get_valid_filename(Path(uploaded.name or "workbook.xlsx").name) or "workbook.xlsx"
    with open(directory / name, "wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    meta = {"institution": institution_id, "year": year, "file": name, "lang": "", "result": {}}
    tokens = [token, *request.session.get(SESSION_KEY, [])]
    for old in tokens[KEEP:]:
        shutil.rmtree(upload_root() / old, ignore_errors=True)
    sweep()
    request.session[SESSION_KEY] = tokens[:KEEP]
    return Upload(token, directory, meta)


_swept: dict[str, float] = {}  # upload folder → when this process last looked for stale uploads in it


def sweep(now: float | None = None) -> bool:
    """`forget_stale`, unless this process did it less than `SWEEP_EVERY` seconds ago; whether it ran."""
    now = now if now is not None else time.time()
    root = str(upload_root())
    if now - _swept.get(root, float("-inf")) < SWEEP_EVERY:
        return False
    _swept[root] = now
    forget_stale(now)
    return True


def forget_stale(now: float | None = None) -> None:
    """Delete uploads older than MAX_AGE whatever session made them (sessions expire, users never return):
    the upload folder holds at most a few days of scratch copies."""
    limit = (now if now is not None else time.time()) - MAX_AGE
    for folder in upload_root().iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
        except FileNotFoundError:  # another worker removed it first
            continue


def record_result(upload: Upload, result: IngestResult) -> None:
    """Keep the result in every language and, when a problem names a cell, the annotated workbook."""
    upload.meta["lang"] = result.lang
    upload.meta["result"] = {lang: result.as_dict(lang) for lang in LANGS}
    upload.meta["stored"] = result.stored.submission.pk if result.stored else None
    upload.meta["identical"] = result.identical.pk if result.identical else None
    target = upload.directory / ANNOTATED / upload.meta["file"]
    if target.exists():
        target.unlink()
    if any(p.row and p.column for p in result.problems) and upload.original.suffix.lower() == ".xlsx":
        annotate_workbook(upload.original, result.problems, target, lang=result.lang)
    (upload.directory / RESULT).write_text(json.dumps(upload.meta, ensure_ascii=False), encoding="utf-8")


def upload_for(request, token: str) -> Upload:
    """The upload `token` if this session made it for the clerk's own HEI; 404 otherwise (whatever the reason)."""
    if token not in request.session.get(SESSION_KEY, []):
        raise Http404
    directory = upload_root() / token
    try:
        meta = json.loads((directory / RESULT).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Http404 from None
    if meta.get("institution") != request.actor.institution_id:
        raise Http404
    return Upload(token, directory, meta)
