"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import SEED


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The real example manuscript from ../shared; tests using it skip when it is absent."""
    if not SEED.is_file():
        pytest.skip(f"seed manuscript not present at {SEED}")
    return SEED
