"""Checks on an uploaded file's raw bytes before any spreadsheet parser touches it.

An upload comes from outside: it may be no workbook at all, cut off in transit, a zip bomb, XML with
entity declarations (billion laughs, external entities), a macro-enabled or password-protected file,
or a sheet of 100,000 rows. Each is refused here with a message a university clerk can act on, in
bounded time and memory, so the parsers (python-calamine, openpyxl) only ever see files that passed.

What is checked, in order (the first failing check ends the inspection):

1. Size: empty, or larger than `MAX_FILE_BYTES`.
2. Kind, by the first bytes (never by the file name): a zip container (.xlsx, .xlsm, .xlsb, .ods), an
   OLE2 compound file (.xls, or an encrypted .xlsx), anything else is named (PDF, web page, CSV/text,
   image, archive, Excel 2003 XML) and refused.
3. OLE2: `EncryptionInfo`/`EncryptedPackage` streams → password-protected; a VBA storage → macros;
   a Word/PowerPoint document → not a workbook. A plain .xls is left to calamine.
4. Zip: readable central directory (a truncated upload fails here); at most `MAX_ZIP_ENTRIES` parts;
   the declared uncompressed total at most `MAX_UNCOMPRESSED_BYTES` and, beyond `RATIO_FLOOR_BYTES`,
   at most `MAX_RATIO` times the file size (zip bombs); a workbook part present (a .docx is refused);
   no VBA project or macro content type (`vbaProject.bin`, `macroEnabled`, ODS `Basic/` scripts).
5. Every part is then inflated as a stream in 1 MiB chunks (never whole): the byte count may not pass
   the limit (a part that lies about its size fails its CRC check, which zipfile enforces); XML parts
   may carry no DTD (`<!DOCTYPE`, `<!ENTITY`) before their root element — small parts are parsed with
   defusedxml, large ones scanned; worksheet parts have their rows with values counted (at most
   `MAX_ROWS_PER_SHEET`) and their formula cells listed.

Formula cells are refused (error), not merely warned about: we keep the original file and analysts
open it, so a formula such as `=WEBSERVICE(...)`, a DDE call or a link to another workbook must not be
stored; and calamine reads a formula's cached result, which is missing or stale when the file was
produced by a program and never recalculated, so the stored figure could silently differ from what
the formula says. Replacing formulas by values (Paste Special → Values) is a routine step for clerks.

Row and formula scanning needs the sheet XML, so it covers .xlsx/.xlsm (and .ods formulas, without
positions); for .xls/.xlsb/.ods the reader checks each sheet's height before loading its cells.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_noop

from intlmon.collection.problems import Message, Problem, Rule, Severity, ngettext_noop

MAX_FILE_BYTES = 20 * 1024 * 1024  # a year's form of one HEI is well under 5 MB
MAX_ZIP_ENTRIES = 1000  # Excel writes ~10 parts + 3 per sheet
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
RATIO_FLOOR_BYTES = 20 * 1024 * 1024  # below this, any compression ratio is harmless
MAX_RATIO = 100  # real workbooks inflate 5–30×; deflate bombs ~1000×
MAX_ROWS_PER_SHEET = 20_000  # rows holding values, per sheet; no HEI reports more records in one section
MAX_LISTED_FORMULAS = 20  # formula cells named one by one; the rest are counted
SMALL_XML_BYTES = 1024 * 1024  # XML parts up to this size are parsed whole with defusedxml
PROLOG_BYTES = 64 * 1024  # a DTD must come before the root element, within this many bytes
CHUNK = 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")

E = Severity.ERROR

SAVE_AS = gettext_noop("Open the file in Excel, save it as 'Excel Workbook (*.xlsx)' and upload that.")

FILE_RULES: dict[str, Rule] = {
    r.id.removeprefix("read."): r
    for r in [
        Rule("read.empty_file", E, gettext_noop("The file '%(file)s' is empty (0 bytes)."),
             gettext_noop("Upload the completed form again.")),
        Rule("read.file_too_large", E,
             gettext_noop("The file '%(file)s' is too large: %(size_mb)s MB, at most %(limit_mb)s MB is accepted."),
             gettext_noop("Remove pictures and extra sheets and save it again.")),
        Rule("read.wrong_file_type", E, gettext_noop("The file '%(file)s' is %(kind)s, not an Excel workbook."),
             SAVE_AS),
        Rule("read.corrupt_file", E, gettext_noop("The file '%(file)s' is damaged or incomplete (%(detail)s)."),
             SAVE_AS),
        Rule("read.too_many_parts", E, ngettext_noop(
            "The file '%(file)s' holds %(count)d internal part (at most %(limit)d); Excel does not write such "
            "files and it is refused for safety.",
            "The file '%(file)s' holds %(count)d internal parts (at most %(limit)d); Excel does not write such "
            "files and it is refused for safety.", "count"), SAVE_AS),
        Rule("read.zip_bomb", E, ngettext_noop(
            "The file '%(file)s' unpacks to at least %(size_mb)s MB (%(ratio)d time its own size); a form may "
            "unpack to at most %(limit_mb)s MB and at most %(max_ratio)d times its size. It is refused for safety.",
            "The file '%(file)s' unpacks to at least %(size_mb)s MB (%(ratio)d times its own size); a form may "
            "unpack to at most %(limit_mb)s MB and at most %(max_ratio)d times its size. It is refused for safety.",
            "ratio"), SAVE_AS),
        Rule("read.xml_dtd", E, gettext_noop(
            "The part '%(part)s' of the file '%(file)s' contains XML DTD/ENTITY declarations; Excel never writes "
            "them and they can be used to attack the server, so the file is refused."), SAVE_AS),
        Rule("read.macro_enabled", E, gettext_noop(
            "The file '%(file)s' contains macros (VBA). Macro-enabled files are not accepted."),
             gettext_noop("Save it as 'Excel Workbook (*.xlsx)' without macros and upload it again.")),
        Rule("read.password_protected", E, gettext_noop("The file '%(file)s' is password-protected."),
             gettext_noop("Save it without a password and upload it again.")),
        Rule("read.too_many_rows", E, ngettext_noop(
            "The sheet '%(sheet)s' of the file '%(file)s' has %(rows)d row with values; a sheet may hold at "
            "most %(limit)d.",
            "The sheet '%(sheet)s' of the file '%(file)s' has %(rows)d rows with values; a sheet may hold at "
            "most %(limit)d.", "rows"), gettext_noop("Delete the extra rows or check the data.")),
        Rule("read.formula", E, gettext_noop(
            "The cell %(letter)s%(row)s of the sheet '%(sheet)s' holds a formula (%(formula)s). Formulas are not "
            "accepted: their result can change or come from another file."),
             gettext_noop("Replace the formula with its value: Copy, then Paste Special → Values.")),
        Rule("read.formula_count", E, gettext_noop("Formula cells in the file '%(file)s': %(count)s in all."),
             gettext_noop("Replace every formula with its value (Copy, then Paste Special → Values).")),
    ]
}

FILE_KINDS: dict[str, Message] = {
    "pdf": Message(gettext_noop("a PDF document")),
    "html": Message(gettext_noop("a web page (HTML)")),
    "csv": Message(gettext_noop("a text table (CSV)")),
    "text": Message(gettext_noop("a text file")),
    "xml2003": Message(gettext_noop("an Excel 2003 XML table")),
    "image": Message(gettext_noop("an image")),
    "archive": Message(gettext_noop("an archive")),
    "word": Message(gettext_noop("a Word document")),
    "presentation": Message(gettext_noop("a PowerPoint presentation")),
    "unknown": Message(gettext_noop("a file of unknown format")),
}

CORRUPT_DETAILS: dict[str, Message] = {
    "truncated": Message(gettext_noop("the end of the file is missing")),
    "checksum": Message(gettext_noop("a checksum does not match")),
    "damaged": Message(gettext_noop("the internal structure is broken")),
    "no_workbook_part": Message(gettext_noop("there is no workbook inside")),
}


@dataclass(frozen=True)
class Finding:
    """One failed check while scanning (internal): a rule code, where, and message parameters.

    `check_file` hands them out as `problems.Problem`s, the one shape of every problem.
    """

    code: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def problem(self, file: str) -> Problem:
        params = dict(self.params)
        if "kind" in params:
            params["kind"] = FILE_KINDS[params["kind"]]
        if "detail" in params:
            params["detail"] = CORRUPT_DETAILS[params["detail"]]
        return FILE_RULES[self.code].at(file=file, sheet=self.sheet, row=self.row, column=self.column, **params)


class _Refused(Exception):
    def __init__(self, *findings: Finding):
        self.findings = list(findings)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}"


def check_file(path: str | Path, file_label: str | None = None) -> list[Problem]:
    """Every problem of the raw file (empty when it may be handed to a parser), named `file_label`."""
    path = Path(path)
    return [f.problem(file_label or path.name) for f in _findings(path)]


def _findings(path: Path) -> list[Finding]:
    try:
        size = path.stat().st_size
    except OSError:
        return []  # nothing to inspect: the reader reports the file as unreadable
    try:
        if size == 0:
            return [Finding("empty_file")]
        if size > MAX_FILE_BYTES:
            return [Finding("file_too_large", params={"size_mb": _mb(size), "limit_mb": _mb(MAX_FILE_BYTES)})]
        with path.open("rb") as fh:
            head = fh.read(4096)
        if head.startswith(ZIP_MAGICS):
            return _check_zip(path, size)
        if head.startswith(OLE_MAGIC):
            return _check_ole(path)
        return [Finding("wrong_file_type", params={"kind": sniff_kind(head)})]
    except _Refused as refused:
        return refused.findings


def sniff_kind(head: bytes) -> str:
    """What a non-workbook file is, from its first bytes (a key of FILE_KINDS)."""
    lowered = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"%pdf"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return "image"
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return "archive"
    if b"urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return "xml2003"
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in lowered[:512]:
        return "html"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1251")
        except UnicodeDecodeError:
            return "unknown"
    if "\x00" in text or sum(not (c.isprintable() or c in "\r\n\t") for c in text) > len(text) // 20:
        return "unknown"
    first = text.splitlines()[0] if text.splitlines() else ""
    if any(first.count(sep) >= 2 for sep in (";", ",", "\t")):
        return "csv"
    return "text"


# --------------------------------------------------------------------------------------------
# OLE2 compound files


def _check_ole(path: Path) -> list[Finding]:
    import olefile

    try:
        ole = olefile.OleFileIO(str(path))
    except Exception:  # noqa: BLE001 - any failure to parse the container means a damaged file
        return [Finding("corrupt_file", params={"detail": "damaged"})]
    try:
        entries = {"/".join(parts).lower() for parts in ole.listdir(streams=True, storages=True)}
    finally:
        ole.close()
    tops = {e.split("/")[0] for e in entries}
    if {"encryptioninfo", "encryptedpackage"} & tops:
        return [Finding("password_protected")]
    if "_vba_project_cur" in tops or any(e.endswith("/vba") or e == "vba" or "/vba/" in e for e in entries):
        return [Finding("macro_enabled")]
    if "workbook" in tops or "book" in tops:
        return []  # a legacy .xls: calamine reads it
    if "worddocument" in tops:
        return [Finding("wrong_file_type", params={"kind": "word"})]
    if "powerpoint document" in tops:
        return [Finding("wrong_file_type", params={"kind": "presentation"})]
    return [Finding("wrong_file_type", params={"kind": "unknown"})]


# --------------------------------------------------------------------------------------------
# Zip containers (.xlsx, .xlsm, .xlsb, .ods)


def _check_zip(path: Path, size: int) -> list[Finding]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:  # it starts like a zip but its directory (at the end) is unreadable
        return [Finding("corrupt_file", params={"detail": "truncated"})]
    except (OSError, ValueError, EOFError):
        return [Finding("corrupt_file", params={"detail": "damaged"})]
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            return [Finding("too_many_parts", params={"count": len(infos), "limit": MAX_ZIP_ENTRIES})]
        declared = sum(i.file_size for i in infos)
        _check_inflated_total(declared, size)
        names = {i.filename for i in infos}
        lowered = {n.lower() for n in names}
        is_ods = "content.xml" in lowered and "mimetype" in lowered
        if not is_ods and "xl/workbook.xml" not in lowered and "xl/workbook.bin" not in lowered:
            if "word/document.xml" in lowered:
                return [Finding("wrong_file_type", params={"kind": "word"})]
            if "ppt/presentation.xml" in lowered:
                return [Finding("wrong_file_type", params={"kind": "presentation"})]
            if "[content_types].xml" in lowered:
                return [Finding("corrupt_file", params={"detail": "no_workbook_part"})]
            return [Finding("wrong_file_type", params={"kind": "archive"})]
        if any(n.endswith("vbaproject.bin") or n.startswith(("basic/", "scripts/")) for n in lowered):
            return [Finding("macro_enabled")]
        sheet_names = {} if is_ods else _sheet_names(archive)
        return _inflate_all(archive, infos, size, sheet_names, is_ods)


def _check_inflated_total(total: int, size: int) -> None:
    if total > MAX_UNCOMPRESSED_BYTES or (total > RATIO_FLOOR_BYTES and total > MAX_RATIO * size):
        raise _Refused(Finding("zip_bomb", params={
            "size_mb": _mb(total), "ratio": max(1, total // max(size, 1)),
            "limit_mb": _mb(MAX_UNCOMPRESSED_BYTES), "max_ratio": MAX_RATIO,
        }))


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name, from xl/workbook.xml and its relationships (parsed with defusedxml)."""
    import defusedxml.ElementTree as DET

    try:
        wb = DET.fromstring(_read_small(archive, "xl/workbook.xml"))
        rels = DET.fromstring(_read_small(archive, "xl/_rels/workbook.xml.rels"))
    except _Refused:
        raise
    except Exception:  # noqa: BLE001 - names are a refinement; parts are then named by path
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = target
    names = {}
    for el in wb.iter():
        if el.tag.endswith("}sheet"):
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                names[targets[rid]] = el.get("name", "")
    return names


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > SMALL_XML_BYTES:
        raise KeyError(name)  # too big to parse whole; the streaming pass still checks it
    data = archive.read(name)
    if _has_dtd(data):
        raise _Refused(Finding("xml_dtd", params={"part": name}))
    return data


