"""The dashboard view as URL query parameters, both ways.

A shared link must reopen exactly the view it was copied from, so every
choice lives here. Parsing never raises: anything invalid is dropped and
reported as a notice the page shows in the user's language.
"""
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from urllib.parse import urlencode

from geo.choropleth.classify import SCHEMES
from geo.records.fields import FIELD_CODES
from geo.choropleth.query import METRICS, Filter
from dashboard.words.i18n import LANGS, VIETNAM

DEFAULT_PAGE = "map"
UNITS = ("2020", "2025")  # administrative units before / from 2025-07-01
FLAGS = {"1": True, "0": False, "true": True, "false": False}
KNOWN_KEYS = frozenset({"field", "from", "to", "commune", "metric", "selected", "lang", "page",
                        "scheme", "labels", "tiles", "units", "province", "district", "area", "present", "step", "compare",
                        "asof"})
STEPS = ("year", "field")  # what the arrow keys step through in projector mode
COMPARES = ("", "year", "field", "change")  # small maps per year or per field, or the change between two years
Area = tuple[str, str | None]  # (province code, district code or None for the whole province), or COUNTRY
# The whole country, in a link exactly `?area=country` (typed by hand, so short and plain). It takes
# the place of a province code, so ("country", None) never names a province (codes are two digits).
COUNTRY_VALUE = "country"
COUNTRY: Area = (COUNTRY_VALUE, None)
# A link "as of" a moment keeps its numbers (geo/records/asof.py): `asof=2026-12-01T09:30[:15]`, on
# Vietnam's clock (no zone to type, and the one the room reads). A moment still to come is refused (its
# numbers would change until then), but for a clock a little ahead of the server's.
ASOF_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")
ASOF_AHEAD = timedelta(minutes=1)
ASOF_FIRST = 2000  # an earlier year is a typing slip (and year 1 at 00:00 in Vietnam has no UTC)


@dataclass(frozen=True)
class View:
    """Everything that decides what the screen shows."""

    filter: Filter = field(default_factory=Filter)
    lang: str = "vi"
    page: str = DEFAULT_PAGE
    scheme: str = "quantiles"
    labels: bool = True
    tiles: bool = False
    units: str = "2020"
    area: Area | None = None  # None: the deployment's own boundary set (DVK_BOUNDARIES); COUNTRY: all of it
    present: bool = False  # projector mode: no sidebar, the map large, the arrow keys step (dashboard/viewer/present.py)
    step: str = "year"  # what they step through: the years, or the fields
    compare: str = ""  # the map page's small multiples (COMPARES; dashboard/viewer/compare.py), "" for one map
    asof: str = ""  # the records as they stood at this moment (asof_value), "" for the records as they are


@dataclass(frozen=True)
class Notice:
    """One dropped parameter: an i18n key and what to fill in."""

    key: str
    params: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Context:
    """What valid values are: the data's years, the units on the map in each system, the pages.

    Codes are valid per system (02473 is a 2020 commune and a 2025 one);
    `new_communes` is empty when the 2025 units cannot be built. `pages` are
    the names of dashboard/pages.py's registry, staff pages included (a staff
    member's link survives; the app shows viewers the map instead).
    """

    years: tuple[int, int]
    communes: frozenset[str]
    new_communes: frozenset[str] = frozenset()
    pages: tuple[str, ...] = (DEFAULT_PAGE,)
    areas: frozenset[Area] = frozenset()  # what the national set offers: (p, d) and (p, None); any: COUNTRY too
    default_area: Area | None = None
    history: bool = False  # whether the records have a past to show (asof): a store's do, a CSV's do not

    def units_codes(self, units: str) -> frozenset[str]:
        """The codes valid in `units`: a link may name a unit only in the system it is in."""
        return self.new_communes if units == "2025" else self.communes


