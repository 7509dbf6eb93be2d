"""Configuration files: ``citations.toml``, or ``[tool.citations]`` in ``pyproject.toml``.

The file is looked up from the document's directory upwards; in each directory
``citations.toml`` is tried before ``pyproject.toml`` (which counts only when it has a
``[tool.citations]`` table), and the search stops at a directory holding ``.git`` (after
looking in it) or at the filesystem root. The nearest file wins whole: files are never merged.
``citations.toml`` has the same keys as ``[tool.citations]``, at its top level::

    house-scheme = "wikipedia"
    fail-on = "warning"
    contact = "editor@example.org"
    cassette = "cassettes/links.yaml"     # relative to the file
    timeout = 20
    archive = false
    cache-dir = ".cache/citations"        # relative to the file

    [politeness."*"]
    min-interval = 1
    [politeness."belta.by"]
    min-interval = 2
    concurrency = 1

    [[ignore]]
    code = "name-variant"
    footnote = 14
    reason = "the author's own spelling, agreed with the editor"

Precedence, highest first: command-line flags (and environment variables click reads), the
configuration file, the built-in defaults (see :func:`merge`).
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any

from click.core import Context, ParameterSource

from citations.errors import InputError
from citations.models import DocumentResult, Finding

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILE = "citations.toml"
PYPROJECT = "pyproject.toml"
FAIL_ON = ("error", "warning", "never")
#: Same floor as the command line's --timeout: less than this can never fetch a page.
MIN_TIMEOUT = 0.1

#: Every key of [tool.citations] (and of citations.toml's top level).
KEYS = (
    "house-scheme",
    "fail-on",
    "contact",
    "cassette",
    "timeout",
    "archive",
    "cache-dir",
    "politeness",
    "ignore",
)
POLITENESS_KEYS = ("min-interval", "concurrency")
IGNORE_KEYS = ("code", "reason", "footnote", "path", "line")
#: The politeness entry that applies to every host not named.
ANY_HOST = "*"


@dataclass(frozen=True)
class IgnoreRule:
    """An acknowledged finding: ``code`` (a glob: ``"*"`` is every code), narrowed by the
    footnote number, the document ``path`` (a glob) and the ``line`` when given.

    ``root`` is the directory of the configuration file the rule came from: the rule applies
    only to documents under it, and ``path`` is matched against the document's path relative
    to it (and also as given, and as its bare file name when the glob has no ``/``).
    """

    code: str
    reason: str
    footnote: int | None = None
    path: str | None = None
    line: int | None = None
    root: str | None = None

    def matches(self, finding: Finding, document: str, footnote: int | None = None) -> bool:
        """Whether this rule acknowledges ``finding`` in ``document``; ``footnote`` is the
        footnote it concerns when the finding does not say (its reference's number)."""
        if not fnmatch.fnmatchcase(finding.code, self.code):
            return False
        number = finding.footnote if finding.footnote is not None else footnote
        if self.footnote is not None and number != self.footnote:
            return False
        if self.line is not None and finding.line != self.line:
            return False
        return self._covers(document)

    def _covers(self, document: str) -> bool:
        names = [PurePath(document).as_posix()]
        if self.root is not None:
            # A rule in chapters/citations.toml says nothing about documents elsewhere.
            try:
                relative = Path(os.path.realpath(document)).relative_to(os.path.realpath(self.root))
            except ValueError:
                return False
            names.append(relative.as_posix())
        if self.path is None:
            return True
        if "/" not in self.path:
            names.append(PurePath(document).name)
        return any(fnmatch.fnmatchcase(name, self.path) for name in names)


@dataclass(frozen=True)
class Config:
    """What a configuration file says; ``None`` (or empty) where it says nothing.

    ``min_interval`` and ``concurrency`` map a host (or ``"*"``, every other host) to its
    value; ``cassette`` and ``cache_dir`` are absolute; ``source`` is the file read.
    """

    house_scheme: str | None = None
    fail_on: str | None = None
    contact: str | None = None
    cassette: str | None = None
    timeout: float | None = None
    min_interval: dict[str, float] = field(default_factory=dict)
    concurrency: dict[str, int] = field(default_factory=dict)
    archive: bool | None = None
    cache_dir: str | None = None
    ignore: tuple[IgnoreRule, ...] = ()
    source: str | None = None


# --------------------------------------------------------------------------- finding the file


def find(start: str | Path) -> Path | None:
    """The configuration file that governs ``start`` (a document or a directory; ``-`` is the
    current directory), or None."""
    path = Path.cwd() if str(start) == "-" else Path(os.path.abspath(start))
    directory = path if path.is_dir() else path.parent
    for folder in (directory, *directory.parents):
        own = folder / CONFIG_FILE
        if own.is_file():
            return own
        project = folder / PYPROJECT
        if project.is_file() and _has_table(project):
            return project
        if (folder / ".git").exists():  # the repository's root: above it is someone else's
            break
    return None


def load(start: str | Path) -> Config:
    """The configuration for ``start`` (see :func:`find`); an empty :class:`Config` when no file
    applies. Raises :class:`~citations.errors.InputError` (exit 4) for an unreadable or invalid file."""
    found = find(start)
    return load_file(found) if found else Config()


def load_for(documents: Sequence[str]) -> Config:
    """One configuration for a run over ``documents`` (the current directory's when none is
    given). Documents governed by different files cannot share a run's settings: that is an
    InputError naming both files."""
    sources: dict[Path | None, str] = {}
    for doc in documents or ["-"]:
        sources.setdefault(find(doc), doc)
    if len(sources) > 1:
        named = [f"{doc} → {path or 'no file'}" for path, doc in sources.items()]
        raise InputError(
            documents[0],
            "the documents are governed by different configuration files: " + "; ".join(named),
            "check them in separate runs, or move the settings into one file at the common root",
        )
    found = next(iter(sources))
    return load_file(found) if found else Config()


def load_file(path: str | Path) -> Config:
    """Read and validate one ``citations.toml`` or ``pyproject.toml``."""
    path = Path(path)
    text = _read(path)
    data = _parse(path, text)
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        table = tool.get("citations", {}) if isinstance(tool, dict) else {}
        checker = _Checker(path, text, "tool.citations")
    else:
        table = data
        checker = _Checker(path, text, "")
    return checker.config(table)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text", "save it as UTF-8 (TOML requires it)") from None
    except OSError as exc:
        raise InputError(
            str(path), f"cannot be read ({exc.strerror or exc})", "check its permissions"
        ) from None


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = re.search(r"\s*\(at line (\d+), column \d+\)", message)
        line = int(where.group(1)) if where else getattr(exc, "lineno", None)
        what = message[: where.start()] if where else message
        raise InputError(str(path), f"not valid TOML: {what}", "fix the syntax", line) from None


def _has_table(pyproject: Path) -> bool:
    text = _read(pyproject)
    if "citations" not in text:  # most pyproject.toml files: no need to parse them
        return False
    tool = _parse(pyproject, text).get("tool")
    return isinstance(tool, dict) and "citations" in tool


# --------------------------------------------------------------------------- validation


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, str):
        return f"a string ({value!r})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def _quote(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else f'"{key}"'


