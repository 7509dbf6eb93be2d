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

from citations.detect import CALL_RE, detect
from citations.output import write_text

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT.parent / "shared" / "seed" / "000_51fac137fd3ceaee.txt"
TARGET = ROOT / "citations" / "examples" / "manuscript.txt"


def body_stub(line: str, numbers: set[int]) -> str:
    """A body line reduced to its indentation, an ellipsis and its call markers, each kept with
    the characters around it that make it a marker (``"2 .``, ``. 56Il``, ``" . 97`` at the end)."""
    indent = line[: len(line) - len(line.lstrip())]
    out = indent
    end = len(indent)
    for m in CALL_RE.finditer(line):
        value = next((g for g in m.groups() if g), None)
        if not value or int(value) not in numbers:
            continue
        start = max(m.start() - (2 if m.group("n4") else 1), end)
        stop = min(m.end() + 2, len(line))
        out += ("" if start == len(indent) else "…") + line[start:stop]
        end = stop
    if line[end:].strip() or end == len(indent):
        out += "…" if out == indent or out.endswith(" ") else " …"
    return out.rstrip() if line[end:].strip() == "" and end > len(indent) else out


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
