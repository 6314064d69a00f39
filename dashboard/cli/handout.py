"""`python -m dashboard handout "<link or query string>" --out FILE.pdf|.png`: the handout of a shared view.

The link is read as the app reads it (dashboard.url: its area first, then the
rest of the view against the loaded data), but where the app drops a bad value
with a notice and shows the rest, a handout is refused: a printed page must
show exactly the view it was asked for. The page is the app's own
(dashboard.handout), so the command line and the "Tải bản in" buttons print
the same thing. The printed link is the view's own address, on the app the
link names (or `--base` for a bare query string).
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

from dashboard import pages, url
from dashboard.cli.output import OK, Failure, say, write_output
from dashboard.config import Config
from dashboard.data import (area_catalogue, area_keys, default_area, has_history, link_asof, load_dataset,
                            view_context)
from dashboard.words.i18n import t
from geo.boundaries.layers import BoundaryError
from geo.boundaries.national import AreaError
from geo.records.schema import RecordsError

KINDS = ("pdf", "png")
AREA_KEYS = ("area", "province", "district")  # a link naming none needs no national catalogue
DEFAULT_BASE = "http://localhost:8501/"


def cmd_handout(args, config: Config) -> int:
    """Read the link, load its data, draw its handout and write it as the --out file's suffix says."""
    lang = args.lang
    kind = Path(args.out).suffix.lower().lstrip(".")
    if kind not in KINDS:
        raise Failure(t("cli_handout_bad_out", lang, path=args.out))
    base, params = split_link(args.link)
    view, data = open_view(params, config, lang)
    from dashboard import handout  # matplotlib: only for this command, not for every other one
    page = handout.make(view, data, url.address(base or args.base, url.to_query(view)))
    where = write_output(handout.pdf(page) if kind == "pdf" else handout.png(page), args.out, True, lang)
    say(t("cli_handout_written", lang, path=where))
    return OK


def split_link(text: str) -> tuple[str, dict[str, list[str]]]:
    """(the app's address, or "" for a bare query string; the query's parameters)."""
    text = text.strip()
    base, mark, query = text.partition("?")
    if not mark and "://" not in base:
        base, query = "", text
    return base, parse_qs(query, keep_blank_values=True)


def open_view(params: dict[str, list[str]], config: Config, lang: str):
    """The link's view and its data in the view's units; any value the app would drop refuses the link."""
    link = url.Link(params)
    default = default_area(config)
    areas = area_keys(area_catalogue(config)) if any(key in params for key in AREA_KEYS) else frozenset()
    area, asof = link.area(areas, default), link_asof(link, config)
    refuse_dropped(link, lang)  # before loading: a mistyped key, area or moment is said at once
    try:
        data = load_dataset(config, area, asof)
    except (BoundaryError, RecordsError, AreaError) as exc:
        raise Failure(t(exc.key, lang, **exc.values())) from exc
    view = link.view(view_context(data, pages.NAMES, areas, default, has_history(config)), area, asof)
    refuse_dropped(link, lang)
    return view, data.in_units(view.units)


def refuse_dropped(link: url.Link, lang: str) -> None:
    """Stop with every value the link has that the app would drop, in the notices' own words."""
    if link.notices:
        problems = "; ".join(t(n.key, lang, **dict(n.params)) for n in link.notices)
        raise Failure(t("cli_handout_bad_link", lang, problems=problems))


def add_handout_parser(commands, common) -> None:
    p = commands.add_parser("handout", parents=[common],
                            help="draw the handout of a shared view (A4 landscape PDF, or PNG)")
    p.add_argument("link", help="the view's link, or its query string (field=kinh-te&from=2021...)")
    p.add_argument("--out", required=True, help="the file to write: .pdf or .png")
    p.add_argument("--base", default=DEFAULT_BASE,
                   help="the app's address for the printed link and QR code when LINK is a bare query string "
                        "(default: %(default)s)")
    p.set_defaults(run=cmd_handout)
