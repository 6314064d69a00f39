"""The view as URL query parameters (dashboard.url): parse, notices, round trip.

Query strings go through urllib.parse.parse_qs, which gives the same shape
(key → list of values) as Streamlit's st.query_params.get_all.
"""
from dataclasses import replace
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlencode

import pytest

from dashboard.words.i18n import LANGS, STRINGS, VIETNAM
from dashboard.pages import NAMES as PAGES
from dashboard.url import (COUNTRY, KNOWN_KEYS, Context, Link, View, address, asof_moment, asof_value, parse, to_query,
                           with_filter)
from geo.choropleth.classify import SCHEMES
from geo.records.fields import FIELD_CODES
from geo.choropleth.query import METRICS, Filter

CODES = frozenset({
    "02431", "02434", "02437", "02440", "02443", "02446", "02449", "02452", "02455", "02458",
    "02461", "02464", "02467", "02470", "02473", "02476", "02479", "02482", "02485", "02488",
    "02491", "02494", "02500", "02506", "02518", "02527", "02530", "02533",
})
NEW_CODES = frozenset({"02434", "02437", "02449", "02455", "02458", "02470", "02473", "02494", "02530",
                       "02215", "02545", "02506", "02518"})  # the 13 units of 2025 (02473 is in both)
CTX = Context(years=(2020, 2022), communes=CODES, new_communes=NEW_CODES, pages=PAGES)
DEFAULT = View(filter=Filter(year_from=2020, year_to=2022))


def read(query_string: str):
    return parse(parse_qs(query_string, keep_blank_values=True), CTX)


def notice_dict(notice) -> dict:
    return dict(notice.params)


# --- valid links -------------------------------------------------------------------------------

def test_example_link_parses():
    view, notices = read("field=kinh-te,nong-thon-moi&from=2021&to=2022&commune=02533&metric=per1000&lang=vi")
    assert notices == []
    assert view.filter == Filter(fields=("kinh-te", "nong-thon-moi"), year_from=2021, year_to=2022,
                                 communes=("02533",), metric="per1000")
    assert (view.lang, view.page, view.scheme, view.labels, view.tiles) == ("vi", "map", "quantiles", True, False)


def test_no_parameters_gives_the_default_view():
    assert read("") == (DEFAULT, [])
    assert parse({}, CTX) == (DEFAULT, [])


@pytest.mark.parametrize("query_string, fields", [
    ("field=kinh-te&field=khac", ("kinh-te", "khac")),
    ("field=khac&field=kinh-te", ("khac", "kinh-te")),
    ("field=kinh-te,khac&field=nong-thon-moi", ("kinh-te", "khac", "nong-thon-moi")),
    ("field=kinh-te&field=kinh-te,khac", ("kinh-te", "khac")),  # duplicates once
    ("field=+kinh-te+,,khac,", ("kinh-te", "khac")),             # spaces and empty items ignored
])
def test_repeated_and_comma_separated_keys(query_string, fields):
    view, notices = read(query_string)
    assert view.filter.fields == fields
    assert notices == []


def test_repeated_communes():
    view, notices = read("commune=02533&commune=02431,02533")
    assert view.filter.communes == ("02533", "02431")
    assert notices == []


@pytest.mark.parametrize("query_string, check", [
    ("from=2021", lambda v: (v.filter.year_from, v.filter.year_to) == (2021, 2022)),
    ("to=2020", lambda v: (v.filter.year_from, v.filter.year_to) == (2020, 2020)),
    ("from=2022&to=2022", lambda v: (v.filter.year_from, v.filter.year_to) == (2022, 2022)),
    ("metric=per1000", lambda v: v.filter.metric == "per1000"),
    ("lang=en", lambda v: v.lang == "en"),
    ("page=records", lambda v: v.page == "records"),
    ("page=sources", lambda v: v.page == "sources"),
    ("scheme=natural", lambda v: v.scheme == "natural"),
    ("scheme=equal", lambda v: v.scheme == "equal"),
    ("labels=0", lambda v: v.labels is False),
    ("labels=false", lambda v: v.labels is False),
    ("tiles=1", lambda v: v.tiles is True),
    ("tiles=true", lambda v: v.tiles is True),
    ("selected=02533", lambda v: v.filter.selected == "02533"),
    ("units=2025", lambda v: v.units == "2025"),
    ("units=2025&commune=02215&selected=02545",
     lambda v: (v.filter.communes, v.filter.selected) == (("02215",), "02545")),
])
def test_each_valid_parameter(query_string, check):
    view, notices = read(query_string)
    assert notices == []
    assert check(view)
    assert view != DEFAULT