class Link:
    """One link's query parameters, read in two steps; notices collect in reading order.

    The area comes first, since it decides which data to load; the rest of
    the view is read once that data says which years and codes are valid.
    Repeated keys and comma lists both work.
    """

    def __init__(self, params: dict[str, list[str]]):
        self._params = params
        self.notices = [Notice("bad_param", (("key", key[:40]),)) for key in params if key not in KNOWN_KEYS]

    @property
    def lang(self) -> str:
        """The language the link asks for, before the view exists (to report a load error in); no notice."""
        return next((value for value in reversed(self._values("lang")) if value in LANGS), "vi")

    def area(self, areas: frozenset[Area], default: Area | None) -> Area | None:
        """The area asked for among `areas`; `default` when it names none.

        `area=country` is the whole country, offered whenever the national set
        offers any area (it is installed); a province or district beside it is
        dropped with a notice. Otherwise the province, then the district within it.
        """
        wanted, province, district = self._one("area"), self._one("province"), self._one("district")
        if wanted is not None:
            if wanted == COUNTRY_VALUE and areas:
                for key, value in (("province", province), ("district", district)):
                    if value is not None:
                        self._bad(key, value)
                return COUNTRY
            self._bad("area", wanted)
        if province is None:
            if district:
                self._bad("district", district)
            return default
        if province == COUNTRY_VALUE or (province, None) not in areas:  # the country is `area=`, never a province
            self._bad("province", province)
            return default
        if district is not None and (province, district) not in areas:
            self._bad("district", district)
            return (province, None)
        return (province, district)

    def asof(self, now: datetime) -> str:
        """The moment whose records the link shows (asof_value), "" for the live records; like the area,
        read before the data (it decides which records to load). A moment after `now` is dropped."""
        value = self._one("asof")
        moment = asof_moment(value) if value is not None else None
        if moment is not None and moment <= now + ASOF_AHEAD:
            return asof_value(moment)
        if value is not None:
            self._bad("asof", value)
        return ""

    def view(self, ctx: Context, area: Area | None, asof: str = "") -> View:
        """The rest of the view, checked against the loaded data (`ctx`), in the `area` and as of the
        moment (`asof`) read first."""
        start, end = self._year("from", ctx.years, ctx.years[0]), self._year("to", ctx.years, ctx.years[1])
        if start > end:
            self.notices.append(Notice("bad_range", (("start", str(start)), ("end", str(end)))))
            start, end = ctx.years
        units = self._choice("units", UNITS if ctx.new_communes else UNITS[:1], "2020")
        codes = ctx.units_codes(units)
        selected = self._members("selected", codes)
        flt = Filter(fields=self._members("field", FIELD_CODES), year_from=start, year_to=end,
                     communes=self._members("commune", codes),
                     metric=self._choice("metric", METRICS, "count"),
                     selected=selected[0] if selected else None)
        return View(filter=flt, lang=self._choice("lang", LANGS, "vi"),
                    page=self._choice("page", ctx.pages, DEFAULT_PAGE),
                    scheme=self._choice("scheme", SCHEMES, "quantiles"),
                    labels=FLAGS[self._choice("labels", FLAGS, "1")],
                    tiles=FLAGS[self._choice("tiles", FLAGS, "0")], units=units, area=area,
                    present=FLAGS[self._choice("present", FLAGS, "0")], step=self._choice("step", STEPS, "year"),
                    compare=self._choice("compare", COMPARES, ""), asof=asof)

    def _bad(self, key: str, value: str) -> None:
        """Report a dropped value, cut short: a link may carry anything, the notice must stay readable."""
        self.notices.append(Notice("bad_value", (("key", key), ("value", value[:60]))))

    def _values(self, key: str) -> list[str]:
        """Every value of `key`, whether repeated (?a=1&a=2) or comma-listed (?a=1,2), blanks dropped."""
        return [v.strip() for raw in self._params.get(key, []) for v in raw.split(",") if v.strip()]

    def _one(self, key: str) -> str | None:
        """An area is one place: of several values the first counts, the others are reported."""
        values = self._values(key)
        for extra in values[1:]:
            self._bad(key, extra)
        return values[0] if values else None

    def _choice(self, key: str, allowed, default):
        """One of `allowed`: the last valid value counts, each invalid one is reported."""
        picked = default
        for value in self._values(key):
            if value in allowed:
                picked = value
            else:
                self._bad(key, value)
        return picked

    def _members(self, key: str, allowed) -> tuple[str, ...]:
        """Several of `allowed`, each once, in the link's order."""
        kept = []
        for value in self._values(key):
            if value in allowed and value not in kept:
                kept.append(value)
            elif value not in allowed:
                self._bad(key, value)
        return tuple(kept)

    def _year(self, key: str, years: tuple[int, int], default: int) -> int:
        """The first value that is a year of the data; the others are reported."""
        for value in self._values(key):
            # ASCII digits only and short: "²".isdigit() is True but int("²") raises,
            # and int() refuses strings of more than 4,300 digits.
            if value.isascii() and value.isdigit() and len(value) <= 4 and years[0] <= int(value) <= years[1]:
                return int(value)
            self._bad(key, value)
        return default


def asof_moment(value: str) -> datetime | None:
    """A link's `asof` as a moment (Vietnam's clock); None when it is not one of ASOF_FORMATS."""
    for pattern in ASOF_FORMATS:
        try:
            moment = datetime.strptime(value, pattern).replace(tzinfo=VIETNAM)
        except ValueError:
            continue
        return moment if moment.year >= ASOF_FIRST else None
    return None


def asof_value(moment: datetime) -> str:
    """A moment as a link writes it: Vietnam's clock, to the second (to the minute when that is exact)."""
    local = moment.astimezone(VIETNAM).replace(microsecond=0)
    return local.strftime(ASOF_FORMATS[1] if local.second == 0 else ASOF_FORMATS[0])


def parse(params: dict[str, list[str]], ctx: Context, now: datetime | None = None) -> tuple[View, list[Notice]]:
    """Read a whole view from query parameters in one go (the area among `ctx.areas`; an `asof` up to `now`)."""
    link = Link(params)
    view = link.view(ctx, link.area(ctx.areas, ctx.default_area), link.asof(now or datetime.now(VIETNAM)))
    return view, link.notices


def to_query(view: View) -> dict[str, str]:
    """Query parameters for a view. Years, metric, units and language are always
    written, so a link keeps its meaning when the data or the defaults change."""
    flt = view.filter
    query = {"page": view.page, "lang": view.lang, "units": view.units}
    if view.area == COUNTRY:
        query["area"] = COUNTRY_VALUE
    elif view.area:
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
    if view.present:
        query["present"] = "1"
    if view.step != "year":
        query["step"] = view.step
    if view.compare:
        query["compare"] = view.compare
    if view.asof:
        query["asof"] = view.asof
    return query


def address(base: str, query: dict[str, str]) -> str:
    """The link to the view whose query is `query`, on the app at `base` (a query `base` has is dropped).
    Commas and colons stay as typed (both are allowed in a query): `field=kinh-te,khac&asof=2026-12-01T09:30`
    reads aloud in a meeting, `kinh-te%2Ckhac` does not."""
    return f"{base.split('?')[0].rstrip('/')}/?{urlencode(query, safe=',:')}"


def with_filter(view: View, **changes) -> View:
    """The same view with some filter values changed."""
    return replace(view, filter=replace(view.filter, **changes))

