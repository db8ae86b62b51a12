"""The reviewed Word copy rendered by LibreOffice, for the docs: docs/screenshots/docx-review.png.

    .venv/bin/python tests/make_docx_screenshot.py [OUTDIR]     # default: docs/screenshots

A drafter's Word file is made from corpus/yuncheng-2024.txt (title, headings with Word's
automatic 一、 numbering), audited, and written with ``--format docx``; LibreOffice (headless)
turns the copy into PDF and pdftoppm (poppler-utils) renders the page with the most comments. Debian:
``apt-get install libreoffice-writer-nogui fonts-wqy-microhei poppler-utils``.

LibreOffice 7.4 (Debian 12) exports Word comments as PDF comment annotations, drawn as a note
icon at each anchor; putting their text in the margin (``ExportNotesInMargin``) needs a later
LibreOffice. So the margin of the screenshot is drawn here (ImageMagick's ``convert``) from the
annotations LibreOffice exported: each comment's author and text, as LibreOffice read them from
the copy, at the height of the anchor where LibreOffice placed it. ``pdf_comments`` reads the
annotations back, so a test can check what LibreOffice made of the comments.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))


DPI = 80


def imagemagick() -> str | None:
    # Debian's ImageMagick, ahead of any other "convert" on the PATH
    return "/usr/bin/convert" if Path("/usr/bin/convert").exists() else shutil.which("convert")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def unavailable_reason() -> str | None:
    if soffice() is None:
        return "LibreOffice 未安装（apt-get install libreoffice-writer-nogui）"
    return None


def to_pdf(docx_path: Path, outdir: Path) -> Path:
    """The Word file as LibreOffice renders it, in PDF (comments as annotations)."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
                        "--outdir", str(outdir), str(docx_path)],
                       check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return outdir / (docx_path.stem + ".pdf")


def pdf_comments(pdf: Path) -> list[tuple[int, str, str]]:
    """(page number, author, text) of every comment annotation in the PDF."""
    from pypdf import PdfReader

    out = []
    for n, page in enumerate(PdfReader(str(pdf)).pages, 1):
        for ref in page.get("/Annots") or ():
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Text":
                out.append((n, str(annot.get("/T", "")), str(annot.get("/Contents", ""))))
    return out


def pdf_annotations(pdf: Path) -> dict[int, list[tuple[float, float, str, str]]]:
    """Page number → (x, y from the top, in points; author; text) of its comment annotations."""
    from pypdf import PdfReader

    out: dict[int, list[tuple[float, float, str, str]]] = {}
    for n, page in enumerate(PdfReader(str(pdf)).pages, 1):
        top = float(page.mediabox.top)
        for ref in page.get("/Annots") or ():
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Text":
                x0, _, _, y1 = (float(v) for v in annot["/Rect"])
                out.setdefault(n, []).append((x0, top - y1, str(annot.get("/T", "")),
                                              str(annot.get("/Contents", ""))))
    return out


def with_margin(page_png: Path, notes: list[tuple[float, float, str, str]], dpi: int,
                target: Path) -> None:
    """The rendered page with a margin on the right holding each comment's text at the height
    of its anchor, joined to it by a line, the way Word shows comments (ImageMagick)."""
    font = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    scale = dpi / 72
    width = 300
    work = page_png.parent
    args = [imagemagick(), str(page_png), "-background", "#f3f3f3", "-gravity", "west",
            "-extent", f"{_png_width(page_png) + width + 20}x{_png_height(page_png)}",
            "-gravity", "northwest"]
    bottom = 8
    lines = []
    for i, (x, y, author, text) in enumerate(sorted(notes, key=lambda n: n[1])):
        box = work / f"note{i}.png"
        subprocess.run([imagemagick(), "-size", f"{width}x", "-font", font, "-pointsize", "11",
                        "-background", "#fff4c2", "-bordercolor", "#e0a800", "-border", "1",
                        f"caption:{author.split(',')[0]}：{text}", str(box)], check=True, capture_output=True)
        top = max(int(y * scale), bottom)
        args += [str(box), "-geometry", f"+{_png_width(page_png) + 10}+{top}", "-composite"]
        lines.append(f"line {int(x * scale)},{int(y * scale) + 6} {_png_width(page_png) + 10},{top + 6}")
        bottom = top + _png_height(box) + 6
    for line in lines:
        args += ["-stroke", "#e0a800", "-draw", line]
    subprocess.run([*args, str(target)], check=True, capture_output=True)


def _png_width(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[16:20], "big")


def _png_height(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[20:24], "big")


def reviewed_draft(folder: Path) -> Path:
    """A Word draft of yuncheng-2024 and its reviewed copy; returns the copy."""
    from test_docx_review import word_like

    from auditor import load_pack
    from auditor.batch import audit_one
    from auditor.formats import Options
    from auditor.formats.docx import review

    draft, _ = word_like(folder / "云城区2024年法治政府建设报告.docx", "yuncheng-2024.txt")
    result = audit_one(str(draft), load_pack(), keep_document=True)
    copy = folder / "云城区2024年法治政府建设报告-审查.docx"
    copy.write_bytes(review(result, Options())[0])
    return copy


def generate(outdir: Path) -> Path:
    reason = unavailable_reason() or (None if shutil.which("pdftoppm") else
                                      "pdftoppm 未安装（apt-get install poppler-utils）") \
        or (None if imagemagick() else "ImageMagick 未安装（apt-get install imagemagick）")
    if reason:
        raise SystemExit(reason)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        copy = reviewed_draft(Path(tmp))
        pdf = to_pdf(copy, Path(tmp))
        notes = pdf_annotations(pdf)
        page = max(notes, key=lambda n: (len(notes[n]), -n))   # the page with most comments
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", str(page), "-l", str(page),
                        "-singlefile", str(pdf), str(Path(tmp) / "page")],
                       check=True, capture_output=True)
        target = outdir / "docx-review.png"
        with_margin(Path(tmp) / "page.png", notes[page], DPI, target)
    return target


if __name__ == "__main__":
    print(generate(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