# --- round trip --------------------------------------------------------------------------------

VIEWS = [
    DEFAULT,
    View(filter=Filter(fields=("kinh-te", "nong-thon-moi"), year_from=2021, year_to=2022,
                       communes=("02533",), metric="per1000")),
    View(filter=Filter(fields=tuple(FIELD_CODES), year_from=2020, year_to=2020)),
    View(filter=Filter(fields=("khac",), year_from=2022, year_to=2022, communes=("02431", "02533", "02506"),
                       selected="02506"), lang="en", page="records"),
    View(filter=Filter(year_from=2020, year_to=2022, selected="02473"), page="sources", scheme="natural",
         labels=False, tiles=True),
    View(filter=Filter(year_from=2021, year_to=2021, metric="per1000"), lang="en", scheme="equal", tiles=True),
    View(filter=Filter(fields=("quoc-phong-an-ninh", "van-hoa-xa-hoi"), year_from=2020, year_to=2021,
                       communes=tuple(sorted(CODES))), labels=False),
    View(filter=Filter(year_from=2020, year_to=2022, communes=("02530", "02473"), selected="02530"),
         units="2025"),
    View(filter=Filter(year_from=2021, year_to=2022), asof="2026-12-01T09:30:15"),
    View(filter=Filter(year_from=2020, year_to=2022), asof="2026-03-05T14:00", compare="year"),
]


@pytest.mark.parametrize("view", VIEWS, ids=range(len(VIEWS)))
def test_round_trip_through_a_real_url(view):
    parsed, notices = read(urlencode(to_query(view)))
    assert notices == []
    assert parsed == view


@pytest.mark.parametrize("view", VIEWS, ids=range(len(VIEWS)))
def test_round_trip_with_single_value_lists(view):
    parsed, notices = parse({k: [v] for k, v in to_query(view).items()}, CTX)
    assert (parsed, notices) == (view, [])


@pytest.mark.parametrize("view", VIEWS, ids=range(len(VIEWS)))
def test_to_query_always_writes_years_metric_and_language(view):
    query = to_query(view)
    assert {"from", "to", "metric", "lang"} <= set(query)
    assert query["from"] == str(view.filter.year_from)
    assert query["to"] == str(view.filter.year_to)
    assert query["metric"] == view.filter.metric
    assert query["lang"] == view.lang
    assert set(query) <= KNOWN_KEYS
    assert all(isinstance(v, str) and v for v in query.values())


def test_to_query_leaves_defaults_out():
    assert set(to_query(DEFAULT)) == {"page", "lang", "from", "to", "metric", "units"}


def test_units_is_always_written():
    assert to_query(DEFAULT)["units"] == "2020"
    assert to_query(replace(DEFAULT, units="2025"))["units"] == "2025"


@pytest.mark.parametrize("query_string, dropped", [
    ("units=2025&commune=02533", "02533"),   # Đội Bình no longer exists from 2025-07-01
    ("commune=02215", "02215"),              # Minh Xuân is a 2025 unit, not a 2020 one
    ("units=2025&selected=02431", "02431"),
])
def test_codes_are_checked_against_the_chosen_unit_system(query_string, dropped):
    view, notices = read(query_string)
    assert dropped not in view.filter.communes and view.filter.selected != dropped
    assert [n.key for n in notices] == ["bad_value"] and notice_dict(notices[0])["value"] == dropped


@pytest.mark.parametrize("value", ["2019", "2025-07-01", "new", ""])
def test_bad_units_value_falls_back_to_2020(value):
    view, notices = read(f"units={value}")
    assert view.units == "2020"
    assert [n.key for n in notices] == (["bad_value"] if value else [])


def test_2025_units_refused_when_the_data_cannot_build_them():
    view, notices = parse({"units": ["2025"]}, Context(years=(2020, 2022), communes=CODES))
    assert view.units == "2020" and [n.key for n in notices] == ["bad_value"]


def test_with_filter_changes_only_the_filter():
    view = View(filter=Filter(year_from=2020, year_to=2022), lang="en", tiles=True)
    changed = with_filter(view, selected="02533", fields=("khac",))
    assert changed.filter == replace(view.filter, selected="02533", fields=("khac",))
    assert (changed.lang, changed.tiles) == ("en", True)
    assert view.filter.selected is None  # the original is untouched


