"""Readers turn a file into a :class:`~citations.models.Source`.

The format comes from the extension unless the caller names one. Each reader module exposes
``read(path: str, data: bytes) -> Source`` and imports its heavy dependencies (lxml,
pdfminer) only when called, so ``citations --help`` stays fast.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from citations.errors import InputError, UnsupportedFormatError
from citations.models import Source

#: Largest document we read; larger files are almost certainly not manuscripts.
MAX_FILE_BYTES = 200 * 1024 * 1024

#: Format name → reader module (inside this package).
FORMATS: dict[str, str] = {
    "text": "text",
    "markdown": "markdown",
    "latex": "latex",
    "docx": "docx",
    "pdf": "pdf",
}

EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".ltx": "latex",
    ".docx": "docx",
    ".pdf": "pdf",
    ".bib": "bibtex",
    ".json": "csl-json",
    ".ris": "ris",
}

#: Bibliography formats: read as references directly (format → module, reader function).
BIBLIOGRAPHIES: dict[str, tuple[str, str]] = {
    "bibtex": ("citations.bibtex", "read_bibtex"),
    "csl-json": ("citations.csl", "read_csl"),
    "ris": ("citations.ris", "read_ris"),
}


def detect_format(path: str) -> str:
    """The format name for ``path`` from its extension (a symlink's target's, if it has none)."""
    suffix = Path(path).suffix.lower() or Path(path).resolve().suffix.lower()
    try:
        return EXTENSIONS[suffix]
    except KeyError:
        known = ", ".join(sorted(EXTENSIONS))
        raise UnsupportedFormatError(
            path,
            f"unknown file type {suffix or '(no extension)'!r}",
            f"use one of {known} or pass --input-format {{{','.join([*FORMATS, *BIBLIOGRAPHIES])}}}",
        ) from None


def read_bytes(path: str) -> bytes:
    """Read a file (already known to exist and not be a directory) with the checks every reader
    needs, as one-line :class:`InputError`."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                path,
                f"file is {size // (1024 * 1024)} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit",
                "split the document or pass only the manuscript",
            )
        data = p.read_bytes()
    except PermissionError:
        raise InputError(path, "permission denied", "make the file readable") from None
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror})", "check the path") from None
    if not data.strip():
        raise InputError(path, "file is empty", "pass the manuscript that holds the footnotes")
    return data


def read_stdin() -> bytes:
    """Standard input, with the same limits as a file."""
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            "<stdin>",
            f"more than {MAX_FILE_BYTES // (1024 * 1024)} MB on standard input",
            "pass the manuscript only",
        )
    if not data.strip():
        raise InputError("<stdin>", "standard input is empty", "pipe the manuscript text in")
    return data


def read(path: str, input_format: str | None = None, encoding: str | None = None) -> Source:
    """Read ``path`` as ``input_format`` (default: by extension; ``-`` is standard input, text
    unless a format is named)."""
    if path == "-":
        return _parse("<stdin>", read_stdin(), input_format or "text", encoding)
    _exists(path)
    fmt = input_format or detect_format(path)
    if fmt not in FORMATS:
        raise UnsupportedFormatError(
            path, f"unknown input format {fmt!r}", f"use one of {', '.join(FORMATS)}"
        )
    return _parse(path, read_bytes(path), fmt, encoding)


def _exists(path: str) -> None:
    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file", "check the path")
    if p.is_dir():
        raise InputError(path, "is a directory", "name the document files inside it")


def load(path: str) -> bytes:
    """The bytes of ``path`` (``-``: standard input), with every check a reader needs."""
    if path == "-":
        return read_stdin()
    _exists(path)
    return read_bytes(path)


def _parse(path: str, data: bytes, fmt: str, encoding: str | None) -> Source:
    module = importlib.import_module(f"citations.readers.{FORMATS[fmt]}")
    if fmt in ("text", "markdown", "latex"):
        return module.read(path, data, encoding=encoding)  # type: ignore[no-any-return]
    return module.read(path, data)  # type: ignore[no-any-return]
