"""Build a one-interaction cassette from a saved page, for pages whose real response we have only
as a stored body (no status, no headers).

The body goes in byte for byte; the status and the one header (Content-Type) are reconstructions,
and the cassette says so in a comment on top, quoting the saved file's own leading HTML comment
(where the copy comes from). Usage::

    python scripts/make_cassette.py URL HTML_FILE CASSETTE [--status 200]
        [--content-type 'text/html; charset=utf-8']

The shipped ``cassettes/belta_2015-07-22_153269.yaml`` was made with::

    python scripts/make_cassette.py \\
        http://www.belta.by/regions/view/grafik-otkljuchenija-gorjachej-vody-v-minske-v-2015-godu-153269-2015/ \\
        ../shared/data/belta/article_2015-08_regions_153269.html cassettes/belta_2015-07-22_153269.yaml
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from citations.errors import CitationsError
from citations.net.cassette import Interaction, write_cassette

_HTML_COMMENT = re.compile(rb"\A\s*<!--(.*?)-->", re.DOTALL)


def provenance(url: str, html_name: str, body: bytes, status: int, content_type: str) -> str:
    """The comment put on top of the cassette: what is real in it and what is reconstructed."""
    note = _HTML_COMMENT.match(body)
    lines = [
        f"Built by scripts/make_cassette.py from the saved page {html_name}.",
        f"Request: GET {url}",
        "Response body: the saved file byte for byte, a stored public copy of the real page;",
        "its own leading comment, quoted below, gives the copy's source and any trimming."
        if note
        else "the saved file carries no note on where the copy comes from.",
        f"Status {status} and the only header (Content-Type: {content_type}) are minimal",
        "reconstructions: the real response's status and headers were not preserved.",
    ]
    if note:
        lines.append("Source note from the saved page:")
        text = note.group(1).decode("utf-8", "replace")
        lines += [f"  {line.strip()}" for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", metavar="URL", help="the request URL the body answers")
    parser.add_argument("html", metavar="HTML_FILE", type=Path, help="the saved page (body, byte for byte)")
    parser.add_argument("cassette", metavar="CASSETTE", type=Path, help="the cassette to write (replaced)")
    parser.add_argument("--status", type=int, default=200, help="status code to reconstruct (default 200)")
    parser.add_argument(
        "--content-type", default="text/html; charset=utf-8", help="Content-Type to reconstruct"
    )
    args = parser.parse_args(argv)
    if not args.url.startswith(("http://", "https://")):
        parser.error(f"URL must start with http:// or https://, not {args.url!r}")
    try:
        body = args.html.read_bytes()
    except OSError as exc:
        parser.error(f"cannot read {args.html}: {exc.strerror}")
    comment = provenance(args.url, args.html.name, body, args.status, args.content_type)
    interaction = Interaction("GET", args.url, args.status, (("Content-Type", args.content_type),), body)
    try:
        write_cassette(args.cassette, [interaction], comment=comment)
    except CitationsError as exc:
        print(f"make_cassette: {exc}", file=sys.stderr)
        return 4
    print(f"wrote {args.cassette}: GET {args.url} -> {args.status}, {len(body)} bytes of body")
    return 0


if __name__ == "__main__":
    sys.exit(main())
