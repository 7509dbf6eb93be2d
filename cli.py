"""The ``citations`` command line: parse options, call the library, render, map errors to exit codes.

Exit codes: 0 success; 1 internal error; 2 usage error (click); 3 findings at or above
``--fail-on``; 4 a document or output path could not be read or written.
Heavy modules are imported inside the commands so that ``citations --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click

from citations import __version__
from citations.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, CitationsError

if TYPE_CHECKING:
    from citations.models import DocumentResult

F = TypeVar("F", bound=Callable[..., Any])

REPORT_FORMATS = ("text", "json", "html", "github", "junit")
INPUT_FORMATS = ("text", "markdown", "latex", "docx", "pdf", "bibtex", "csl-json", "ris")
#: The romanisation name-variant findings suggest by default (citations.pipeline has the same).
HOUSE_SCHEME = "wikipedia"


def _stop_on_sigterm() -> None:
    """Treat SIGTERM (a CI timeout, ``kill``) like Ctrl-C: the run unwinds, so a cassette being
    recorded keeps what was recorded and no output file is left half written."""
    import signal
    import threading

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


def handle_errors(func: F) -> F:
    """Turn our exceptions into one-line messages and exit codes; never show a traceback
    unless CITATIONS_DEBUG is set."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _stop_on_sigterm()
        try:
            return func(*args, **kwargs)
        except CitationsError as exc:
            click.echo(f"citations: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("citations: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # The reader went away (`citations … | head`): stop quietly, as Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug of ours: say so plainly
            if os.environ.get("CITATIONS_DEBUG"):
                raise
            click.echo(
                f"citations: internal error: {type(exc).__name__}: {exc} — please report it "
                "(set CITATIONS_DEBUG=1 for the traceback)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


def _extract_all(
    documents: Sequence[str], input_format: str | None, encoding: str | None, house_scheme: str = HOUSE_SCHEME
) -> tuple[list[DocumentResult], list[str]]:
    from citations.errors import InputError
    from citations.pipeline import extract_many

    results: list[DocumentResult] = []
    errors: list[str] = []
    unique = list(dict.fromkeys(documents))
    if len(unique) < len(documents):
        click.echo("citations: note: a document named twice is read once", err=True)
    for item in extract_many(unique, input_format, encoding, house_scheme):
        if isinstance(item, InputError):
            click.echo(f"citations: error: {item}", err=True)
            errors.append(str(item))
        else:
            results.append(item)
    return results, errors


def _input_options(func: F) -> F:
    func = click.option(
        "--encoding",
        metavar="CODEC",
        help="Text encoding of text/Markdown/LaTeX input (default: UTF-8 or BOM).",
    )(func)
    func = click.option(
        "--input-format",
        type=click.Choice(INPUT_FORMATS),
        help="Read every DOC as this format instead of guessing from its extension.",
    )(func)
    return func


def _configured(options: dict[str, Any], documents: Sequence[str], keep: Sequence[str] = ()) -> Any:
    """Fill the options the user did not give from ``citations.toml`` / ``[tool.citations]``
    (the nearest to the documents): command line > citations.toml > pyproject.toml > defaults.
    Returns the configuration (its ignore rules apply after the checks)."""
    from citations import config as cfg

    conf = cfg.load_for(list(documents))
    names = [name for name in options if name not in keep]
    given = {name: options[name] for name in names}
    options.update(cfg.merge(given, cfg.parameter_sources(click.get_current_context(), names), conf))
    return conf


def _warn(message: str) -> None:
    click.echo(f"citations: warning: {message}", err=True)


def _pairs(values: Sequence[str], option: str, kind: Callable[[str], float]) -> list[tuple[str | None, float]]:
    """``[HOST=]VALUE`` items: a bare value sets the default for every host."""
    out: list[tuple[str | None, float]] = []
    for item in values:
        host, _, value = item.rpartition("=")
        try:
            number = kind(value)
        except ValueError:
            raise click.BadParameter(f"{item!r}: expected [HOST=]NUMBER", param_hint=option) from None
        if number < 0:
            raise click.BadParameter(f"{item!r}: must not be negative", param_hint=option)
        out.append((host.strip().lower() or None, number))
    return out


def _network(options: dict[str, Any]) -> Any:
    """Build the run's network settings once from the command line."""
    from citations.net.politeness import host_key
    from citations.net.settings import HostPolicy, NetSettings
    from citations.resolve import Network

    base = NetSettings()
    intervals = _pairs(options.pop("min_interval"), "--min-interval", float)
    concurrency = _pairs(options.pop("concurrency"), "--concurrency", int)
    if any(n < 1 for _, n in concurrency):
        raise click.BadParameter("must be at least 1", param_hint="--concurrency")
    default = base.default
    hosts = dict(base.hosts)
    def current(host: str) -> HostPolicy:
        return hosts.get(host) or NetSettings(default=default, hosts=tuple(hosts.items())).policy(host)

    for host, value in intervals:
        if host is None:
            default = HostPolicy(value, default.concurrency)
            hosts = {h: HostPolicy(max(p.min_interval, value), p.concurrency) for h, p in hosts.items()}
        else:
            host = host_key(host)
            hosts[host] = HostPolicy(value, current(host).concurrency)
    for host, value in concurrency:
        if host is None:
            default = HostPolicy(default.min_interval, int(value))
        else:
            host = host_key(host)
            hosts[host] = HostPolicy(current(host).min_interval, int(value))
    settings = NetSettings(
        timeout=options.pop("timeout"),
        default=default,
        hosts=tuple(sorted(hosts.items())),
        allow_private=options.pop("allow_private"),
        archive=options.pop("archive"),
        contact=options.pop("contact"),
    )
    no_cache = options.pop("no_cache")
    cache_dir = options.pop("cache_dir")
    if not no_cache and cache_dir is None:
        from citations.net.cache import default_dir

        cache_dir = str(default_dir())
    return Network.from_options(
        online=not options.pop("offline"),
        cassette=options.pop("cassette"),
        record=options.pop("record"),
        settings=settings,
        cache_dir=None if no_cache else cache_dir,
    )


def _network_options(func: F) -> F:
    """The options of every command that may reach the web (check, resolve)."""
    for option in reversed(
        (
            click.option(
                "--offline/--online",
                "offline",
                default=True,
                show_default=True,
                help="Check links live (--online), or only replay a cassette (the default: no network).",
            ),
            click.option(
                "--cassette",
                metavar="FILE",
                help="Answer requests from this vcrpy cassette (YAML); a request it lacks is 'not-recorded'.",
            ),
            click.option(
                "--record", is_flag=True, help="Go online for what the cassette lacks and add it to the cassette."
            ),
            click.option(
                "--allow-private",
                is_flag=True,
                help="Allow private, loopback and link-local addresses (refused by default).",
            ),
            click.option(
                "--timeout",
                type=click.FloatRange(min=0.1),
                default=30.0,
                show_default=True,
                metavar="SECONDS",
                help="Total time allowed per URL, redirects and retries included.",
            ),
            click.option(
                "--min-interval",
                multiple=True,
                metavar="[HOST=]SECONDS",
                help="Minimum time between two requests to a host (default 1 s; a bare value "
                "never lowers belta.by below 1 s, naming the host does).",
            ),
            click.option(
                "--concurrency",
                multiple=True,
                metavar="[HOST=]N",
                help="Requests in flight at once per host (default 2; belta.by 1).",
            ),
            click.option("--contact", metavar="EMAIL|URL", help="How site owners can reach you (sent in the User-Agent)."),
            click.option(
                "--archive/--no-archive",
                default=True,
                show_default=True,
                help="Look up the Wayback Machine for dead links and truncated URLs.",
            ),
            click.option("--no-cache", is_flag=True, help="Neither read nor write the link result cache."),
            click.option(
                "--cache-dir",
                metavar="DIR",
                help="Where link results are cached for a week (default: $XDG_CACHE_HOME/citations).",
            ),
        )
    ):
        func = option(func)
    return func



@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citations")
def main() -> None:
    """Check and manage GOST-style references to BelTA and other Belarusian sources.

    Exit codes: 0 ok, 1 internal error, 2 usage error, 3 findings at or above --fail-on,
    4 unreadable input or unwritable output.
    """


def _report_options(fail_on_default: str) -> Callable[[F], F]:
    """The options ``extract`` and ``check`` share; only the default of --fail-on differs."""

    def apply(func: F) -> F:
        for option in reversed(
            (
                click.argument("documents", nargs=-1, required=True, metavar="DOC..."),
                click.option(
                    "--format",
                    "fmt",
                    type=click.Choice(REPORT_FORMATS),
                    default="text",
                    show_default=True,
                    help="text (coloured on a terminal), json, html (one self-contained page), "
                    "github (workflow annotations) or junit (XML).",
                ),
                click.option(
                    "-o",
                    "--output",
                    default="-",
                    metavar="FILE",
                    help="Write here instead of standard output.",
                ),
                click.option(
                    "-q", "--quiet", is_flag=True, help="Text format: findings only, no reference listing."
                ),
                click.option(
                    "-v", "--verbose", is_flag=True, help="Text format: also each footnote's text as found."
                ),
                click.option(
                    "--fail-on",
                    type=click.Choice(["error", "warning", "never"]),
                    default=fail_on_default,
                    show_default=True,
                    help="Exit with 3 when a finding is at least this severe.",
                ),
                click.option(
                    "--house-scheme",
                    default=HOUSE_SCHEME,
                    show_default=True,
                    metavar="NAME",
                    help="Romanisation the name-variant check suggests (see `citations translit --list-schemes`).",
                ),
            )
        ):
            func = option(func)
        return _input_options(func)

    return apply


@contextmanager
def _progress(total: int, quiet: bool) -> Iterator[Callable[[], None] | None]:
    """A progress bar on a terminal for runs long enough to need one; nothing when piped."""
    if quiet or total < 10 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("checking links"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("links", total=total)
        yield lambda: bar.advance(task)


def _report(
    documents: tuple[str, ...],
    fmt: str,
    output: str,
    quiet: bool,
    verbose: bool,
    fail_on: str,
    house_scheme: str,
    input_format: str | None,
    encoding: str | None,
    network: Any = None,
    ignore: Sequence[Any] = (),
) -> None:
    from citations.output import check_target, write_text
    from citations.translit import SCHEMES

    if house_scheme not in SCHEMES:
        raise click.BadParameter(
            f"unknown scheme {house_scheme!r}; valid: {', '.join(SCHEMES)}", param_hint="--house-scheme"
        )
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose ask for opposite things: give one")
    if output != "-":
        check_target(output)
    results, errors = _extract_all(documents, input_format, encoding, house_scheme)
    if network is not None:
        results = _resolved(results, network, quiet)
    if ignore:
        from citations.config import apply_ignores, unused

        results, ignored = apply_ignores(results, ignore)
        for finding, rule in ignored if verbose else ():
            click.echo(f"citations: note: ignored {finding.code} at line {finding.line}: {rule.reason}", err=True)
        for rule in unused(ignore, ignored):
            _warn(f"the ignore rule for {rule.code!r} ({rule.reason}) matched nothing: remove it if it is fixed")
    text = _render(fmt, results, errors, quiet=quiet, verbose=verbose, fail_on=fail_on)
    if fmt == "text" and output == "-":
        from citations.terminal import write

        write(text if text.endswith("\n") else text + "\n")
    else:
        write_text(output, text)
    _exit(results, errors, fail_on)


def _resolved(results: list[DocumentResult], network: Any, quiet: bool = False) -> list[DocumentResult]:
    """Check the links of ``results`` under one budget, with a progress bar on a terminal."""
    from citations.resolve import check_documents

    with _progress(sum(1 for r in results for ref in r.references if ref.url), quiet) as tick:
        return check_documents(results, network, progress=tick, warn=_warn)


def _render(
    fmt: str, results: Sequence[DocumentResult], errors: Sequence[str], *, quiet: bool, verbose: bool, fail_on: str
) -> str:
    from citations import report

    if fmt == "json":
        return report.to_json(results, errors)
    if fmt == "html":
        from citations.htmlreport import to_html

        return to_html(results, errors)
    if fmt == "github":
        from citations.ci import to_github

        return to_github(results, errors)
    if fmt == "junit":
        from citations.ci import to_junit

        return to_junit(results, errors, fail_on=fail_on)
    return report.to_text(results, verbose=not quiet, raw=verbose)


@main.command()
@_report_options(fail_on_default="never")
@handle_errors
def extract(**options: Any) -> None:
    """Find every footnote in DOC... and parse it into a structured reference (offline).

    Formats: plain text extracted from PDF (.txt), Markdown (.md), LaTeX (.tex), DOCX and PDF.
    """
    conf = _configured(options, options["documents"], keep=("fail_on",))
    _report(**options, ignore=conf.ignore)


@main.command()
@_report_options(fail_on_default="error")
@click.option("-r", "--recursive", is_flag=True, help="Check every manuscript under each directory DOC.")
@_network_options
@handle_errors
def check(**options: Any) -> None:
    """Check the references of DOC... (files, or directories with --recursive): broken,
    truncated and missing URLs and footnotes, lost characters, mojibake, name variants, years
    and ids — and each cited link, live (--online) or from a recorded cassette (--cassette),
    all documents under one politeness budget. Exits 3 when a finding reaches --fail-on."""
    conf = _configured(options, options["documents"])
    network = _network(options)
    options["documents"] = _expand(options["documents"], options.pop("recursive"))
    _report(**options, network=network, ignore=conf.ignore)


def _expand(documents: tuple[str, ...], recursive: bool) -> tuple[str, ...]:
    """Directories become the manuscripts under them (by known extension, sorted)."""
    from pathlib import Path

    from citations.readers import EXTENSIONS

    out: list[str] = []
    for doc in documents:
        path = Path(doc)
        if doc != "-" and path.is_dir():
            if not recursive:
                raise click.BadParameter(f"{doc} is a directory; add --recursive to check what it holds")
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in EXTENSIONS
                and p.suffix.lower() != ".json"  # too common a type to take for a bibliography
                # .git, .venv and the like hold no manuscripts, only look-alike files.
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                click.echo(f"citations: note: {doc}: no manuscript found", err=True)
            out.extend(found)
        else:
            out.append(doc)
    return tuple(out)


EXPORT_FORMATS = ("biblatex", "bibtex", "csl-json", "ris", "text", "html", "markdown")


@main.command()
@click.argument("documents", nargs=-1, required=True, metavar="DOC...")
@click.option(
    "-f",
    "--to",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="biblatex",
    show_default=True,
    help="biblatex (for biber), bibtex (classic), csl-json, ris, or a formatted list: text, html, markdown.",
)
@click.option("-o", "--output", default="-", metavar="FILE", help="Write here instead of standard output.")
@click.option(
    "--style",
    default="gost",
    show_default=True,
    metavar="NAME",
    help="Formatted lists: gost (GOST R 7.0.5-2008, the house style), chicago or apa.",
)
@click.option("--numbered", is_flag=True, help="Formatted lists: numbered by footnote, in footnote order.")
@click.option(
    "--original-titles",
    is_flag=True,
    help="Formatted lists: print the page's own headline (recovered by --cassette/--online) for a translated title.",
)
@click.option("--ascii", "ascii_only", is_flag=True, help="bibtex/biblatex: LaTeX-escaped ASCII instead of UTF-8.")
@_input_options
@_network_options
@handle_errors
def export(
    documents: tuple[str, ...],
    fmt: str,
    output: str,
    style: str,
    numbered: bool,
    original_titles: bool,
    ascii_only: bool,
    input_format: str | None,
    encoding: str | None,
    **options: Any,
) -> None:
    """Write the bibliography of DOC... (manuscripts, or .bib / CSL-JSON / RIS files).

    With --cassette or --online the links are resolved first, so entries carry the original
    titles and dates recovered from the pages."""
    from citations.entry import entries
    from citations.output import check_target, write_text

    _configured(options, documents)
    network = _network(options)
    if output != "-":
        check_target(output)
    results, errors = _extract_all(documents, input_format, encoding)
    if errors:
        # A bibliography missing a document's entries would silently replace a good one.
        click.echo("citations: nothing written: fix the documents above first", err=True)
        sys.exit(EXIT_INPUT)
    unread = [f"{r.path}:{f.line}" for r in results for f in r.findings if f.code == "entry-unparsed"]
    if unread:
        # Writing the rest would drop those entries from the editor's bibliography unseen.
        click.echo(
            f"citations: error: {len(unread)} entries could not be read ({', '.join(unread[:5])}"
            f"{', …' if len(unread) > 5 else ''}) — fix them (see `citations check`); nothing written",
            err=True,
        )
        sys.exit(EXIT_INPUT)
    if numbered and len(results) > 1:
        raise click.UsageError("--numbered lists one document's footnotes: export the documents one at a time")
    if network.mode.value != "offline":
        results = _resolved(results, network)
    items = entries(results)
    if fmt in ("bibtex", "biblatex"):
        from citations.bibtex import write_bibtex

        text = write_bibtex(items, dialect=fmt, ascii=ascii_only)
    elif fmt == "csl-json":
        from citations.csl import write_csl

        text = write_csl(items)
    elif fmt == "ris":
        from citations.ris import write_ris

        text = write_ris(items)
    else:
        from citations.csl import csl_item
        from citations.formatted import STYLES, render

        if style not in STYLES:
            raise click.BadParameter(f"unknown style {style!r}; valid: {', '.join(STYLES)}", param_hint="--style")
        text = render([csl_item(e) for e in items], style, fmt, numbered, original_titles=original_titles)
    write_text(output, text)


@main.command()
@click.argument("document", metavar="DOC")
@click.option("-o", "--output", metavar="FILE", help="Write the fixed copy here ('-' for standard output).")
@click.option("--in-place", is_flag=True, help="Replace DOC itself (atomically; the original kept as DOC.orig).")
@click.option("--dry-run", is_flag=True, help="Print the diff only; write nothing.")
@click.option(
    "--archive-dead",
    is_flag=True,
    help="After a dead link's URL, add its archived copy (needs --cassette or --online).",
)
@_input_options
@_network_options
@handle_errors
def fix(
    document: str,
    output: str | None,
    in_place: bool,
    dry_run: bool,
    archive_dead: bool,
    input_format: str | None,
    encoding: str | None,
    **options: Any,
) -> None:
    """Apply the fixes that are certain to a copy of DOC (text, Markdown, LaTeX, or a DOCX's
    footnotes and endnotes) and print the unified diff: URLs rejoined, look-alike or lost
    letters restored where only one letter fits, and with --cassette/--online a permanent
    redirect's new URL. Anything uncertain is left as it is and listed."""
    from citations.config import apply_ignores
    from citations.fix import EDITABLE_FORMATS, fix_file

    conf = _configured(options, [document])
    network = _network(options)
    if not (output or in_place or dry_run):
        raise click.UsageError("say where the fixed copy goes: -o FILE, --in-place, or --dry-run")
    results, errors = _extract_all([document], input_format, encoding)
    if errors:
        sys.exit(EXIT_INPUT)
    if results[0].format not in {*EDITABLE_FORMATS, "docx"}:
        click.echo(
            f"citations: error: {document}: a {results[0].format.upper()} file cannot be edited safely — "
            "fix the source document (the findings of `citations check` say what to change)",
            err=True,
        )
        sys.exit(EXIT_INPUT)
    if archive_dead and network.mode.value == "offline":
        _warn("--archive-dead needs the links checked: add --cassette FILE or --online")
    if network.mode.value != "offline":
        results = _resolved(results, network)
    # An acknowledged finding (an ignore rule with its reason) is the author's decision: not fixed.
    results, _ = apply_ignores(results, conf.ignore)
    done = fix_file(
        document,
        results[0],
        output=output,
        in_place=in_place,
        dry_run=dry_run,
        archive_dead=archive_dead,
        input_format=input_format,
        encoding=encoding,
    )
    if done.diff:
        click.echo(done.diff, nl=False, err=output == "-")
    for refusal in done.refusals:
        where = f"{document}:{refusal.line}"
        click.echo(f"{where}: left {refusal.code}: {refusal.reason}", err=True)
    fixed = ", ".join(f"{n} {code}" for code, n in sorted(done.counts.items())) or "nothing"
    refused = ", ".join(f"{n} {code}" for code, n in sorted(done.refused.items())) or "nothing"
    click.echo(f"citations: fixed {fixed}; left for the author: {refused}", err=True)
    if done.written:
        click.echo(f"citations: wrote {done.written}" + (f" (original kept as {done.backup})" if done.backup else ""), err=True)


@main.command()
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", default="-", metavar="FILE", help="Write here instead of standard output.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help="Exit with 3 when a link's outcome is at least this severe.",
)
@_network_options
@handle_errors
def resolve(urls: tuple[str, ...], fmt: str, output: str, fail_on: str, **options: Any) -> None:
    """Fetch each URL (live, or from a cassette) and print its link outcome and the metadata
    recovered from the page: original title, publication date, rubric, language, site."""
    from citations import report
    from citations.models import Severity
    from citations.output import write_text
    from citations.resolve import Target, check_links

    _configured(options, [])
    network = _network(options)
    if network.mode.value == "offline":
        click.echo("citations: note: offline, nothing fetched: give --cassette FILE or --online", err=True)
    wanted = list(dict.fromkeys(u.strip() for u in urls))
    with _progress(len(wanted), False) as tick:
        checked = check_links([Target(u) for u in wanted], network, progress=tick)
    for note in checked.notes:
        _warn(note)
    links = [checked.links[u] for u in wanted]
    write_text(output, report.links_json(links) if fmt == "json" else report.links_text(links))
    if fail_on != "never":
        threshold = Severity(fail_on).rank
        if any(link.outcome.severity and link.outcome.severity.rank >= threshold for link in links):
            sys.exit(EXIT_FINDINGS)


@main.command()
@click.argument("texts", nargs=-1, metavar="TEXT...")
@click.option(
    "--scheme", default="belta-slug", show_default=True, help="Romanisation scheme (see --list-schemes)."
)
@click.option("--list-schemes", is_flag=True, help="List the schemes and exit.")
@click.option(
    "--id",
    "article_id",
    type=click.IntRange(min=0),
    help="belta-slug: the article id, for the full URL tail.",
)
@click.option(
    "--year", type=click.IntRange(1990, 2100), help="belta-slug: the year (also selects the era's variant)."
)
@click.option(
    "--from",
    "source",
    type=click.Choice(["belta-slug"]),
    help="Go backwards: rebuild the Russian headline from each BelTA slug (or URL).",
)
@click.option("--detect", is_flag=True, help="Name the schemes that could have produced each romanised TEXT.")
@handle_errors
def translit(
    texts: tuple[str, ...],
    scheme: str,
    list_schemes: bool,
    article_id: int | None,
    year: int | None,
    source: str | None,
    detect: bool,
) -> None:
    """Romanise each TEXT, one output line per TEXT, in order.

    With --scheme belta-slug, print the slug BelTA builds from a Russian headline; with --id
    (and --year) the whole URL tail, cut to BelTA's 114-character limit. With --from
    belta-slug, rebuild the headline from a slug instead (a reconstruction, not the real one).
    """
    from citations import translit as tr

    if detect:
        from citations.names import detect_schemes

        for text in texts:
            click.echo(f"{text}: {', '.join(detect_schemes(text)) or '(no scheme)'}")
        return
    if source:
        from citations import urls
        from citations.translit.reverse import reconstruct

        for text in texts:
            parts = urls.belta_parts(text) if "/" in text.strip("/") else None
            click.echo(reconstruct(parts.slug if parts else text.strip().strip("/")).text)
        return
    if list_schemes:
        for info in tr.schemes():
            click.echo(f"{info.name:22s} {info.language}  {info.description}")
        return
    if not texts:
        raise click.UsageError("give at least one TEXT (or --list-schemes)")
    belta = scheme.lower().replace("_", "-") in ("belta-slug", "belta-slug-2015")
    if (article_id is not None or year is not None) and not belta:
        raise click.UsageError("--id and --year go with --scheme belta-slug")
    for text in texts:
        if belta:
            click.echo(tr.belta_slug(text, year=year, id=article_id))
            continue
        try:
            click.echo(tr.transliterate(text, scheme))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--scheme") from None


def _exit(results: Sequence[DocumentResult], errors: Sequence[str], fail_on: str) -> None:
    if errors:
        sys.exit(EXIT_INPUT)
    if fail_on != "never":
        from citations.models import Severity

        threshold = Severity(fail_on).rank
        if any(f.severity.rank >= threshold for r in results for f in r.findings):
            sys.exit(EXIT_FINDINGS)


if __name__ == "__main__":  # pragma: no cover
    main()
