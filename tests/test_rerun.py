"""What a change of the view reruns (dashboard/rerun.py): the map page and the share box alone on a
filter change, the whole script for anything else.

AppTest's element tree after a rerun of fragments alone holds only what they drew: no title, no
sidebar controls. That is how these tests tell the two kinds of rerun apart.
The browser tests (tests/browser) see the page a visitor sees after each kind.
"""
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.cli import main as cli
from geo.records import store
from tests.intake.builders import simple_xlsx
from dashboard.words.i18n import Words
from tests.paths import APP
from tests.staff.helpers import HASH, VIEWER_PAGES, sign_in
from tests.test_data_version import ROWS, database, kpi  # noqa: F401 (fixture)
from tests.viewer.test_share import link_in

pytestmark = pytest.mark.partial_reruns


def opened(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def full(at: AppTest) -> bool:
    """Whether the last run drew the whole page (the title and the sidebar's controls)."""
    return bool(at.title) and bool(at.sidebar.radio)


def test_a_filter_change_reruns_the_map_page_and_the_share_box_alone():
    at = opened()
    assert full(at) and kpi(at) == "915"
    at.multiselect(key="w_field").set_value(["kinh-te"]).run()
    assert not at.exception and not full(at)
    assert kpi(at) == "185"  # the page drew the new view
    assert at.query_params["field"] == "kinh-te"  # and wrote it to the address bar
    assert "field=kinh-te" in link_in(at)  # the share box followed


def test_each_filter_and_map_option_of_the_sidebar_reruns_the_map_page_alone():
    at = opened()
    changes = [("w_years", (2021, 2022), "from", "2021"), ("w_commune", ["02431"], "commune", "02431"),
               ("w_metric", "per1000", "metric", "per1000"), ("w_scheme", "equal", "scheme", "equal"),
               ("w_labels", False, "labels", "0"), ("w_tiles", True, "tiles", "1")]
    for key, value, param, expected in changes:
        widget = next(w for w in (*at.slider, *at.multiselect, *at.radio, *at.selectbox, *at.checkbox)
                      if w.key == key)
        widget.set_value(value).run()
        assert not at.exception and not full(at), key
        assert at.query_params[param] == expected, key
        at.run()  # a full run again, so that the next widget is in the tree


def test_language_page_and_units_rerun_the_whole_page():
    at = opened()
    for key, value in [("w_lang", "en"), ("w_units", "2025"), ("w_page", "records")]:
        at.radio(key=key).set_value(value).run()
        assert not at.exception and full(at), key


def test_reset_reruns_the_whole_page_so_the_sidebar_shows_it():
    at = opened({"field": "kinh-te"})
    at.button(key="reset").click().run()
    assert full(at)
    assert at.multiselect(key="w_field").value == [] and "field" not in at.query_params


def test_a_notice_about_the_link_goes_with_the_first_change():
    at = opened({"commune": "99999"})
    assert "99999" in " ".join(w.value for w in at.warning)
    at.multiselect(key="w_field").set_value(["kinh-te"]).run()
    assert full(at)  # a whole run: the notice is gone, not left above a changed map
    assert not any("99999" in w.value for w in at.warning)
    at.multiselect(key="w_field").set_value(["van-hoa-xa-hoi"]).run()
    assert not full(at)


def test_records_imported_meanwhile_rerun_the_whole_page(database, tmp_path):
    at = opened()
    path = tmp_path / "bo-sung.xlsx"
    path.write_bytes(simple_xlsx(ROWS))
    assert cli(["import", str(path), "--user", "lan"]) == 0
    at.multiselect(key="w_field").set_value(["kinh-te"]).run()
    assert full(at)  # the sidebar's years and totals may have changed with the data
    assert kpi(at) == "186"  # 185 + the imported "Kinh tế" record
    s = store.open_store(database)
    store.delete_record(s, "YS-2020-0001", user="minh")
    s.dispose()
    at.multiselect(key="w_field").set_value([]).run()
    assert full(at) and kpi(at) == "916"


def test_a_selection_from_the_page_reruns_the_map_page_alone_and_a_page_button_the_whole():
    at = opened({"selected": "02431"})
    at.button(key="clear_selection").click().run()
    assert not at.exception and not full(at)
    assert "selected" not in at.query_params
    at.run()
    at.button(key="open_records").click().run()
    assert full(at) and at.query_params["page"] == "records"


def test_data_that_fails_to_load_on_a_filter_change_gets_a_whole_run_with_our_message(monkeypatch, caplog):
    at = opened()

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path")

    monkeypatch.setattr("dashboard.app.load_dataset", broken)
    at.multiselect(key="w_field").set_value(["kinh-te"]).run()
    assert not at.exception
    assert [e.value for e in at.error] == [Words("vi")("script_failed")]
    # a whole run failed, with our message (the fragment's own sidebar write, Streamlit refused in English)
    assert "a run of the dashboard failed" in caplog.text


def test_an_account_removed_meanwhile_gets_a_whole_run_and_loses_staff_rights(monkeypatch):
    monkeypatch.setenv("DVK_STAFF", f"lan:{HASH}")
    at = sign_in(opened())
    at.run()  # past the welcome (a one-off notice: the next change reruns everything)
    assert "Nhập dữ liệu" in at.radio(key="w_page").options
    monkeypatch.setenv("DVK_STAFF", f"minh:{HASH}")
    at.multiselect(key="w_field").set_value(["kinh-te"]).run()
    assert full(at) and at.radio(key="w_page").options == VIEWER_PAGES


def test_a_one_off_notice_goes_with_the_next_change():
    at = opened()
    at.multiselect(key="w_field").set_value(["kinh-te", "not-a-field"]).run()  # a value no list offers
    assert Words("vi")("forged_input") in [w.value for w in at.warning]
    at.multiselect(key="w_field").set_value(["kinh-te"]).run()
    assert full(at)  # the notice is taken away, not left above a changed map
    at.multiselect(key="w_field").set_value(["khac"]).run()
    assert not full(at)


def test_a_sign_in_message_goes_with_the_next_change(monkeypatch):
    monkeypatch.setenv("DVK_STAFF", f"lan:{HASH}")
    at = opened()
    assert not full(at.multiselect(key="w_field").set_value(["kinh-te"]).run())
    at.run()
    at.text_input(key="auth_username").input("lan")
    at.text_input(key="auth_password").input("sai")
    at.button(key="auth_submit").click().run()  # refused: its message is in the sidebar
    at.multiselect(key="w_field").set_value(["khac"]).run()
    assert full(at)


def test_with_partial_reruns_off_every_change_is_a_whole_run(monkeypatch):
    monkeypatch.setattr("dashboard.rerun.ENABLED", False)
    at = opened()
    for change in (lambda: at.multiselect(key="w_field").set_value(["kinh-te"]),
                   lambda: at.toggle(key="share_qr").set_value(True)):
        change().run()
        assert full(at)