_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT = re.compile(rb"<[A-Za-z_]")


def _has_dtd(prolog: bytes) -> bool:
    """A DTD can only precede the root element; look there (and anywhere for ENTITY, to be safe)."""
    root = _ROOT.search(prolog)
    head = prolog if root is None else prolog[: root.start()]
    text = head.replace(b"\x00", b"")  # UTF-16 XML: the markers survive without NULs
    return _DTD.search(text) is not None


def _inflate_all(archive, infos, size: int, sheet_names: dict[str, str], is_ods: bool) -> list[Finding]:
    findings: list[Finding] = []
    formulas: list[Finding] = []
    formula_total = 0
    inflated = 0
    for info in infos:
        if info.is_dir():
            continue
        name = info.filename
        is_xml = name.lower().endswith((".xml", ".rels", ".vml"))
        is_sheet = not is_ods and name.startswith("xl/worksheets/") and name.endswith(".xml")
        sheet = sheet_names.get(name, name)
        counter = _SheetScan(sheet) if is_sheet else None
        ods_formulas = 0
        prolog = b""
        try:
            with archive.open(info) as stream:
                carry = b""
                while True:
                    chunk = stream.read(CHUNK)
                    if not chunk:
                        break
                    inflated += len(chunk)
                    _check_inflated_total(inflated, size)
                    if is_xml and len(prolog) < PROLOG_BYTES:
                        prolog += chunk[: PROLOG_BYTES - len(prolog)]
                    if counter is not None:
                        carry = counter.feed(carry + chunk)
                    elif is_ods and name == "content.xml":
                        buf = carry + chunk
                        ods_formulas += buf.count(b"table:formula=")
                        carry = buf[-20:]
                if counter is not None:
                    counter.feed(carry, final=True)
            if counter is not None and counter.rows > MAX_ROWS_PER_SHEET:  # an upper bound: count exactly
                counter.rows = _count_rows_exactly(archive, info, sheet)
        except _Refused:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            detail = "checksum" if "crc" in str(exc).lower() else "damaged"
            return [Finding("corrupt_file", params={"detail": detail})]
        if is_xml and _has_dtd(prolog):
            return [Finding("xml_dtd", params={"part": name})]
        if is_xml and info.file_size <= SMALL_XML_BYTES and name.lower() == "[content_types].xml":
            if b"macroenabled" in archive.read(name).lower():
                return [Finding("macro_enabled")]
        if counter is not None:
            if counter.rows > MAX_ROWS_PER_SHEET:
                findings.append(Finding("too_many_rows", sheet=sheet,
                                        params={"rows": counter.rows, "limit": MAX_ROWS_PER_SHEET}))
            formula_total += counter.formula_count
            for row, column, text in counter.formulas:
                if len(formulas) < MAX_LISTED_FORMULAS:
                    formulas.append(Finding("formula", sheet=sheet, row=row, column=column, params={"formula": text}))
        formula_total += ods_formulas
    if findings:
        return findings
    if formula_total > len(formulas):  # more than listed, or ODS formulas (no positions)
        formulas.append(Finding("formula_count", params={"count": formula_total}))
    return formulas


