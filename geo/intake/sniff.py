"""What a file really is, from its first bytes, before any parser sees it.

People rename files ("bao cao.xls" that is an .xlsx, a CSV saved as .xlsx)
and systems export HTML tables named .xls. Parsers given the wrong thing
fail with messages no office worker can act on, so the content decides:
the extension only has to be one we accept, and a mismatch is reported as a
notice. Everything that is not a spreadsheet gets a clear error key,
including a workbook encrypted with a password (an OLE compound file holding
an "EncryptedPackage" stream, which is how Excel stores it).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from geo.intake.reasons import IntakeError

ACCEPTED_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".csv")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# Signatures of common non-spreadsheet files, to name them in the message.
_SIGNATURES = (
    (b"%PDF", "PDF"), (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
    (b"Rar!", "RAR"), (b"7z\xbc\xaf", "7-Zip"), (b"\x1f\x8b", "gzip"), (b"MZ", "EXE"),
    (b"\x7fELF", "ELF"), (b"{\\rtf", "RTF"), (b"BM", "BMP"),
)


@dataclass(frozen=True)
class Sniffed:
    """What a file really is, whatever its name says.

    kind: "xlsx" | "xls" | "csv"; extension: as given (lower case, with the dot).
    """
    kind: str
    extension: str

    @property
    def mismatch(self) -> bool:
        """The name says another kind than the bytes are (an .xls saved as HTML, a .csv that is
        really a workbook): read as what it is, and tell the clerk, who may have picked the wrong file."""
        expected = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".csv": "csv"}.get(self.extension)
        return expected is not None and expected != self.kind


def extension_of(filename: str) -> str:
    return PurePath(filename or "").suffix.lower()


def sniff(data: bytes, filename: str) -> Sniffed:
    """The kind of spreadsheet in `data`, or IntakeError saying why it is none."""
    ext = extension_of(filename)
    if ext not in ACCEPTED_EXTENSIONS and ext != "":
        raise IntakeError("unsupported_extension", ext=ext)
    if not data or not data.strip():
        raise IntakeError("file_empty")
    head = data[:8]
    if head.startswith(b"PK"):
        return Sniffed(_zip_kind(data), ext)
    if head == _OLE:
        if _ENCRYPTED_STREAM in data[:1 << 20] or _ENCRYPTED_STREAM in data[-(1 << 20):]:
            raise IntakeError("encrypted_workbook")
        return Sniffed("xls", ext)
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            raise IntakeError("not_a_spreadsheet", detected=name)
    text_start = _text_start(data)
    if text_start is None:
        raise IntakeError("not_a_spreadsheet", detected="binary")
    lowered = text_start.lstrip().lower()
    if lowered.startswith(("<html", "<!doctype html", "<table", "<meta", "<head", "<body", "<style")):
        raise IntakeError("resave_as_xlsx", format="HTML")
    if lowered.startswith("<?xml"):
        kind = "Excel XML 2003" if "urn:schemas-microsoft-com:office:spreadsheet" in lowered else "XML"
        raise IntakeError("resave_as_xlsx", format=kind)
    return Sniffed("csv", ext)


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise IntakeError("corrupt_workbook", detail="ZIP") from exc
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
            raise IntakeError("resave_as_xlsx", format="Excel Binary (.xlsb)")
        return "xlsx"
    if "spreadsheet" in mimetype:
        raise IntakeError("resave_as_xlsx", format="OpenDocument (.ods)")
    if "word/document.xml" in names:
        raise IntakeError("not_a_spreadsheet", detected="Word (.docx)")
    if "ppt/presentation.xml" in names:
        raise IntakeError("not_a_spreadsheet", detected="PowerPoint (.pptx)")
    if mimetype:
        raise IntakeError("not_a_spreadsheet", detected=mimetype)
    raise IntakeError("not_a_spreadsheet", detected="ZIP")


def _text_start(data: bytes) -> str | None:
    """The start of `data` as text if it looks like text (any of the CSV encodings), else None."""
    sample = data[:65536]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return sample[2:].decode("utf-16", "replace")[:4096]
    if len(sample) >= 4:
        even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
        odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
        if odd_nul > 0.3 and even_nul < 0.05:
            return sample.decode("utf-16-le", "replace")[:4096]
        if even_nul > 0.3 and odd_nul < 0.05:
            return sample.decode("utf-16-be", "replace")[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if controls > max(2, len(sample) // 100):
        return None
    return sample.decode("latin-1")[:4096]
