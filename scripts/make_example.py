"""Regenerate the bundled example ``citations/examples/manuscript.txt`` from the real seed.

The example keeps the seed's footnote lines verbatim (they are the data the tool is about) and
its layout (line numbers, blank lines, separators, indentation, interleaving), but replaces the
monograph's prose with "…", keeping only each body line's footnote call marker as written
(``…"2 .``). Usage::

    python scripts/make_example.py [../shared/seed/000_51fac137fd3ceaee.txt]
"""

from __future__ import annotations

import sys
from pathlib import Path

from citations.detect import _CALL_RE, detect
from citations.output import write_text

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT.parent / "shared" / "seed" / "000_51fac137fd3ceaee.txt"
TARGET = ROOT / "citations" / "examples" / "manuscript.txt"


def body_stub(line: str, numbers: set[int]) -> str:
    """A body line reduced to its indentation, an ellipsis and its call markers."""
    indent = line[: len(line) - len(line.lstrip())]
    markers = []
    for m in _CALL_RE.finditer(line):
        value = next((g for g in m.groups() if g), None)
        if value and int(value) in numbers:
            start = max(m.start() - (2 if m.group("n4") else 1), 0)
            markers.append(line[start : m.end() + 2].rstrip())
    if line.lstrip()[:1].isdigit() and markers and line.lstrip().startswith(markers[0]):
        return indent + " ".join(markers) + " …"
    return indent + "…" + "".join(markers) + (" …" if markers else "")


def main(seed: Path) -> None:
    lines = seed.read_text(encoding="utf-8").split("\n")
    found = detect(lines)
    note_lines = {frag.line for fn in found.footnotes for frag in fn.fragments}
    calls: dict[int, set[int]] = {}
    for call in found.calls:
        calls.setdefault(call.line, set()).add(call.number)
    out = []
    for number, line in enumerate(lines, 1):
        if number in note_lines or not line.strip() or line.strip().isdigit():
            out.append(line)
        else:
            out.append(body_stub(line, calls.get(number, set())))
    text = "\n".join(out)
    write_text(str(TARGET), text if text.endswith("\n") else text + "\n")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(found.footnotes)} footnotes, {len(found.calls)} calls")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SEED)
