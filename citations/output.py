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
    write_bytes(check_target(target), text.encode("utf-8"))


def write_bytes(target: Path, data: bytes, *, expect: bytes | None = None) -> None:
    """Replace the file ``target`` with ``data`` through a temporary file and a rename, so an
    interrupted run leaves the previous version intact. A symlink is written through (the link
    stays); a device or pipe (``/dev/stdout``, a FIFO) is written to, never renamed over. With
    ``expect``, refuse if the file no longer holds those bytes (someone edited it meanwhile)."""
    if target.exists() and not target.is_file():
        try:
            with open(target, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write ({exc.strerror or exc})", "choose another path") from None
        return
    path = Path(os.path.realpath(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror})", "choose a writable location") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if expect is not None and path.read_bytes() != expect:
            raise OutputError(f"{target}: changed while it was being written", "run the command again")
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(
            f"{target}: cannot write ({exc.strerror or exc})",
            "check the disk and permissions; the previous file is intact",
        ) from None
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