class _Checker:
    """Validates one file's table, naming the file, the line and the table in every error."""

    def __init__(self, path: Path, text: str, prefix: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.prefix = prefix  # "tool.citations" in pyproject.toml, "" in citations.toml
        self.root = path.parent.absolute()

    # -- messages and lines

    def table(self, section: tuple[str, ...]) -> str:
        parts = [self.prefix] if self.prefix else []
        parts += [_quote(s) for s in section if not s.isdigit()]
        if section and section[0] == "ignore":
            entry = f" entry {int(section[1]) + 1}" if len(section) > 1 else ""
            return f"[[{'.'.join(parts)}]]{entry}"
        return f"[{'.'.join(parts)}]" if parts else self.path.name

    def fail(self, what: str, todo: str, section: tuple[str, ...], key: str | None = None) -> InputError:
        return InputError(str(self.path), what, todo, self.line_of(section, key))

    def line_of(self, section: tuple[str, ...], key: str | None) -> int | None:
        """Best effort: the line of ``key`` within ``section`` (or of the section itself)."""
        pre = r"(?:tool\.citations\.)?" if self.prefix else ""
        start = self._first(r"^\s*\[\s*tool\.citations\s*[\].]", 0) if self.prefix else None
        if section[:1] == ("politeness",):
            start = self._narrow(rf"^\s*\[\s*{pre}politeness\b", start)
            if len(section) > 1:
                host = re.escape(section[1])
                start = self._narrow(rf"^\s*\[\s*{pre}politeness\s*\.\s*[\"']?{host}[\"']?\s*\]", start)
        elif section[:1] == ("ignore",):
            headers = [
                k for k, text in enumerate(self.lines) if re.match(rf"^\s*\[\[\s*{pre}ignore\s*\]\]", text)
            ]
            if len(section) > 1 and int(section[1]) < len(headers):
                start = headers[int(section[1])]
            else:  # an inline array: ignore = [{...}, ...]
                start = self._narrow(r"(?:^|[\s.])ignore\s*=", start)
        if key is not None:
            quoted = re.escape(key)
            found = self._first(rf"(?:^|[\s{{,.])[\"']?{quoted}[\"']?\s*=", start or 0)
            if found is None:  # a table of that name
                found = self._first(rf"^\s*\[+\s*{pre}{quoted}\b", start or 0)
            if found is not None:
                return found + 1
        return start + 1 if start is not None else None

    def _narrow(self, pattern: str, start: int | None) -> int | None:
        found = self._first(pattern, start or 0)
        return found if found is not None else start

    def _first(self, pattern: str, start: int) -> int | None:
        regex = re.compile(pattern)
        return next((k for k in range(start, len(self.lines)) if regex.search(self.lines[k])), None)

    # -- typed getters

    def known(self, table: Mapping[str, Any], valid: Sequence[str], section: tuple[str, ...]) -> None:
        for key in table:
            if key not in valid:
                close = difflib.get_close_matches(key.replace("_", "-"), valid, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise self.fail(
                    f"unknown key {key!r} in {self.table(section)}",
                    f"{hint}valid keys: {', '.join(valid)}",
                    section,
                    key,
                )

    def wrong(self, key: str, value: object, expected: str, section: tuple[str, ...]) -> InputError:
        return self.fail(
            f"{key!r} in {self.table(section)} must be {expected}, not {_describe(value)}",
            f"write e.g. {key} = {_EXAMPLES.get(key, '…')}",
            section,
            key,
        )

    def string(self, table: Mapping[str, Any], key: str, section: tuple[str, ...]) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.wrong(key, value, "a non-empty string", section)
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            # It may end up in an HTTP header (contact) or a file name: no control characters.
            raise self.fail(
                f"{key!r} in {self.table(section)} contains a control character", "remove it", section, key
            )
        return value.strip()

    def number(
        self, table: Mapping[str, Any], key: str, section: tuple[str, ...], minimum: float
    ) -> float | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.wrong(key, value, "a number", section)
        if not value >= minimum:  # also refuses nan
            raise self.fail(
                f"{key!r} in {self.table(section)} must be at least {minimum:g}, not {value}",
                f"write e.g. {key} = {_EXAMPLES.get(key, minimum)}",
                section,
                key,
            )
        return float(value)

    def integer(
        self, table: Mapping[str, Any], key: str, section: tuple[str, ...], minimum: int
    ) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong(key, value, "a whole number", section)
        if value < minimum:
            raise self.fail(
                f"{key!r} in {self.table(section)} must be at least {minimum}, not {value}",
                f"write e.g. {key} = {_EXAMPLES.get(key, minimum)}",
                section,
                key,
            )
        return value

    def required(self, table: Mapping[str, Any], key: str, section: tuple[str, ...]) -> str:
        value = self.string(table, key, section)
        if value is None:
            raise self.fail(
                f"{self.table(section)} has no {key!r}",
                "every ignore rule names the finding's code and says why it is acknowledged",
                section,
            )
        return value

    def choice(self, table: Mapping[str, Any], key: str, valid: Iterable[str]) -> str | None:
        value = self.string(table, key, ())
        valid = list(valid)
        if value is not None and value not in valid:
            close = difflib.get_close_matches(value.lower().replace("_", "-"), valid, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise self.fail(
                f"{key!r} in {self.table(())} is {value!r}, which is not one of the choices",
                f"{hint}valid: {', '.join(valid)}",
                (),
                key,
            )
        return value

    def location(self, table: Mapping[str, Any], key: str) -> str | None:
        """A path written relative to the configuration file, made absolute."""
        value = self.string(table, key, ())
        return None if value is None else str(self.root / Path(value).expanduser())

    # -- the tables

    def config(self, table: object) -> Config:
        if not isinstance(table, dict):
            raise self.fail(f"{self.table(())} must be a table, not {_describe(table)}", "see the README", ())
        self.known(table, KEYS, ())
        from citations.translit import SCHEMES  # builds the scheme registry: only with a file to check

        archive = table.get("archive")
        if archive is not None and not isinstance(archive, bool):
            raise self.wrong("archive", archive, "true or false", ())
        intervals, concurrency = self.politeness(table.get("politeness"))
        return Config(
            house_scheme=self.choice(table, "house-scheme", SCHEMES),
            fail_on=self.choice(table, "fail-on", FAIL_ON),
            contact=self.string(table, "contact", ()),
            cassette=self.location(table, "cassette"),
            timeout=self.number(table, "timeout", (), MIN_TIMEOUT),
            min_interval=intervals,
            concurrency=concurrency,
            archive=archive,
            cache_dir=self.location(table, "cache-dir"),
            ignore=self.ignores(table.get("ignore")),
            source=str(self.path),
        )

    def politeness(self, table: object) -> tuple[dict[str, float], dict[str, int]]:
        intervals: dict[str, float] = {}
        concurrency: dict[str, int] = {}
        if table is None:
            return intervals, concurrency
        if not isinstance(table, dict):
            raise self.wrong("politeness", table, 'a table of hosts, e.g. [politeness."belta.by"]', ())
        from citations.net.politeness import host_key

        seen: dict[str, str] = {}
        for name, policy in table.items():
            section = ("politeness", name)
            host = name.strip().lower()
            if host != ANY_HOST:
                if not host or re.search(r"[\s/=@]", host):
                    raise self.fail(
                        f"{name!r} in {self.table(('politeness',))} is not a host name",
                        'name a host such as "belta.by" (it covers its subdomains), or "*" for every other host',
                        section,
                    )
                host = host_key(host)
            if host in seen:
                raise self.fail(
                    f"{name!r} and {seen[host]!r} in {self.table(('politeness',))} are the same host",
                    "keep one of them",
                    section,
                )
            seen[host] = name
            if not isinstance(policy, dict):
                raise self.wrong(
                    name, policy, "a table with min-interval and/or concurrency", ("politeness",)
                )
            self.known(policy, POLITENESS_KEYS, section)
            interval = self.number(policy, "min-interval", section, 0)
            slots = self.integer(policy, "concurrency", section, 1)
            if interval is not None:
                intervals[host] = interval
            if slots is not None:
                concurrency[host] = slots
        return intervals, concurrency

    def ignores(self, entries: object) -> tuple[IgnoreRule, ...]:
        if entries is None:
            return ()
        if not isinstance(entries, list):
            raise self.wrong("ignore", entries, "an array of tables ([[ignore]] entries)", ())
        rules = []
        for k, entry in enumerate(entries):
            section = ("ignore", str(k))
            if not isinstance(entry, dict):
                raise self.fail(
                    f"{self.table(section)} must be a table, not {_describe(entry)}",
                    'write e.g. { code = "name-variant", footnote = 14, reason = "…" }',
                    section,
                )
            self.known(entry, IGNORE_KEYS, section)
            code, reason = (self.required(entry, key, section) for key in ("code", "reason"))
            rules.append(
                IgnoreRule(
                    code=code,
                    reason=reason,
                    footnote=self.integer(entry, "footnote", section, 1),
                    path=self.string(entry, "path", section),
                    line=self.integer(entry, "line", section, 1),
                    root=str(self.root),
                )
            )
        return tuple(rules)


_EXAMPLES = {
    "house-scheme": '"wikipedia"',
    "fail-on": '"error"',
    "contact": '"editor@example.org"',
    "cassette": '"cassettes/links.yaml"',
    "cache-dir": '".cache/citations"',
    "timeout": "30",
    "archive": "true",
    "min-interval": "2",
    "concurrency": "1",
    "code": '"name-variant"',
    "reason": '"agreed with the editor"',
    "footnote": "14",
    "path": '"chapters/*.md"',
    "line": "120",
}


# --------------------------------------------------------------------------- precedence

#: Config field → the click parameter it supplies (same name on every command that has it).
_OPTIONS = ("house_scheme", "fail_on", "contact", "cassette", "timeout", "archive", "cache_dir")
#: Where a value comes from the user rather than from a default: these beat the file.
_GIVEN = frozenset({ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT, ParameterSource.PROMPT})


def given(source: ParameterSource | None) -> bool:
    """Whether a parameter's value was chosen by the user (flag, environment, prompt)."""
    return source in _GIVEN


def parameter_sources(ctx: Context, names: Iterable[str]) -> dict[str, ParameterSource | None]:
    """``ctx.get_parameter_source`` for each name: the second argument of :func:`merge`."""
    return {name: ctx.get_parameter_source(name) for name in names}


def merge(
    options: Mapping[str, Any], sources: Mapping[str, ParameterSource | None], config: Config
) -> dict[str, Any]:
    """``options`` (click's keyword arguments) with the configuration filled in.

    Only parameters present in ``options`` are touched, so every command can pass its own.
    A single-valued option the user gave (command line, environment, prompt) keeps its value;
    one left at its default takes the file's value when the file has one. The politeness
    options (``min_interval``, ``concurrency``: ``[HOST=]VALUE`` items) combine instead: the
    file's items come first and the command line's after, so a host named on the command line
    wins. A cassette from the file is dropped when the command line asks for ``--online``
    without ``--record`` (flags beat the file; together they would be a usage error).
    """
    out = dict(options)
    filled: set[str] = set()
    for name in _OPTIONS:
        value = getattr(config, name)
        if value is not None and name in out and not given(sources.get(name)):
            out[name] = value
            filled.add(name)
    if "min_interval" in out:
        out["min_interval"] = (*_items(config.min_interval), *tuple(out["min_interval"] or ()))
    if "concurrency" in out:
        out["concurrency"] = (*_items(config.concurrency), *tuple(out["concurrency"] or ()))
    if (
        "cassette" in filled
        and out.get("offline") is False
        and given(sources.get("offline"))
        and not out.get("record")
    ):
        out["cassette"] = options["cassette"]
    return out


def _items(values: Mapping[str, float] | Mapping[str, int]) -> list[str]:
    """The command line's spelling; every-host first, since the CLI applies items in order."""
    default = [f"{values[ANY_HOST]:g}"] if ANY_HOST in values else []
    return default + [f"{host}={values[host]:g}" for host in sorted(values) if host != ANY_HOST]


# --------------------------------------------------------------------------- ignore rules


def apply_ignores(
    results: Sequence[DocumentResult], rules: Sequence[IgnoreRule]
) -> tuple[list[DocumentResult], list[tuple[Finding, IgnoreRule]]]:
    """Drop the findings the rules acknowledge, from the references and from the documents;
    return the new results and each dropped finding with the first rule that matched it."""
    if not rules:
        return list(results), []
    out: list[DocumentResult] = []
    ignored: list[tuple[Finding, IgnoreRule]] = []
    for result in results:
        owner = {id(f): ref.n for ref in result.references for f in ref.findings}
        dropped: list[Finding] = []

        def rule_for(finding: Finding, footnote: int | None, path: str = result.path) -> IgnoreRule | None:
            return next((rule for rule in rules if rule.matches(finding, path, footnote)), None)

        def note(finding: Finding, rule: IgnoreRule, dropped: list[Finding] = dropped) -> None:
            # A reference's finding is usually also in the document's list: report it once.
            if not any(finding is seen or finding == seen for seen in dropped):
                dropped.append(finding)
                ignored.append((finding, rule))

        references = []
        for ref in result.references:
            keep = []
            for finding in ref.findings:
                rule = rule_for(finding, ref.n)
                if rule is None:
                    keep.append(finding)
                else:
                    note(finding, rule)
            references.append(ref if len(keep) == len(ref.findings) else replace(ref, findings=tuple(keep)))
        findings = []
        for finding in result.findings:
            footnote = owner.get(id(finding))
            if footnote is None:  # an equal copy rather than the same object
                footnote = next((ref.n for ref in result.references if finding in ref.findings), None)
            rule = rule_for(finding, footnote)
            if rule is None:
                findings.append(finding)
            else:
                note(finding, rule)
        out.append(replace(result, references=tuple(references), findings=tuple(findings)))
    return out, ignored


def unused(rules: Sequence[IgnoreRule], ignored: Sequence[tuple[Finding, IgnoreRule]]) -> list[IgnoreRule]:
    """The rules that matched nothing: the finding was fixed, so the rule can go."""
    used = [rule for _, rule in ignored]
    return [rule for rule in rules if not any(rule is u for u in used)]