_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>(.*?)</row>)", re.DOTALL)
_FORMULA_CELL = re.compile(rb"<c\b([^>]*)>\s*<f\b[^>]*?(?:/>|>(.*?)</f>)", re.DOTALL)
_REF = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3})(\d+)["']""")
_VALUE = re.compile(rb"<(?:v|is)\b")


class _SheetScan:
    """Counts the rows holding values and lists formula cells of one worksheet XML, fed in chunks.

    Each feed processes whole `<row>` elements only and returns the unprocessed tail (from the last
    `<row` start), which is handed back with the next chunk. Counting is quick by default: rows with
    any child (`</row>`), an upper bound of the rows holding values (a row of bordered empty cells has
    children but no value); `exact=True` looks inside each row, which is only needed when the quick
    count passes the limit. Rows are only searched for formulas when a chunk holds `<f`.
    """

    def __init__(self, sheet: str, exact: bool = False):
        self.sheet = sheet
        self.exact = exact
        self.rows = 0
        self.formula_count = 0
        self.formulas: list[tuple[int | None, str | None, str]] = []

    def feed(self, buf: bytes, final: bool = False) -> bytes:
        cut = len(buf) if final else buf.rfind(b"<row")
        if cut <= 0:
            if len(buf) <= 4 * CHUNK:
                return buf
            cut = len(buf)  # a single row larger than 4 MiB: count what we have
        has_formulas = buf.find(b"<f", 0, cut) != -1
        if not self.exact:
            self.rows += buf.count(b"</row>", 0, cut)
            if not has_formulas:
                return buf[cut:]
        for m in _ROW.finditer(buf, 0, cut):
            body = m.group(1)
            if not body:
                continue
            if self.exact and (_VALUE.search(body) or b"<f" in body):
                self.rows += 1
            if has_formulas and b"<f" in body:
                self._formulas(body)
        return buf[cut:]

    def _formulas(self, body: bytes) -> None:
        for fm in _FORMULA_CELL.finditer(body):
            self.formula_count += 1
            if len(self.formulas) < MAX_LISTED_FORMULAS:
                ref = _REF.search(fm.group(1))
                text = _unescape((fm.group(2) or b"").decode("utf-8", "replace"))
                text = "=" + text[:60] + ("…" if len(text) > 60 else "") if text else "="
                if ref:
                    self.formulas.append((int(ref.group(2)), ref.group(1).decode(), text))
                else:
                    self.formulas.append((None, None, text))


def _count_rows_exactly(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str) -> int:
    """Second pass over one worksheet part (already inflated once within the limits): rows with values."""
    scan = _SheetScan(sheet, exact=True)
    with archive.open(info) as stream:
        carry = b""
        while chunk := stream.read(CHUNK):
            carry = scan.feed(carry + chunk)
        scan.feed(carry, final=True)
    return scan.rows


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace(
        "&amp;", "&")