# --- invalid values are dropped with a notice --------------------------------------------------

@pytest.mark.parametrize("query_string, key, params", [
    ("field=xyz", "bad_value", {"key": "field", "value": "xyz"}),
    ("commune=12345", "bad_value", {"key": "commune", "value": "12345"}),  # well-formed, not on the map
    ("commune=2533", "bad_value", {"key": "commune", "value": "2533"}),
    ("commune=abcde", "bad_value", {"key": "commune", "value": "abcde"}),
    ("selected=99999", "bad_value", {"key": "selected", "value": "99999"}),
    ("from=2022&to=2021", "bad_range", {"start": "2022", "end": "2021"}),
    ("from=2019", "bad_value", {"key": "from", "value": "2019"}),
    ("to=2023", "bad_value", {"key": "to", "value": "2023"}),
    ("from=0", "bad_value", {"key": "from", "value": "0"}),
    ("from=abc", "bad_value", {"key": "from", "value": "abc"}),
    ("to=2021.5", "bad_value", {"key": "to", "value": "2021.5"}),
    ("from=-2021", "bad_value", {"key": "from", "value": "-2021"}),
    ("junk=1", "bad_param", {"key": "junk"}),
    ("Field=kinh-te", "bad_param", {"key": "Field"}),
    ("metric=zzz", "bad_value", {"key": "metric", "value": "zzz"}),
    ("lang=fr", "bad_value", {"key": "lang", "value": "fr"}),
    ("lang=VI", "bad_value", {"key": "lang", "value": "VI"}),
    ("page=x", "bad_value", {"key": "page", "value": "x"}),
    ("scheme=jenks", "bad_value", {"key": "scheme", "value": "jenks"}),
    ("labels=maybe", "bad_value", {"key": "labels", "value": "maybe"}),
    ("tiles=yes", "bad_value", {"key": "tiles", "value": "yes"}),
])
def test_invalid_value_is_dropped_with_one_notice(query_string, key, params):
    view, notices = read(query_string)
    assert len(notices) == 1
    assert notices[0].key == key
    assert notice_dict(notices[0]) == params
    assert view == DEFAULT  # nothing of the bad value survives


@pytest.mark.parametrize("query_string, expected", [
    ("field=kinh-te,xyz,khac", {"fields": ("kinh-te", "khac")}),
    ("commune=02533,99999&field=khac", {"communes": ("02533",), "fields": ("khac",)}),
    ("from=1999&to=2021", {"year_from": 2020, "year_to": 2021}),
    ("from=2021&to=abc", {"year_from": 2021, "year_to": 2022}),
    ("metric=zzz&metric=per1000", {"metric": "per1000"}),
])
def test_valid_parts_survive_next_to_invalid_ones(query_string, expected):
    view, notices = read(query_string)
    assert len(notices) == 1 and notices[0].key == "bad_value"
    assert view.filter == replace(DEFAULT.filter, **expected)


def test_every_problem_is_reported():
    view, notices = read("field=a&field=b&junk=1&metric=zzz&lang=fr&page=x&labels=maybe&from=abc&to=3000")
    assert sorted(n.key for n in notices) == ["bad_param"] + ["bad_value"] * 8
    assert view == DEFAULT


def test_notice_keys_exist_in_i18n():
    _, notices = read("junk=1&field=x&from=2022&to=2020")
    assert {n.key for n in notices} == {"bad_param", "bad_value", "bad_range"}
    assert all(n.key in STRINGS for n in notices)


# --- weird input never raises ------------------------------------------------------------------

WEIRD = [
    {"field": [""]},
    {"": [""]},
    {"": []},
    {"field": []},
    {"from": [""], "to": [" "]},
    {"from": ["²"]},                       # isdigit() but not int()
    {"to": ["٢٠٢١"]},                       # Arabic-Indic digits
    {"from": ["9" * 5000]},                 # beyond int()'s digit limit
    {"from": ["0" * 10 + "2021"]},
    {"commune": ["x" * 100_000]},
    {"x" * 10_000: ["y" * 10_000]},
    {"field": ["<script>alert(1)</script>"]},
    {"<script>": ["1"]},
    {"lang": ["\x00"], "page": ["\n"], "metric": ["\t"]},
    {"commune": ["Đội Bình", "０２５３３"]},  # fullwidth digits
    {"selected": ["02533", "02431", "nope"]},
    {"field": [",,,"], "commune": [","]},
    {"labels": ["", "1", "0", "maybe"]},
    {"from": ["2021"] * 1000},
    {"🗺️": ["🗺️"], "field": ["kinh-te🗺️"]},
    {"asof": ["0001-01-01T00:00", "9999-12-31T23:59:59", "2026-02-30T10:00", "2026-12-01 09:30", "x" * 5000]},
]


