"""The import history page (dashboard/staff/batches.py): rollback asks first, then removes the whole batch."""
from dashboard.staff import actions
from dashboard.words.markup import plain
from geo.records import store
from tests.intake.builders import simple_xlsx
from tests.staff.helpers import NEW_ROWS, metric, run, sign_in


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


def test_rolling_back_every_record_leaves_a_working_map():
    at = sign_in(run({"page": "batches"}))
    at.button(key="rollback_1").click().run()
    at.button(key="rollback_yes_1").click().run()
    at.radio(key="w_page").set_value("map").run()
    assert not at.exception
    assert metric(at, "Số mô hình, điển hình") == "0"


def test_a_file_name_in_the_history_is_shown_as_written():
    name = "b&amp;c:[x](y).xlsx"
    imported(name)
    at = sign_in(run({"page": "batches"}))
    assert any(plain(name) in m.value for m in at.markdown)
