"""Worst-case input lines: each adversarial 99,000-character line, through the detector and the
GOST parser, timed next to a plain prose line of the same length (the baseline). A pattern that
made a regular expression backtrack would show here as a ratio of hundreds.

    python bench/adversarial.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citations import gost
from citations.detect import detect
from citations.readers.markdown import plain

SIZE = 99_000
PATTERNS = {
    "plain prose (baseline)": "Le texte du corps continue ici avec une phrase. ",
    "lead-ins 'voir a : '": "voir a : ",
    "author-like 'Ab. Cd, E. '": "Ab. Cd, E. ",
    "URLs after lead-ins": "see: http://a.by ",
    "blank run after a year": " ",
    "medium designations": "[Text] ",
    "open brackets": "[",
    "letters only": "Ab",
    "closing parentheses": ")",
    "area separators '- '": "- ",
    "slashes '/ '": "/ ",
    "access-date openings": "(дата обращения ",
    "slug hyphens 'a-'": "a-",
    "emphasis markers '*a '": "*a ",
}
PREFIX = "1 Titre [Ressource électronique]. - 2023. - URL : https://www.belta.by/economics/view/x-"


def run(line: str) -> float:
    t0 = time.perf_counter()
    detect([PREFIX, line, "1 Title 2020" + line])
    gost.parse(line)
    plain(line)
    return time.perf_counter() - t0


def main() -> None:
    lines = {name: (unit * (SIZE // len(unit) + 1))[:SIZE] for name, unit in PATTERNS.items()}
    base = run(lines["plain prose (baseline)"])
    print(f"{'pattern':32s} {'seconds':>8s} {'ratio':>7s}")
    for name, line in lines.items():
        took = run(line)
        print(f"{name:32s} {took:8.3f} {took / base:6.1f}x")


if __name__ == "__main__":
    main()
