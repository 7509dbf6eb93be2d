"""The exception tree. Each user-facing error names its file (and line) and what to do.

    CitationsError                 exit 1 (internal / unexpected)
    ├── InputError                 exit 4: a document cannot be read
    │   ├── UnsupportedFormatError
    │   └── DecodeError
    └── OutputError                exit 4: a result cannot be written

Exit code 2 is click's usage error; 3 is reserved for "findings at or above --fail-on".
"""

from __future__ import annotations


class CitationsError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 1

    def __init__(self, what: str, todo: str = "") -> None:
        self.what = what
        self.todo = todo
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.what} — {self.todo}" if self.todo else self.what


class InputError(CitationsError):
    """A document cannot be read: ``path[:line]: what — what to do``."""

    exit_code = 4

    def __init__(self, path: str, what: str, todo: str = "", line: int | None = None) -> None:
        self.path = path
        self.line = line
        super().__init__(what, todo)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {super().__str__()}"


class UnsupportedFormatError(InputError):
    """The file's format is not one we read."""


class DecodeError(InputError):
    """The bytes are not text in any encoding we accept."""


class OutputError(CitationsError):
    """A result cannot be written (unwritable path, full disk, closed standard output)."""

    exit_code = 4


EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_FINDINGS = 3
EXIT_INPUT = 4
