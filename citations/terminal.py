"""The text report on a terminal: the same lines as the plain listing, coloured with rich so
that severities and ``file:line`` locations stand out. Piped or redirected output, and
``NO_COLOR``, get the plain text unchanged (rich decides from the stream and environment)."""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.highlighter import RegexHighlighter
from rich.theme import Theme

THEME = Theme(
    {
        "report.location": "bold cyan",
        "report.error": "bold red",
        "report.warning": "yellow",
        "report.info": "blue",
        "report.code": "magenta",
        "report.dead": "bold red",
        "report.alive": "green",
        "report.unknown": "dim",
        "report.url": "underline",
    }
)


class ReportHighlighter(RegexHighlighter):
    """Marks what a reader scans for in each line of :func:`citations.report.to_text`."""

    base_style = "report."
    highlights = [  # noqa: RUF012 — rich reads this class attribute as is
        r"(?P<location>^\s*[^\s:]+(?::\d+)+:)",
        r"(?P<error>\berror\b) (?P<code>[a-z0-9]+(?:-[a-z0-9]+)*):",
        r"(?P<warning>\bwarning\b) (?P<code>[a-z0-9]+(?:-[a-z0-9]+)*):",
        r"(?P<info>\binfo\b) (?P<code>[a-z0-9]+(?:-[a-z0-9]+)*):",
        r"link:\s+(?P<alive>ok|redirected)\b",
        r"link:\s+(?P<dead>not-found|soft-404|redirect-to-home|dns|redirect-loop|moved)\b",
        r"link:\s+(?P<unknown>not-recorded|skipped)\b",
        r"(?P<url>https?://\S+)",
    ]


def write(text: str, stream: TextIO | None = None) -> None:
    """Print ``text``: coloured on a terminal, byte for byte otherwise."""
    stream = stream or sys.stdout
    if not stream.isatty():
        stream.write(text)
        stream.flush()
        return
    console = Console(file=stream, theme=THEME, highlighter=ReportHighlighter(), soft_wrap=True)
    for line in text.rstrip("\n").split("\n"):
        console.print(line, markup=False, emoji=False)
