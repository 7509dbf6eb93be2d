"""Reports for continuous integration: GitHub Actions annotations and JUnit XML.

Both are deterministic (no timestamps, no durations, stable order), so a report can be
committed or compared between runs.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import PurePath

from citations.models import DocumentResult, Finding, Reference, Severity

#: GitHub's annotation level for each severity.
GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
FAIL_ON = ("error", "warning", "never")
#: Characters XML 1.0 cannot carry at all (not even escaped), and lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
TITLE_WIDTH = 60


# --------------------------------------------------------------------------- GitHub Actions


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF encoded (GitHub decodes them back)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as data, plus ``:`` and ``,`` which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github_path(path: str, root: str | None) -> str:
    """Annotations attach to files by their path relative to the repository (the workspace)."""
    if root and os.path.isabs(path):
        try:
            relative = os.path.relpath(path, root)
        except ValueError:  # another drive on Windows
            return path
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            return PurePath(relative).as_posix()
    return PurePath(path).as_posix()


def _message(finding: Finding) -> str:
    text = finding.message
    if finding.suggestion and finding.suggestion not in text:
        text += f"\nsuggestion: {finding.suggestion}"
    return text


def to_github(
    results: Sequence[DocumentResult], errors: Sequence[str] = (), *, root: str | None = None
) -> str:
    """GitHub Actions workflow commands, one line per finding (``::error file=…,line=…,title=CODE::…``;
    warnings as ``::warning``, infos as ``::notice``), then one ``::error`` per document that
    could not be read. ``root`` (default ``$GITHUB_WORKSPACE``) is what absolute paths are made
    relative to."""
    if root is None:
        root = os.environ.get("GITHUB_WORKSPACE")
    out: list[str] = []
    for result in results:
        path = escape_property(_github_path(result.path, root))
        for finding in result.findings:
            props = [f"file={path}"]
            if finding.line > 0:
                props.append(f"line={finding.line}")
            props.append(f"title={escape_property(finding.code)}")
            level = GITHUB_LEVEL[finding.severity]
            out.append(f"::{level} {','.join(props)}::{escape_data(_message(finding))}")
    for error in errors:
        out.append(f"::error title=unreadable document::{escape_data(error)}")
    return "".join(line + "\n" for line in out)


# --------------------------------------------------------------------------- JUnit XML


def xml_text(text: str) -> str:
    """``text`` with what XML 1.0 cannot carry shown as ``\\xNN`` (PDF text brings form feeds)."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _short_title(ref: Reference) -> str:
    text = " ".join((ref.title or ref.container or ref.raw or ref.kind.value).split())
    return text if len(text) <= TITLE_WIDTH else text[: TITLE_WIDTH - 1].rstrip() + "…"


def _case_name(ref: Reference) -> str:
    mark = ref.label or str(ref.n)
    if ref.part > 1:
        mark += f".{ref.part}"
    if ref.sequence:  # numbering restarted (a new chapter): keep the names apart
        mark += f" (numbering {ref.sequence + 1})"
    return f"footnote {mark}: {_short_title(ref)}"


def _finding_line(path: str, finding: Finding) -> str:
    line = f"{path}:{finding.line}: {finding.severity.value} {finding.code}: {finding.message}"
    if finding.suggestion and finding.suggestion not in finding.message:
        line += f"\n    suggestion: {finding.suggestion}"
    return line


class _Counts:
    def __init__(self) -> None:
        self.tests = self.failures = self.errors = 0

    def set_on(self, element: ET.Element) -> None:
        element.set("tests", str(self.tests))
        element.set("failures", str(self.failures))
        element.set("errors", str(self.errors))
        element.set("skipped", "0")


def _case(
    suite: ET.Element,
    counts: _Counts,
    name: str,
    path: str,
    line: int,
    findings: Sequence[Finding],
    threshold: int | None,
    extra: Sequence[str] = (),
) -> None:
    """One testcase: a <failure> with the findings at or above the threshold, the rest (and
    ``extra`` facts such as the link outcome) in <system-out>."""
    case = ET.SubElement(suite, "testcase", name=xml_text(name), classname=xml_text(path))
    case.set("file", xml_text(path))
    if line > 0:
        case.set("line", str(line))
    counts.tests += 1
    failing = [f for f in findings if threshold is not None and f.severity.rank >= threshold]
    if failing:
        counts.failures += 1
        worst = max(failing, key=lambda f: f.severity.rank).severity
        failure = ET.SubElement(
            case,
            "failure",
            message=xml_text(", ".join(dict.fromkeys(f.code for f in failing))),
            type=worst.value,
        )
        failure.text = xml_text("\n".join(_finding_line(path, f) for f in failing))
    rest = [_finding_line(path, f) for f in findings if f not in failing]
    if rest or extra:
        ET.SubElement(case, "system-out").text = xml_text("\n".join([*extra, *rest]))


def to_junit(results: Sequence[DocumentResult], errors: Sequence[str] = (), *, fail_on: str = "error") -> str:
    """JUnit XML: a <testsuite> per document (named by its path) with a <testcase> per reference
    (``footnote N: <short title>``, classname = the path) and one ``document`` testcase for the
    findings that belong to no reference. Findings at or above ``fail_on`` make a <failure>
    (message: their codes; text: one line each); lesser findings and the link outcome go to
    <system-out>. Nothing is ever <skipped/>: a reference whose link was not fetched
    (offline, not in the cassette) still had its text checked, so it passed or failed on that,
    and its link outcome is in <system-out>. Documents that could not be read are <error>s of
    a last suite, whatever ``fail_on`` says (the command exits 4 for them)."""
    if fail_on not in FAIL_ON:
        raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    from citations.report import link_lines

    threshold = None if fail_on == "never" else Severity(fail_on).rank
    root = ET.Element("testsuites", name="citations")
    total = _Counts()
    for result in results:
        suite = ET.SubElement(root, "testsuite", name=xml_text(result.path))
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("format", result.format),
            ("footnotes", result.footnote_count),
            ("calls", result.call_count),
            ("references", len(result.references)),
            ("missing", len(result.missing)),
        ):
            ET.SubElement(properties, "property", name=name, value=xml_text(str(value)))
        counts = _Counts()
        attached: set[int] = set()
        for ref in result.references:
            extra = [f"url:     {ref.url}", *link_lines(ref.link)] if ref.link and ref.url else []
            _case(suite, counts, _case_name(ref), result.path, ref.span.first, ref.findings, threshold, extra)
            attached.update(id(f) for f in ref.findings)
        loose = [f for f in result.findings if id(f) not in attached]
        missing = [f"missing footnote texts: {', '.join(map(str, result.missing))}"] if result.missing else []
        _case(suite, counts, "document", result.path, 0, loose, threshold, missing)
        counts.set_on(suite)
        total.tests += counts.tests
        total.failures += counts.failures
    if errors:
        suite = ET.SubElement(root, "testsuite", name="unreadable documents")
        counts = _Counts()
        for error in errors:
            case = ET.SubElement(
                suite, "testcase", name=xml_text(error.split(": ", 1)[0]), classname="citations"
            )
            ET.SubElement(case, "error", message=xml_text(error), type="unreadable")
            counts.tests += 1
            counts.errors += 1
        counts.set_on(suite)
        total.tests += counts.tests
        total.errors += counts.errors
    total.set_on(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
