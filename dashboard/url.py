"""The dashboard view as URL query parameters, both ways.

A shared link must reopen exactly the view it was copied from, so every
choice lives here. Parsing never raises: anything invalid is dropped and
reported as a notice the page shows in the user's language.
"""
from dataclasses import dataclass, field, replace

from geo.choropleth.classify import SCHEMES
from geo.records.fields import FIELD_CODES
from geo.choropleth.query import METRICS, Filter
from dashboard.words.i18n import LANGS

PAGES = ("map", "records", "sources")
# Pages for signed-in staff only. A link may name them (parse accepts them, so a
# staff member's link survives); dashboard/app.py shows viewers the map instead.
STAFF_PAGES = ("import", "batches", "boundaries")
UNITS = ("2020", "2025")  # administrative units before / from 2025-07-01
FLAGS = {"1": True, "0": False, "true": True, "false": False}
KNOWN_KEYS = frozenset({"field", "from", "to", "commune", "metric", "selected", "lang", "page",
                        "scheme", "labels", "tiles", "units", "province", "district"})
Area = tuple[str, str | None]  # (province code, district code or None for the whole province)


@dataclass(frozen=True)
class View:
    """Everything that decides what the screen shows."""

    filter: Filter = field(default_factory=Filter)
    lang: str = "vi"
    page: str = "map"
    scheme: str = "quantiles"
    labels: bool = True
    tiles: bool = False
    units: str = "2020"
    area: Area | None = None  # None: the deployment's own boundary set (DVK_BOUNDARIES)


@dataclass(frozen=True)
class Notice:
    """One dropped parameter: an i18n key and what to fill in."""

    key: str
    params: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Context:
    """What valid values are: the data's years and the units on the map in each system.

    Codes are valid per system (02473 is a 2020 commune and a 2025 one);
    `new_communes` is empty when the 2025 units cannot be built.
    """

    years: tuple[int, int]
    communes: frozenset[str]
    new_communes: frozenset[str] = frozenset()
    areas: frozenset[Area] = frozenset()  # what the national set offers: (p, d) and (p, None)
    default_area: Area | None = None

    def units_codes(self, units: str) -> frozenset[str]:
        return self.new_communes if units == "2025" else self.communes


def parse_area(params: dict[str, list[str]], ctx: Context) -> tuple[Area | None, list[Notice]]:
    """The area a link asks for (province, then district within it); the default when it names none.

    The app reads this before anything else, since the area decides which
    communes (and so which other values) are valid.
    """
    notices: list[Notice] = []

    def bad(key: str, value: str) -> None:
        notices.append(Notice("bad_value", (("key", key), ("value", value[:60]))))

    def one(key: str) -> str | None:
        """An area is one place: of several values the first counts, the others are reported."""
        values = [v.strip() for raw in params.get(key, []) for v in raw.split(",") if v.strip()]
        for extra in values[1:]:
            bad(key, extra)
        return values[0] if values else None

    province, district = one("province"), one("district")
    if province is None:
        if district:
            bad("district", district)
        return ctx.default_area, notices
    if (province, None) not in ctx.areas:
        bad("province", province)
        return ctx.default_area, notices
    if district is not None and (province, district) not in ctx.areas:
        bad("district", district)
        return (province, None), notices
    return (province, district), notices


def parse(params: dict[str, list[str]], ctx: Context) -> tuple[View, list[Notice]]:
    """Read a view from query parameters (repeated keys and comma lists both work)."""
    notices: list[Notice] = []

    def bad(key: str, value: str) -> None:
        notices.append(Notice("bad_value", (("key", key), ("value", value[:60]))))

    def values(key: str) -> list[str]:
        return [v.strip() for raw in params.get(key, []) for v in raw.split(",") if v.strip()]

    def choice(key: str, allowed, default):
        picked = default
        for value in values(key):
            if value in allowed:
                picked = value
            else:
                bad(key, value)
        return picked

    def members(key: str, allowed) -> tuple[str, ...]:
        kept = []
        for value in values(key):
            if value in allowed and value not in kept:
                kept.append(value)
            elif value not in allowed:
                bad(key, value)
        return tuple(kept)

    def year(key: str, default: int) -> int:
        for value in values(key):
            # ASCII digits only and short: "²".isdigit() is True but int("²") raises,
            # and int() refuses strings of more than 4,300 digits.
            if (value.isascii() and value.isdigit() and len(value) <= 4
                    and ctx.years[0] <= int(value) <= ctx.years[1]):
                return int(value)
            bad(key, value)
        return default

    for key in params:
        if key not in KNOWN_KEYS:
            notices.append(Notice("bad_param", (("key", key[:40]),)))
    area, area_notices = parse_area(params, ctx)
    notices += area_notices
    start, end = year("from", ctx.years[0]), year("to", ctx.years[1])
    if start > end:
        notices.append(Notice("bad_range", (("start", str(start)), ("end", str(end)))))
        start, end = ctx.years
    units = choice("units", UNITS if ctx.new_communes else UNITS[:1], "2020")
    codes = ctx.units_codes(units)
    selected = members("selected", codes)
    flt = Filter(fields=members("field", FIELD_CODES), year_from=start, year_to=end,
                 communes=members("commune", codes),
                 metric=choice("metric", METRICS, "count"),
                 selected=selected[0] if selected else None)
    view = View(filter=flt, lang=choice("lang", LANGS, "vi"), page=choice("page", PAGES + STAFF_PAGES, "map"),
                scheme=choice("scheme", SCHEMES, "quantiles"),
                labels=FLAGS[choice("labels", FLAGS, "1")], tiles=FLAGS[choice("tiles", FLAGS, "0")],
                units=units, area=area)
    return view, notices


def to_query(view: View) -> dict[str, str]:
    """Query parameters for a view. Years, metric, units and language are always
    written, so a link keeps its meaning when the data or the defaults change."""
    flt = view.filter
    query = {"page": view.page, "lang": view.lang, "units": view.units}
    if view.area:
        query["province"] = view.area[0]
        if view.area[1]:
            query["district"] = view.area[1]
    if flt.fields:
        query["field"] = ",".join(flt.fields)
    query["from"], query["to"] = str(flt.year_from), str(flt.year_to)
    if flt.communes:
        query["commune"] = ",".join(flt.communes)
    query["metric"] = flt.metric
    if flt.selected:
        query["selected"] = flt.selected
    if view.scheme != "quantiles":
        query["scheme"] = view.scheme
    if not view.labels:
        query["labels"] = "0"
    if view.tiles:
        query["tiles"] = "1"
    return query


def with_filter(view: View, **changes) -> View:
    """The same view with some filter values changed."""
    return replace(view, filter=replace(view.filter, **changes))

