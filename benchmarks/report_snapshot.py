"""Snapshot of what a reader sees in written reports, to prove a speed change left them the same.

    .venv/bin/python benchmarks/report_snapshot.py take DIR SNAPSHOT.json   # every .docx/.pdf/.html in DIR
    .venv/bin/python benchmarks/report_snapshot.py compare DIR SNAPSHOT.json  # exit 1 and the differences

Per DOCX: the text of every body paragraph and table cell in document order, and each picture's alt text
(the comparison is byte for byte). Per PDF: the page count and each page's extracted text. Per HTML: the
text outside the inline charts, and the charts' SVG (a digest). Issue #17 asks for "byte-identical DOCX
text and the same pages" before and after making the reports faster; take the snapshot before.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path


def docx_text(path: Path) -> dict:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(path))
    lines: list[str] = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
                lines.append(" | ".join(cells))
    alts = [el.get("descr", "") for el in doc.element.body.iter(qn("wp:docPr"))]
    return {"text": lines, "picture_alts": alts}


def pdf_text(path: Path) -> dict:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return {"pages": len(reader.pages), "text": [page.extract_text() for page in reader.pages]}


def html_text(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    rest = re.sub(r"<svg.*?</svg>", "<svg/>", html, flags=re.S)
    return {"text": rest.splitlines(), "svg_sha256": [hashlib.sha256(s.encode()).hexdigest() for s in svgs]}


READERS = {".docx": docx_text, ".pdf": pdf_text, ".html": html_text}


def take(directory: Path) -> dict:
    return {p.name: READERS[p.suffix](p) for p in sorted(directory.iterdir()) if p.suffix in READERS}


def differences(before: dict, after: dict) -> list[str]:
    out = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            out.append(f"{name}: missing now")
        elif name not in before:
            out.append(f"{name}: not in the snapshot")
        else:
            for key in before[name]:
                if before[name][key] != after[name].get(key):
                    a, b = before[name][key], after[name].get(key)
                    where = ""
                    if isinstance(a, list) and isinstance(b, list):
                        first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
                        where = f" (first at item {first}: {a[first:first + 1]!r} vs {b[first:first + 1]!r})"
                    out.append(f"{name}: {key} differs{where}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["take", "compare"])
    parser.add_argument("directory", type=Path)
    parser.add_argument("snapshot", type=Path)
    args = parser.parse_args()
    now = take(args.directory)
    if args.action == "take":
        args.snapshot.write_text(json.dumps(now, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{len(now)} documents -> {args.snapshot}")
        return 0
    problems = differences(json.loads(args.snapshot.read_text(encoding="utf-8")), now)
    for line in problems:
        print(line)
    print(f"{len(now)} documents compared: {'same' if not problems else f'{len(problems)} differences'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
