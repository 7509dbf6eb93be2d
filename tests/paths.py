"""Paths the tests share: the bundled example, our synthetic manuscript and the real seed."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = ROOT / "citations" / "examples" / "manuscript.txt"
SEED = ROOT.parent / "shared" / "seed" / "000_51fac137fd3ceaee.txt"
SYNTHETIC = DATA / "synthetic_manuscript.txt"
