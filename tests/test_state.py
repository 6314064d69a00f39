"""dashboard/state.py against values our widgets could never send (issue 10, item 4).

Two gates: `bind`'s callback accepts only a view a link could name (checked against
the Context of the run that drew the widget), and `guard_widget_input` drops a widget
value of the wrong kind before Streamlit's own deserializers read it. The whole app,
attacked over its websocket, is tests/browser/test_forged_widgets.py; here each gate alone.
"""
import math

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.common import WidgetMetadata
from streamlit.runtime.state.session_state import WStates
from streamlit.testing.v1 import AppTest

from dashboard import state


def _bound_script():
    """A view bound to free-text inputs, so a test can hand each `apply` any string it likes."""
    from dataclasses import replace

    import streamlit as st

    from dashboard import state, url

    ctx = url.Context(years=(2020, 2022), communes=frozenset({"02533", "02530"}),
                      new_communes=frozenset({"02530"}), pages=("map", "records", "import"),
                      areas=frozenset({("08", None), ("08", "075"), ("09", None)}), default_area=("08", "075"))
    if state.VIEW_KEY not in st.session_state:
        state.start(*url.parse({}, ctx))
    state.remember(ctx)
    view = state.current()
    st.text_input("page", **state.bind("page", view.page, state.view_setter("page")))
    st.text_input("metric", **state.bind("metric", view.filter.metric, state.filter_setter("metric")))
    st.text_input("units", **state.bind("units", view.units, state.view_setter("units")))
    st.text_input("commune", **state.bind("commune", ",".join(view.filter.communes),
                                          state.filter_setter("communes", lambda v: tuple(v.split(",")))))
    st.text_input("years", **state.bind("years", f"{view.filter.year_from}-{view.filter.year_to}",
                                        lambda v, y: url.with_filter(v, year_from=int(y[:4]), year_to=int(y[5:]))))
    st.text_input("lang", **state.bind("lang", view.lang, state.view_setter("lang")))
    st.text_input("province", **state.bind("province", view.area[0] if view.area else "",
                                           lambda v, p: replace(v, area=(p, None))))
    st.markdown(f"VIEW {state.current()!r}")
    st.markdown(f"FORGED {state.take_forged()}")


@pytest.fixture
def bound() -> AppTest:
    at = AppTest.from_function(_bound_script, default_timeout=30).run()
    assert not at.exception
    return at


def _view(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("VIEW "))


def _forged(at: AppTest) -> bool:
    return next(m.value for m in at.markdown if m.value.startswith("FORGED ")) == "FORGED True"


@pytest.mark.parametrize(("key", "value"), [
    ("page", "Import history"), ("page", ""), ("metric", "x"), ("units", "9999"),
    ("units", "2025"),  # a unit system, but the commune filter (set first, below) names no unit in it
    ("commune", "99999"), ("commune", "02533,02533"), ("years", "1900-2022"), ("years", "20xx-2022"),
    ("years", "2022-2020"), ("lang", "True"), ("lang", "é" * 5000), ("province", "99"), ("page", "\x00"),
])
def test_a_bound_widget_keeps_the_view_when_a_link_could_not_name_the_new_one(bound, key, value):
    if (key, value) == ("units", "2025"):
        bound.text_input(key="w_commune").set_value("02533").run()  # a 2020 code only
        assert not _forged(bound)
    before = _view(bound)
    bound.text_input(key=f"w_{key}").set_value(value).run()
    assert not bound.exception
    assert _view(bound) == before
    assert _forged(bound)
    bound.run()
    assert not bound.exception and not _forged(bound)  # said once; the next run is a normal one


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("page", "records", "page='records'"), ("page", "import", "page='import'"),
    ("metric", "per1000", "metric='per1000'"), ("commune", "02530,02533", "communes=('02530', '02533')"),
    ("years", "2021-2022", "year_from=2021, year_to=2022"), ("lang", "en", "lang='en'"),
    ("province", "09", "area=('09', None)"), ("province", "country", "area=('country', None)"),
])
def test_a_bound_widget_changes_the_view_to_any_view_a_link_could_name(bound, key, value, expected):
    bound.text_input(key=f"w_{key}").set_value(value).run()
    assert not bound.exception
    assert expected in _view(bound)
    assert not _forged(bound)


# --------------------------------------------------------------------------- the kind of a value

def _state(**fields) -> WidgetState:
    ws = WidgetState(id="w")
    for name, value in fields.items():
        if name.endswith("_array_value"):
            getattr(ws, name).data.extend(value)
        else:
            setattr(ws, name, value)
    return ws


@pytest.mark.parametrize(("fields", "expected", "ok"), [
    ({"string_value": "kinh-te"}, "string_value", True),
    ({}, "string_array_value", True),  # a cleared widget
    ({"int_value": 5}, "string_array_value", False),
    ({"double_value": 2021.0}, "double_array_value", False),
    ({"string_array_value": ["x"]}, "string_value", False),
    ({"double_array_value": [2020.0, math.nan]}, "double_array_value", False),
    ({"double_array_value": [2020.0, 2022.0]}, "double_array_value", True),
    ({"double_value": math.inf}, "double_value", False),
    ({"int_value": 3}, "double_value", True),  # st.number_input(step=1) registers doubles, the browser sends ints
    ({"double_value": 3.0}, "int_value", False),
    ({"bool_value": True}, "trigger_value", False),
    ({"json_value": "not json"}, "json_value", True),  # right kind; its deserializer refuses it (below)
])
def test_a_value_is_plausible_only_of_the_kind_its_widget_sends(fields, expected, ok):
    assert state.plausible(_state(**fields), expected) is ok


def _store(value_type: str, deserializer=lambda v: v) -> WStates:
    store = WStates()
    store.set_widget_metadata(WidgetMetadata(id="w", deserializer=deserializer, serializer=lambda v: v,
                                             value_type=value_type))
    return store


@pytest.mark.parametrize(("value_type", "fields"), [
    ("string_array_value", {"int_value": 2**62}),  # Streamlit's multiselect: TypeError, on every later run
    ("double_array_value", {"double_value": 1.0}),  # the range slider: TypeError
    ("json_value", {"json_value": "not json"}),  # a component: JSONDecodeError
    ("json_value", {"json_value": "[" * 100_000 + "]" * 100_000}),  # RecursionError
])
def test_the_guard_drops_a_value_streamlit_would_raise_on(value_type, fields):
    state.guard_widget_input()
    store = _store(value_type)
    store.set_widget_from_proto(_state(**fields))
    with pytest.raises(KeyError):  # Streamlit reads a missing value as "unchanged" (or the default)
        store["w"]
    assert store.get("w") is None  # every time it is read, until the next run clears it
    assert [store.get(k) for k in store] == [None]  # left in place (Streamlit may be iterating), cleared next run


def test_the_guard_drops_a_value_its_deserializer_raises_on_and_keeps_good_ones():
    state.guard_widget_input()
    state.guard_widget_input()  # installing twice wraps once
    refusing = _store("string_value", deserializer=lambda v: {"ok": "ok"}[v])
    refusing.set_widget_from_proto(_state(string_value="forged"))
    assert refusing.get("w") is None
    refusing.set_widget_from_proto(_state(string_value="ok"))
    assert refusing["w"] == "ok"
    plain = _store("double_array_value")
    plain.set_widget_from_proto(_state(double_array_value=[2020.0, 2022.0]))
    assert plain["w"] == [2020.0, 2022.0]
