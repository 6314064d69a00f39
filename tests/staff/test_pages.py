"""Staff sign-in, the import page, import history with rollback, and record editing.

AppTest drives the app with DVK_STAFF set and a fresh SQLite database per
test. st.file_uploader cannot be driven by AppTest, so the import is tested
through the functions the page calls (preview_upload, commit, rollback) and
through render_preview (everything below the uploader) in a small AppTest
script; the browser screenshot in the report shows the real uploader.
"""
import hashlib
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.staff import auth, pages as staff_pages, passwords
from geo import intake
from geo.records import store
from tests.intake.builders import simple_xlsx
from tests.paths import APP, ROOT

PASSWORD = "đúng-mật-khẩu 42"
HASH = passwords.hash_password(PASSWORD)

NEW_ROWS = [
    [1, "Mô hình nuôi cá lồng trên sông Lô", "Kinh tế", "Xã Lực Hành", "Hội Nông dân xã", 2021, "Nuôi cá", "20 hộ"],
    [2, "Tổ hòa giải <b>giỏi</b> thôn 3", "QP-AN", "Quý Quân", "Mặt trận xã", "Năm 2022", "", ""],
    [3, "Câu lạc bộ văn nghệ dân gian", "VH-XH", "xã Đội Bình", "Đoàn Thanh niên", 2020.0, "", ""],
]


