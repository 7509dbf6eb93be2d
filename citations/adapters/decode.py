"""Bytes of an HTML page to text, even when the page lies about (or keeps silent on) its charset.

Order of evidence: a byte-order mark (unambiguous, so it wins, as in the WHATWG encoding
sniffing algorithm), the Content-Type header, a ``<meta charset>`` / ``<meta http-equiv>`` /
XML declaration in the first 4 KB, then detection. A declared charset is checked against the
bytes: if strict decoding fails at more than a few places, or a single-byte charset is declared
for bytes that are valid multi-byte UTF-8, the declaration is wrong and detection decides.

Detection favours what Belarusian sites actually serve: UTF-8 when the bytes are valid UTF-8,
else windows-1251 (or KOI8-R) when the bytes read as plausible Cyrillic words, else
charset-normalizer's best guess, else windows-1252 (the web's historical default).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer
import ftfy

__all__ = ["decode_html", "repair_text"]

_PREFIX = 4096
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels Python does not know, or must not take literally (WHATWG: latin-1 means windows-1252).
_ALIASES = {
    "x-cp1251": "cp1251",
    "win-1251": "cp1251",
    "win1251": "cp1251",
    "windows1251": "cp1251",
    "cp-1251": "cp1251",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-user-defined": "cp1252",
    "unicode-1-1-utf-8": "utf-8",
    "utf8": "utf-8",
}
# Never honoured: UTF-7 enables script injection, and the rest are not text encodings of the web.
_REFUSED = frozenset(
    {
        "utf_7",
        "rot_13",
        "base64_codec",
        "hex_codec",
        "zlib_codec",
        "bz2_codec",
        "quopri_codec",
        "uu_codec",
        "idna",
        "punycode",
        "undefined",
    }
)
_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
_WIDE = re.compile(r"[^\x00-\x7f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MIXED = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")


def decode_html(body: bytes, content_type: str | None) -> str:
    """Decode an HTML response body to text; never raises.

    ``content_type`` is the raw Content-Type header value (or None). Undecodable bytes that
    remain after choosing the charset become U+FFFD.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    declared = _header_charset(content_type) or _document_charset(body[:_PREFIX])
    if declared is not None:
        text = _trust(body, declared)
        if text is not None:
            return text
    return _detect(body)


def repair_text(text: str) -> str:
    """Undo mojibake (UTF-8 read as windows-1251/1252/latin-1) where ftfy is sure, then NFC.

    ftfy changes text only when its badness heuristics call the text wrong and the repair
    makes it better, so correct Cyrillic, Latin and CJK text pass through unchanged.
    """
    if text.isascii():
        return text
    try:
        fixed = ftfy.fix_encoding(text)
    except Exception:  # a third-party heuristic must not break a whole page
        fixed = text
    return unicodedata.normalize("NFC", fixed)


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type.encode("latin-1", errors="replace"))
    return _codec(match.group(1)) if match else None


def _document_charset(prefix: bytes) -> str | None:
    declaration = _XML_DECL.match(prefix)
    if declaration:
        found = _codec(declaration.group(1))
        if found:
            return found
    for tag in _META.finditer(prefix):
        text = tag.group(0)
        match = _CHARSET_PARAM.search(text)
        if match is None:
            continue
        found = _codec(match.group(1))
        if found is None:
            continue
        # A meta tag readable as ASCII cannot really be UTF-16/32 (WHATWG: treat it as UTF-8).
        return "utf-8" if found.startswith(("utf_16", "utf_32")) else found
    return None


def _codec(label: bytes) -> str | None:
    name = label.decode("ascii", errors="ignore").strip().lower()
    name = _ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return None if codec in _REFUSED else codec


def _trust(body: bytes, codec: str) -> str | None:
    """The body decoded as declared, or None when the bytes show the declaration is wrong."""
    if not codec.startswith(("utf_8", "utf_16", "utf_32")) and _multibyte_utf8(body):
        return None  # valid multi-byte UTF-8 is never a coincidence in a single-byte page
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        text = body.decode(codec, errors="replace")
        bad = text.count("\ufffd")
        wide = len(_WIDE.findall(text))
        # A few broken bytes among many good characters are damage, not a wrong declaration;
        # a wrong one breaks nearly every non-ASCII character.
        return text if bad * 20 <= wide else None
    except (LookupError, ValueError, TypeError):  # a codec that is not a text encoding
        return None
    if text.count("\ufffd") > max(3, len(text) // 100):
        return None
    return text


def _multibyte_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(body: bytes) -> str:
    if _multibyte_utf8(body) or body.isascii():
        return body.decode("utf-8", errors="replace")
    cyrillic = _cyrillic_guess(body)
    if cyrillic is not None:
        return body.decode(cyrillic, errors="replace")
    try:
        matches = charset_normalizer.from_bytes(body[:262144])
        best = matches.best()
        # Candidates the detector cannot tell apart (short Latin text fits cp1250, cp1252, cp1257
        # equally) go to windows-1252, the web's default for undeclared pages.
        tied = {
            m.encoding
            for m in matches
            if best is not None and (m.chaos, m.coherence) == (best.chaos, best.coherence)
        }
        name = "cp1252" if "cp1252" in tied else best.encoding if best is not None else None
    except Exception:  # detection is a heuristic; a failure only means "no opinion"
        name = None
    codec = _codec(name.encode("ascii", errors="ignore")) if name else None
    return body.decode(codec or "cp1252", errors="replace")


def _cyrillic_guess(body: bytes) -> str | None:
    """windows-1251 or KOI8-R when the non-ASCII bytes read as Cyrillic words in one of them.

    Both map 0xC0-0xFF to Cyrillic letters (cp1251 lower case high, KOI8-R lower case low), so
    running text, mostly lower case, tells them apart. Misread Western text (``café`` as
    ``cafй``) is refused because its Cyrillic letters sit inside Latin words.
    """
    sample = body[:262144]
    scores: list[tuple[float, str]] = []
    for codec in ("cp1251", "koi8_r"):
        text = sample.decode(codec, errors="replace")
        wide = len(_WIDE.findall(text))
        letters = _CYRILLIC.findall(text)
        if not wide or len(letters) < 0.8 * wide:
            continue
        if len(_MIXED.findall(text)) > 0.05 * len(letters):
            continue
        lower = sum(1 for ch in letters if ch.islower()) / len(letters)
        # UTF-8 Cyrillic misread as cp1251 is half capitals (Р, С); real prose is mostly lower case.
        if lower >= 0.6:
            scores.append((lower, codec))
    if not scores:
        return None
    return max(scores)[1]
