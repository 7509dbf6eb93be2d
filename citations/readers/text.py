"""Plain text (typically extracted from a PDF) and the text decoding every text format shares."""

from __future__ import annotations

import codecs

from citations.errors import DecodeError, InputError
from citations.models import Source

#: A line longer than this is not manuscript text (minified data, a binary blob, a bad export).
MAX_LINE_CHARS = 100_000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _guess(data: bytes) -> str | None:
    """Best guess at a legacy encoding, to name in the error message."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - dependency is declared
        return None
    best = from_bytes(data[:200_000]).best()
    return best.encoding if best else None


def decode(path: str, data: bytes, encoding: str | None = None) -> str:
    """Bytes → text. UTF-8 (with or without BOM) and BOM-marked UTF-16/32 are read as such;
    anything else needs ``encoding`` — guessing silently would turn Cyrillic into mojibake."""
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise DecodeError(
                path, f"unknown encoding {encoding!r}", "pass a Python codec name such as cp1251"
            ) from None
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise DecodeError(path, f"not valid {encoding}", "check --encoding", line=line) from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise DecodeError(
                    path,
                    f"has a {codec} byte-order mark but invalid {codec} data",
                    "re-save the file as UTF-8",
                ) from None
    if data.startswith(b"%PDF-") or data.startswith(b"PK\x03\x04"):
        kind = "a PDF" if data.startswith(b"%PDF-") else "a zip package (DOCX?)"
        raise InputError(path, f"is {kind}, not text", "drop --input-format or name the right one")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(
            path,
            "contains NUL bytes: binary, not text",
            "pass the text, DOCX or PDF file of the manuscript",
            line=line,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess = _guess(data)
        hint = (
            f" (looks like {guess})"
            if guess and guess.lower().replace("_", "-") not in ("utf-8", "ascii")
            else ""
        )
        todo = (
            f"re-save it as UTF-8 or pass --encoding {guess}"
            if hint
            else "re-save it as UTF-8 or pass --encoding NAME"
        )
        raise DecodeError(path, f"not UTF-8{hint}", todo, line=line) from None


def split_lines(path: str, text: str) -> tuple[str, ...]:
    """Text → lines without their terminators, refusing absurdly long lines."""
    lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if lines and lines[-1] == "":
        lines = lines[:-1]
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                path,
                f"line is {len(line):,} characters long (limit {MAX_LINE_CHARS:,})",
                "this is not manuscript text; check the file or its extraction",
                line=number,
            )
    if not any(line.strip() for line in lines):
        raise InputError(path, "file has no text", "pass the manuscript that holds the footnotes")
    return lines


def read(path: str, data: bytes, encoding: str | None = None) -> Source:
    """Plain text: lines only; the footnote detector does the rest."""
    return Source(path=path, format="text", lines=split_lines(path, decode(path, data, encoding)))