@pytest.mark.parametrize("params", WEIRD, ids=range(len(WEIRD)))
def test_weird_input_never_raises_and_gives_a_valid_view(params):
    view, notices = parse(params, CTX)
    flt = view.filter
    assert set(flt.fields) <= set(FIELD_CODES)
    assert set(flt.communes) <= CODES
    assert flt.selected is None or flt.selected in CODES
    assert CTX.years[0] <= flt.year_from <= flt.year_to <= CTX.years[1]
    assert flt.metric in METRICS and view.lang in LANGS and view.page in PAGES and view.scheme in SCHEMES
    for notice in notices:
        assert notice.key in STRINGS
        params_ = notice_dict(notice)
        assert len(params_.get("value", "")) <= 60 and len(params_.get("key", "")) <= 60
    # whatever was read writes back to a link that reads cleanly
    assert read(urlencode(to_query(view))) == (view, [])


@pytest.mark.parametrize("value", ["²", "٢٠٢١", "９９９９", "9" * 5000, "00002021"],
                         ids=["superscript", "arabic-indic", "fullwidth", "5000-digits", "zero-padded"])
def test_odd_digit_strings_are_rejected_as_years(value):
    view, notices = parse({"from": [value]}, CTX)
    assert view.filter.year_from == 2020
    assert [n.key for n in notices] == ["bad_value"]


# --- area (province -> district of the national set) -------------------------------------------

AREAS = frozenset({("08", "075"), ("08", "076"), ("08", None), ("01", "001"), ("01", None)})
AREA_CTX = replace(CTX, areas=AREAS)


@pytest.mark.parametrize("query_string, area, bad", [
    ("province=08&district=076", ("08", "076"), []),
    ("province=08", ("08", None), []),
    ("", None, []),
    ("province=99", None, ["99"]),
    ("province=08&district=001", ("08", None), ["001"]),   # Ba Đình is not in Tuyên Quang
    ("district=076", None, ["076"]),                       # a district needs its province
    ("province=08,01&district=076", ("08", "076"), ["01"]),  # one place: the first, the rest reported
])
def test_area_in_a_link(query_string, area, bad):
    view, notices = parse(parse_qs(query_string), AREA_CTX)
    assert view.area == area
    assert [notice_dict(n)["value"] for n in notices] == bad


def test_area_round_trips_and_defaults_to_the_configured_one():
    view = replace(DEFAULT, area=("08", "076"))
    assert parse(parse_qs(urlencode(to_query(view))), AREA_CTX) == (view, [])
    configured = replace(AREA_CTX, default_area=("08", "075"))
    assert parse({}, configured)[0].area == ("08", "075")
    assert "province" not in to_query(DEFAULT)


# --- the whole country: ?area=country ----------------------------------------------------------

@pytest.mark.parametrize("query_string, area, bad", [
    ("area=country", COUNTRY, []),
    ("area=+country+", COUNTRY, []),
    ("area=country&province=08&district=076", COUNTRY, [("province", "08"), ("district", "076")]),
    ("area=country,vn", COUNTRY, [("area", "vn")]),                  # one place: the first counts
    ("area=Country", None, [("area", "Country")]),                   # exactly as typed in the README
    ("area=vn&province=08", ("08", None), [("area", "vn")]),         # a bad area leaves the province
    ("province=country", None, [("province", "country")]),           # the country is not a province
])
def test_the_whole_country_in_a_link(query_string, area, bad):
    view, notices = parse(parse_qs(query_string), AREA_CTX)
    assert view.area == area
    assert [(notice_dict(n)["key"], notice_dict(n)["value"]) for n in notices] == bad


def test_the_whole_country_needs_the_national_set():
    view, notices = parse(parse_qs("area=country"), CTX)  # no areas offered: the national set is missing
    assert view.area is None
    assert [notice_dict(n) for n in notices] == [{"key": "area", "value": "country"}]
    configured = replace(CTX, default_area=("08", "075"))
    assert parse(parse_qs("area=country"), configured)[0].area == ("08", "075")


