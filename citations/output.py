"""Writing results: atomically to a file (temp file + rename) or to standard output."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from citations.errors import OutputError


def write_text(target: str, text: str) -> None:
    """Write ``text`` to ``target`` ('-' is stdout). A file is replaced atomically, so an
    interrupted run leaves the previous version intact, never a partial file."""
    if not text.endswith("\n"):
        text += "\n"
    if not target:
        raise OutputError("the output path is empty", "name a file, or '-' for standard output")
    if target == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # the reader closed the pipe: not an error of the output path
        except OSError as exc:
            raise OutputError(
                f"cannot write to standard output ({exc.strerror})", "check where it goes"
            ) from None
        return
    given = check_target(target)
    if given.exists() and not given.is_file():
        # A device or a pipe (/dev/stdout, a FIFO): write to it, never rename over it.
        try:
            with open(given, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write ({exc.strerror})", "choose another path") from None
        return
    path = Path(os.path.realpath(given))  # through a symlink: replace what it names, keep the link
    directory = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror})", "choose a writable location") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_target(target: str) -> Path:
    """The path ``target`` names, if a file can be written there; checked before long work
    (a network run) so that a typo in ``-o`` does not cost the whole run."""
    if not target:
        raise OutputError("the output path is empty", "name a file, or '-' for standard output")
    path = Path(target)
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"{target}: is a directory", "name a file to write")
    if not directory.is_dir():
        raise OutputError(
            f"{target}: directory {str(directory)!r} does not exist", "create it or choose another path"
        )
    return path
