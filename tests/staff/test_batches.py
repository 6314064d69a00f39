"""The import history page (dashboard/staff/batches.py): rollback asks first, then removes the whole batch."""
from dashboard.staff import actions
from dashboard.words.i18n import t
from dashboard.words.markup import plain
from geo.records import store
from geo.records.schema import load_records
from tests.intake.builders import simple_xlsx
from tests.staff.helpers import NEW_ROWS, keys, metric, run, sign_in


def imported(filename: str = "a.xlsx") -> int:
    """Import NEW_ROWS as a new batch (as "lan"); its id."""
    s = actions.records_store()
    data = simple_xlsx(NEW_ROWS)
    actions.commit(s, actions.preview_upload(data, filename, s), data, filename, user="lan")
    return int(store.batches(s).iloc[-1]["id"])


def test_rollback_in_the_ui_asks_first_and_returns_to_915():
    batch_id = imported()
    s = actions.records_store()
    at = sign_in(run({"page": "batches"}))
    at.button(key=f"rollback_{batch_id}").click().run()
    assert "sẽ bị xóa" in at.warning[-1].value
    assert len(store.read_records(s)) == 918                # nothing happens before the confirmation
    at.button(key=f"rollback_yes_{batch_id}").click().run()
    assert plain(f"Đã hoàn tác đợt nhập {batch_id}: xóa 3 mô hình, điển hình") in at.success[0].value  # shown escaped
    at.radio(key="w_page").set_value("map").run()
    assert metric(at, "Số mô hình, điển hình") == "915"
    assert store.batches(s).iloc[-1]["status"] == "rolled_back"


def test_the_demo_data_has_no_undo_but_its_own_named_and_confirmed_removal():
    batch_id = imported()
    s = actions.records_store()
    at = sign_in(run({"page": "batches"}))
    on_screen = keys(at)
    assert "rollback_1" not in on_screen and f"rollback_{batch_id}" in on_screen   # the clerk's batch only
    history = at.dataframe[0].value
    assert history.loc[history[t("batch_col_id", "vi")] == 1, "Tệp"].item() == "Dữ liệu giả định (data/demo/records.csv)"
    remove = at.button(key="demo_remove")
    assert remove.label == "Xóa dữ liệu giả định"
    remove.click().run()
    assert "Xóa hẳn 915 mô hình, điển hình giả định" in at.warning[-1].value
    assert len(store.read_records(s)) == 918                 # nothing happens before the confirmation
    at.button(key="demo_remove_yes").click().run()
    assert plain("Đã xóa dữ liệu giả định: 915 mô hình, điển hình.") in at.success[0].value
    assert "demo_remove" not in keys(at) and f"rollback_{batch_id}" in keys(at)
    history = at.dataframe[0].value
    assert history.loc[history[t("batch_col_id", "vi")] == 1, "Trạng thái"].item() == "Đã xóa"
    at.radio(key="w_page").set_value("map").run()
    assert not at.exception
    assert metric(at, "Số mô hình, điển hình") == "3"          # the clerk's own records stay


def test_the_demo_removal_can_be_cancelled():
    at = sign_in(run({"page": "batches"}))
    at.button(key="demo_remove").click().run()
    at.button(key="demo_remove_no").click().run()
    assert "demo_remove_yes" not in keys(at)
    assert len(store.read_records(actions.records_store())) == 915


def test_removing_every_record_leaves_a_working_map():
    at = sign_in(run({"page": "batches"}))
    at.button(key="demo_remove").click().run()
    at.button(key="demo_remove_yes").click().run()
    at.radio(key="w_page").set_value("map").run()
    assert not at.exception
    assert metric(at, "Số mô hình, điển hình") == "0"


def test_a_real_office_can_start_with_an_empty_store(monkeypatch):
    monkeypatch.setenv("DVK_DEMO", "0")
    at = run()
    assert not at.exception
    assert metric(at, "Số mô hình, điển hình") == "0"
    s = actions.records_store()
    assert store.batches(s).empty
    monkeypatch.delenv("DVK_DEMO")                            # a later start with the default: still empty
    assert store.seed_if_empty(s, load_records()) is None
    at = sign_in(run({"page": "batches"}))
    assert t("batches_empty", "vi") in at.info[0].value and "demo_remove" not in keys(at)


def test_a_refused_upload_is_in_the_history_with_who_when_which_file_and_why(tmp_path, monkeypatch):
    from tests.staff.test_imports import preview_app

    rows = NEW_ROWS + [[4, "Mô hình không rõ xã", "Kinh tế", "Xã Không Có", "", 2021, "", ""]]
    at = preview_app(tmp_path, monkeypatch, rows, name="xa-doi-binh.xlsx")
    at.run()                                                  # read again: traced once
    refused = store.refusals(actions.records_store())
    assert refused[["user", "filename", "reason_key"]].values.tolist() == [["lan", "xa-doi-binh.xlsx",
                                                                             "rows_in_error"]]
    at = sign_in(run({"page": "batches"}))
    table = next(d.value for d in at.dataframe if "Lý do từ chối" in d.value.columns)
    columns = [t(key, "vi") for key in ("batch_col_user", "batch_col_file", "refused_col_reason")]
    assert table.iloc[0][columns].tolist() == [
        "lan", "xa-doi-binh.xlsx", "1 dòng có lỗi; không ghi dòng nào của tệp."]
    assert table.iloc[0][t("batch_col_when", "vi")]
    assert "Tệp tải lên bị từ chối" in "\n".join(m.value for m in at.markdown)


def test_an_unreadable_upload_is_in_the_history_too(tmp_path, monkeypatch):
    import streamlit as st  # noqa: F401  (the script below runs in AppTest)
    from streamlit.testing.v1 import AppTest

    from tests.staff import test_imports

    path = tmp_path / "anh.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    monkeypatch.setenv("DVK_TEST_UPLOAD", str(path))
    at = AppTest.from_function(test_imports._preview_script, default_timeout=60).run()
    assert at.error and not at.exception
    refused = store.refusals(actions.records_store())
    assert refused["reason_key"].tolist() == ["not_a_spreadsheet"] and refused["size"].tolist() == [108]


def test_a_file_name_in_the_history_is_shown_as_written():
    name = "b&amp;c:[x](y).xlsx"
    imported(name)
    at = sign_in(run({"page": "batches"}))
    assert any(plain(name) in m.value for m in at.markdown)