@pytest.fixture(autouse=True)
def staff_env(monkeypatch, tmp_path):
    """A fresh database and one staff account ("lan") for every test; no throttle history."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'staff.sqlite3'}")
    monkeypatch.setenv("DVK_STAFF", f"lan:{HASH}, minh:{HASH}")
    monkeypatch.delenv("DVK_RECORDS", raising=False)
    auth.throttle.clear()
    yield
    auth.throttle.clear()


def run(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def sign_in(at: AppTest, user: str = "lan", password: str = PASSWORD) -> AppTest:
    at.text_input(key="auth_username").input(user)
    at.text_input(key="auth_password").input(password)
    return at.button(key="auth_submit").click().run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def keys(at: AppTest) -> set[str]:
    return {w.key for w in at.button} | {w.key for w in at.text_input} | {w.key for w in at.selectbox}


def messages(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.error, *at.warning, *at.info, *at.success, *at.caption])


# --- Viewers ---------------------------------------------------------------------------

def test_viewer_sees_no_staff_page_or_control():
    at = run()
    assert not at.exception
    assert at.radio(key="w_page").options == ["Bản đồ", "Danh sách mô hình", "Nguồn dữ liệu"]
    assert not {k for k in keys(at) if k and k.startswith(("import", "edit", "rollback"))}
    assert "auth_username" in keys(at)            # only the sign-in form


def test_viewer_records_page_has_no_edit_widgets():
    at = run({"page": "records"})
    at.selectbox(key="records_table_detail").select_index(0).run()
    assert not at.exception
    assert not {k for k in keys(at) if k and k.startswith(("edit", "add_"))}
    assert "Sửa dữ liệu" not in "\n".join(str(s.value) for s in at.subheader)


@pytest.mark.parametrize("page", ["import", "batches"])
def test_staff_page_link_shows_viewers_the_map_with_a_notice(page):
    at = run({"page": page})
    assert not at.exception
    assert at.query_params["page"] == "map"
    assert "chỉ dành cho cán bộ đã đăng nhập" in messages(at)
    assert metric(at, "Số mô hình, điển hình") == "915"


def test_without_accounts_the_form_says_so(monkeypatch):
    monkeypatch.delenv("DVK_STAFF")
    at = run()
    assert "Chưa cấu hình tài khoản cán bộ" in messages(at)
    assert "auth_username" not in keys(at)


# --- Sign-in ---------------------------------------------------------------------------

def test_wrong_password_is_refused_and_repeated_tries_must_wait():
    at = run()
    sign_in(at, password="sai")
    assert "Sai tên đăng nhập hoặc mật khẩu." in at.error[0].value
    sign_in(at, password="sai nữa")
    sign_in(at, password="vẫn sai")                        # third failure: the lockout starts
    assert "đợi" in messages(at)
    sign_in(at)                                            # even the right password waits now
    assert "Đã đăng nhập sai nhiều lần. Hãy đợi" in messages(at)
    assert at.radio(key="w_page").options == ["Bản đồ", "Danh sách mô hình", "Nguồn dữ liệu"]
    assert auth.USER_KEY not in at.session_state


def test_unknown_user_is_refused_like_a_wrong_password():
    at = sign_in(run(), user="ai-do")
    assert "Sai tên đăng nhập hoặc mật khẩu." in at.error[0].value


def test_right_password_shows_the_staff_pages_not_in_the_url():
    at = sign_in(run(), user="  LAN ")
    assert not at.exception
    assert at.radio(key="w_page").options == ["Bản đồ", "Danh sách mô hình", "Nguồn dữ liệu",
                                             "Nhập dữ liệu", "Lịch sử nhập", "Ranh giới"]
    assert at.session_state[auth.USER_KEY] == "lan"
    assert "lan" not in str(dict(at.query_params)).lower().replace("lang", "")
    at.radio(key="w_page").set_value("import").run()
    assert not at.exception
    assert at.query_params["page"] == "import"
    assert "Nhập danh sách mô hình" in at.subheader[0].value
    assert "tối đa 20 MB" in messages(at)
    at.button(key="auth_sign_out").click().run()
    assert at.query_params["page"] == "map"
    assert at.radio(key="w_page").options == ["Bản đồ", "Danh sách mô hình", "Nguồn dữ liệu"]


def test_signing_in_after_a_staff_link_opens_that_page():
    at = sign_in(run({"page": "batches"}))
    assert at.query_params["page"] == "batches"
    assert "Lịch sử nhập dữ liệu" in at.subheader[0].value
    assert "#system" not in messages(at)
    assert at.dataframe[0].value.shape[0] == 1           # the demo seed batch


def test_removed_account_loses_staff_rights(monkeypatch):
    at = sign_in(run())
    monkeypatch.setenv("DVK_STAFF", "minh:" + HASH)
    at.run()
    assert at.radio(key="w_page").options == ["Bản đồ", "Danh sách mô hình", "Nguồn dữ liệu"]


def test_read_only_mode_disables_import(monkeypatch):
    monkeypatch.setenv("DVK_RECORDS", str(ROOT / "data/demo/records.csv"))
    at = sign_in(run())
    at.radio(key="w_page").set_value("import").run()
    assert "chế độ chỉ đọc" in messages(at)
    assert not {k for k in keys(at) if k and k.startswith("import")}


# --- Import: the functions behind the page -------------------------------------------------

def test_preview_commit_refresh_and_rollback_change_the_map():
    data = simple_xlsx(NEW_ROWS)
    s = staff_pages.records_store()
    p = staff_pages.preview_upload(data, "bao-cao.xlsx", s)
    assert p.counts()["error"] == 0 and len(p.importable) == 3
    assert staff_pages.commit_refusal(p) is None
    outcome = staff_pages.commit(s, p, data, "bao-cao.xlsx", user="lan")
    assert (outcome.added, outcome.duplicates, outcome.already_imported) == (3, 0, False)
    at = run()
    assert metric(at, "Số mô hình, điển hình") == "918"
    batch = store.batches(s).iloc[-1]
    assert (batch["user"], batch["filename"], batch["file_sha256"]) == (
        "lan", "bao-cao.xlsx", hashlib.sha256(data).hexdigest())
    names = set(store.read_records(s)["name"])
    assert "Tổ hòa giải <b>giỏi</b> thôn 3" in names      # stored as text, never rendered

    again = staff_pages.preview_upload(data, "bao-cao.xlsx", s)   # the same file again: all duplicates
    assert all(r.is_duplicate for r in again.rows)
    assert staff_pages.commit_refusal(again) == ("import_nothing_new", {})

    assert staff_pages.rollback(s, int(batch["id"]), user="minh") == 3
    assert metric(at.run(), "Số mô hình, điển hình") == "915"
    assert store.batches(s).iloc[-1]["rolled_back_by"] == "minh"


def test_error_rows_block_the_commit_and_nothing_is_written():
    data = simple_xlsx(NEW_ROWS + [[4, "Mô hình không rõ xã", "Kinh tế", "Xã Không Có", "", 2021, "", ""]])
    s = staff_pages.records_store()
    p = staff_pages.preview_upload(data, "loi.xlsx", s)
    assert staff_pages.commit_refusal(p) == ("import_blocked_errors", {"count": 1})
    with pytest.raises(ValueError):
        staff_pages.commit(s, p, data, "loi.xlsx", user="lan")
    assert len(store.read_records(s)) == 915 and len(store.batches(s)) == 1


def test_an_upload_over_the_limit_is_refused_with_a_message():
    with pytest.raises(intake.IntakeError) as caught:
        staff_pages.preview_upload(b"x" * (50 * 2**20), "lon.xlsx", staff_pages.records_store())
    assert caught.value.key == "file_too_large"
    assert "tối đa 20" in caught.value.text("vi")


def test_preview_table_translates_status_and_reasons():
    data = simple_xlsx(NEW_ROWS[:1] + [[2, "Không rõ xã", "Kinh tế", "Xã Không Có", "", 2021, "", ""]])
    p = staff_pages.preview_upload(data, "x.xlsx", staff_pages.records_store())
    table = staff_pages.preview_table(p, {"02434": "Lực Hành"}, "vi")
    assert list(table.columns) == ["Trang", "Dòng", "Trạng thái", "Lý do", "Tên mô hình, điển hình", "Lĩnh vực",
                                   "Năm", "Xã, thị trấn"]
    assert list(table["Trạng thái"]) == ["Sẵn sàng", "Lỗi – không nhập"]
    assert "Không tìm thấy xã, thị trấn" in table["Lý do"][1]
    assert table["Xã, thị trấn"][0] == "Lực Hành" and table["Dòng"][0] == 2


# --- Import: the preview screen, in an AppTest script ---------------------------------------

def _preview_script():
    import os

    import streamlit as st

    from dashboard.staff import pages as staff_pages

    from dashboard import url
    from dashboard.config import load_config
    from dashboard.data import load_dataset

    config = load_config()
    data = load_dataset(config)
    st.session_state.setdefault("staff_user", "lan")
    path = os.environ["DVK_TEST_UPLOAD"]
    with open(path, "rb") as f:
        staff_pages.show_flash()
        staff_pages.render_preview(url.View(), data, f.read(), os.path.basename(path))


def preview_app(tmp_path, monkeypatch, rows, name="bao-cao.xlsx", header=None) -> AppTest:
    path = tmp_path / name
    path.write_bytes(simple_xlsx(rows, **({"header": header} if header else {})))
    monkeypatch.setenv("DVK_TEST_UPLOAD", str(path))
    return AppTest.from_function(_preview_script, default_timeout=60).run()


def test_preview_screen_shows_mapping_counts_rows_and_commits(tmp_path, monkeypatch):
    at = preview_app(tmp_path, monkeypatch, NEW_ROWS)
    assert not at.exception
    assert metric(at, "Sẵn sàng") == "3" and metric(at, "Lỗi") == "0"
    assert at.selectbox(key="map_1_0_name").value == 1          # column B, "Tên mô hình"
    assert at.dataframe[0].value.shape[0] == 3
    commit = at.button(key="import_commit")
    assert not commit.disabled
    commit.click().run()
    assert "Đã ghi lô số 2" in at.success[0].value and "thêm 3 mô hình" in at.success[0].value
    assert len(store.read_records(staff_pages.records_store())) == 918


def test_preview_screen_disables_commit_and_says_why(tmp_path, monkeypatch):
    at = preview_app(tmp_path, monkeypatch, [[1, "Mô hình", "Kinh tế", "Nơi nào đó", "", 2021, "", ""]])
    assert at.button(key="import_commit").disabled
    assert "1 dòng có lỗi" in at.warning[-1].value


def test_the_user_can_correct_the_column_mapping(tmp_path, monkeypatch):
    # "Ghi chú" holds the commune here: unmapped, every row misses its commune until the user says so.
    header = ["STT", "Tên mô hình", "Lĩnh vực", "Ghi chú", "Đơn vị thực hiện", "Năm"]
    rows = [[1, "Mô hình A", "Kinh tế", "Xã Lực Hành", "Hội Nông dân", 2021],
            [2, "Mô hình B", "Khác", "Quý Quân", "Đoàn xã", 2022]]
    at = preview_app(tmp_path, monkeypatch, rows, header=header)
    assert metric(at, "Lỗi") == "2" and at.button(key="import_commit").disabled
    at.selectbox(key="map_1_0_commune_name").set_value(3)
    at.button(key="map_1_0_apply").click().run()
    assert not at.exception
    assert metric(at, "Sẵn sàng") == "2" and metric(at, "Lỗi") == "0"
    assert not at.button(key="import_commit").disabled


def test_file_text_is_never_rendered_as_html(tmp_path, monkeypatch):
    evil = "<img src=x onerror=alert(1)>"
    at = preview_app(tmp_path, monkeypatch, [[1, evil, "Kinh tế", evil, "", 2021, "", ""]], name="<b>x.xlsx")
    assert not at.exception
    shown = [str(e.value) for e in [*at.markdown, *at.caption, *at.warning, *at.error]]
    assert any("b\\>x" in text for text in shown)                   # the file name is shown…
    for text in shown:                                                # …escaped: Markdown shows it as text
        assert not re.search(r"(?<!\\)<(img|b)", text)


# --- History and rollback through the UI ---------------------------------------------------

def test_rollback_in_the_ui_asks_first_and_returns_to_915():
    s = staff_pages.records_store()
    data = simple_xlsx(NEW_ROWS)
    staff_pages.commit(s, staff_pages.preview_upload(data, "a.xlsx", s), data, "a.xlsx", user="lan")
    batch_id = int(store.batches(s).iloc[-1]["id"])
    at = sign_in(run({"page": "batches"}))
    at.button(key=f"rollback_{batch_id}").click().run()
    assert "sẽ bị xóa" in at.warning[-1].value
    assert len(store.read_records(s)) == 918                # nothing happens before the confirmation
    at.button(key=f"rollback_yes_{batch_id}").click().run()
    assert f"Đã hoàn tác lô {batch_id}: xóa 3 mô hình" in at.success[0].value
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


# --- Editing single records ----------------------------------------------------------------

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
    s = staff_pages.records_store()
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
    s = staff_pages.records_store()
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
    assert len(store.read_records(staff_pages.records_store())) == 915


# --- Passwords and the throttle (no Streamlit) ----------------------------------------------

def test_hash_and_verify():
    assert HASH.startswith("scrypt$16384$8$1$") and HASH.count("$") == 5
    assert passwords.verify(HASH, PASSWORD)
    assert not passwords.verify(HASH, PASSWORD + " ")
    assert passwords.hash_password(PASSWORD) != HASH                 # salted
    for broken in ("", "plain", "scrypt$1$8$1$AA==$AA==", "md5$16384$8$1$AA==$AA==",
                   "scrypt$16384$8$1$not base64$AA==", HASH.replace("scrypt$16384", "scrypt$4194304")):
        assert not passwords.verify(broken, PASSWORD)
    assert not passwords.verify(HASH, "x" * (passwords.MAX_PASSWORD + 1))


def test_accounts_from_the_environment():
    assert passwords.parse_accounts(" a:h1 , b : h2,bad,:x,c:") == {"a": "h1", "b": "h2"}
    assert passwords.check({"Lan": HASH}, " lan", PASSWORD) == "Lan"
    assert passwords.check({"Lan": HASH}, "lan", "wrong") is None
    assert passwords.check({}, "lan", PASSWORD) is None


def test_throttle_backs_off_exponentially_up_to_five_minutes():
    now = [1000.0]
    guard = passwords.Throttle(clock=lambda: now[0])
    for _ in range(2):
        guard.failed("lan")
    assert guard.wait("lan") == 0
    guard.failed("LAN ")                   # third failure: 15 s
    assert guard.wait("lan") == 15 and guard.wait("minh") == 0
    now[0] += 16
    assert guard.wait("lan") == 0
    guard.failed("lan")                    # fourth: 30 s, and so on, at most 300 s
    assert guard.wait("lan") == 30
    for _ in range(10):
        guard.failed("lan")
    assert guard.wait("lan") == 300
    guard.succeeded("lan")
    assert guard.wait("lan") == 0


def test_throttle_also_counts_failures_across_names():
    now = [0.0]
    guard = passwords.Throttle(clock=lambda: now[0])
    for i in range(passwords.GLOBAL_FREE_TRIES):
        guard.failed(f"user{i}")
    assert guard.wait("someone-new") == 15
    now[0] += passwords.FORGET_AFTER + 1
    assert guard.wait("someone-new") == 0