def test_a_view_of_the_whole_country_is_written_as_area_country():
    view = replace(DEFAULT, area=COUNTRY, units="2025")
    query = to_query(view)
    assert query["area"] == "country" and "province" not in query and "district" not in query
    assert parse(parse_qs(urlencode(query)), AREA_CTX) == (view, [])
    assert "area" not in to_query(replace(DEFAULT, area=("08", "076")))
    assert "area" in KNOWN_KEYS


# --- one link read in two steps: the area before the data is loaded, the rest after ------------

def test_two_steps_read_the_same_view_as_one():
    params = parse_qs("junk=1&province=08,01&district=076&field=kinh-te,x&page=records")
    link = Link(params)
    area = link.area(AREAS, None)
    assert area == ("08", "076")
    assert (link.view(AREA_CTX, area), link.notices) == parse(params, AREA_CTX)


def test_the_area_is_read_without_the_data():
    assert Link({"province": ["08"]}).area(AREAS, ("08", "075")) == ("08", None)
    assert Link({}).area(frozenset(), ("08", "075")) == ("08", "075")


def test_notices_come_in_reading_order():
    link = Link(parse_qs("from=abc&junk=1&province=99"))
    link.view(CTX, link.area(AREAS, None))
    assert [notice_dict(n).get("value", notice_dict(n)["key"]) for n in link.notices] == ["junk", "99", "abc"]


@pytest.mark.parametrize("query_string, lang", [
    ("lang=en", "en"), ("", "vi"), ("lang=fr", "vi"), ("lang=vi&lang=en", "en"), ("lang=en,fr", "en"),
])
def test_the_language_is_known_before_the_view(query_string, lang):
    link = Link(parse_qs(query_string))
    assert link.lang == lang and link.notices == []  # read for load errors: reports nothing itself
    assert link.view(CTX, None).lang == lang       # the same rule as the view's


def test_pages_are_the_ones_the_context_names():
    assert parse({"page": ["import"]}, CTX)[0].page == "import"  # a staff link survives parsing
    view, notices = parse({"page": ["records"]}, replace(CTX, pages=("map",)))
    assert view.page == "map" and [notice_dict(n) for n in notices] == [{"key": "page", "value": "records"}]


# --- links as of a moment (part 6 of issue 11) ------------------------------------------------------

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=VIETNAM)


@pytest.mark.parametrize("value, kept", [
    ("2026-12-01T09:30", "2026-12-01T09:30"),
    ("2026-12-01T09:30:15", "2026-12-01T09:30:15"),
    ("2026-12-01T09:30:00", "2026-12-01T09:30"),  # written the short way when that is exact
    ("2026-1-5T9:05", "2026-01-05T09:05"),
    ("2026-12-01T10:00:59", "2026-12-01T10:00:59"),  # a clock a little ahead of the server's
    ("2020-01-01T00:00", "2020-01-01T00:00"),
])
def test_a_moment_in_a_link_is_kept_in_one_spelling(value, kept):
    view, notices = parse({"asof": [value]}, CTX, now=NOW)
    assert (view.asof, notices) == (kept, [])
    assert to_query(view)["asof"] == kept


@pytest.mark.parametrize("value", ["2026-12-01T10:02", "2027-01-01T00:00", "1999-12-31T23:59", "2026-12-01",
                                   "2026-12-01T09:30+07:00", "hôm qua", "2026-13-01T00:00", "0001-01-01T00:00"])
def test_a_moment_to_come_or_unreadable_is_dropped_with_a_notice(value):
    view, notices = parse({"asof": [value]}, CTX, now=NOW)
    assert view.asof == "" and "asof" not in to_query(view)
    assert [(n.key, notice_dict(n)["key"]) for n in notices] == [("bad_value", "asof")]


def test_the_moment_is_on_vietnams_clock():
    assert asof_moment("2026-12-01T09:30") == datetime(2026, 12, 1, 2, 30, tzinfo=timezone.utc)
    assert asof_value(datetime(2026, 12, 1, 2, 30, 15, 999999, tzinfo=timezone.utc)) == "2026-12-01T09:30:15"


def test_a_shared_link_keeps_commas_and_colons_readable():
    view = View(filter=Filter(fields=("kinh-te", "khac"), year_from=2021, year_to=2022), asof="2026-12-01T09:30")
    link = address("http://dvk.example.vn/app?x=1", to_query(view))
    assert link.startswith("http://dvk.example.vn/app/?page=map")
    assert "field=kinh-te,khac" in link and "asof=2026-12-01T09:30" in link
    assert parse(parse_qs(link.split("?")[1]), CTX, now=NOW) == (view, [])
