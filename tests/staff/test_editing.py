"""Adding, editing and deleting single records under the records table (dashboard/staff/editing.py)."""
from streamlit.testing.v1 import AppTest

from dashboard.staff import actions
from geo.records import store
from tests.staff.helpers import keys, run, sign_in


def open_first_record(at: AppTest) -> str:
    at.radio(key="w_page").set_value("records").run()
    at.text_input(key="records_table_search").input("doi binh ong").run()
    at.selectbox(key="records_table_detail").select_index(0).run()
    table = at.dataframe[0].value
    return table.iloc[0]["Tên mô hình, điển hình"]


def edit_prefix(at: AppTest) -> str:
    return next(k for k in keys(at) if k and k.startswith("edit_") and k.endswith("_save"))[:-len("_save")]


def test_staff_edit_records_history_with_before_and_after():
    at = sign_in(run())
    name = open_first_record(at)
    prefix = edit_prefix(at)
    assert at.text_input(key=f"{prefix}_name").value == name     # the form is prefilled
    at.text_input(key=f"{prefix}_name").input(name + " (sửa)")
    at.number_input(key=f"{prefix}_year").set_value(2021)
    at.button(key=f"{prefix}_save").click().run()
    assert not at.exception
    assert "Đã lưu thay đổi" in at.success[0].value
    s = actions.records_store()
    changes = store.history(s)
    last = changes.iloc[-1]
    assert (last["action"], last["user"], last["source"]) == ("update", "lan", "ui")
    assert last["before"]["name"] == name and last["after"]["name"] == name + " (sửa)"
    assert last["after"]["year"] == 2021


def test_staff_add_and_delete_with_confirmation():
    at = sign_in(run())
    at.radio(key="w_page").set_value("records").run()
    at.text_input(key="add_name").input("Mô hình mới <script>")
    at.selectbox(key="add_field").set_value("khac")
    at.selectbox(key="add_commune_code").set_value("02533")
    at.number_input(key="add_year").set_value(2022)
    at.button(key="edit_add_submit").click().run()
    assert "Đã thêm mô hình" in at.success[0].value
    s = actions.records_store()
    added = store.read_records(s).query("name == 'Mô hình mới <script>'")
    assert len(added) == 1 and added.iloc[0]["commune_code"] == "02533" and added.iloc[0]["commune_name"] == "Đội Bình"
    record_id = added.iloc[0]["id"]
    assert store.history(s, record_id=record_id).iloc[0]["user"] == "lan"

    at.text_input(key="records_table_search").input("mô hình mới script").run()
    at.selectbox(key="records_table_detail").select_index(0).run()
    prefix = edit_prefix(at)
    at.button(key=f"{prefix}_delete").click().run()
    assert "Xóa hẳn mô hình" in at.warning[-1].value
    at.button(key=f"{prefix}_delete_yes").click().run()
    assert "Đã xóa mô hình" in at.success[0].value
    assert record_id not in set(store.read_records(s)["id"])
    assert store.history(s, record_id=record_id).iloc[-1]["action"] == "delete"


def test_add_without_a_name_is_refused():
    at = sign_in(run())
    at.radio(key="w_page").set_value("records").run()
    at.button(key="edit_add_submit").click().run()
    assert "Hãy nhập tên mô hình" in at.error[0].value
    assert len(store.read_records(actions.records_store())) == 915
