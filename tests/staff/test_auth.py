"""Staff sign-in (dashboard/staff/auth.py) and what viewers never get, through the whole app in AppTest."""
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.staff import auth
from dashboard.words.markup import plain
from tests.paths import ROOT
from tests.staff.helpers import HASH, VIEWER_PAGES, keys, messages, metric, run, sign_in

# --- Viewers ---------------------------------------------------------------------------


def test_viewer_sees_no_staff_page_or_control():
    at = run()
    assert not at.exception
    assert at.radio(key="w_page").options == VIEWER_PAGES
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


def test_the_staff_notice_stays_while_the_view_stays_and_goes_when_it_changes():
    at = run({"page": "import"})
    at.text_input(key="auth_username").input("lan").run()     # a rerun that leaves the view as it is
    at.run()
    assert "chỉ dành cho cán bộ đã đăng nhập" in messages(at)
    at.radio(key="w_metric").set_value("per1000").run()            # the view changes: the notice is stale
    assert "chỉ dành cho cán bộ đã đăng nhập" not in messages(at)


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
    assert at.radio(key="w_page").options == VIEWER_PAGES
    assert auth.USER_KEY not in at.session_state


def test_unknown_user_is_refused_like_a_wrong_password():
    at = sign_in(run(), user="ai-do")
    assert "Sai tên đăng nhập hoặc mật khẩu." in at.error[0].value


def test_right_password_shows_the_staff_pages_not_in_the_url():
    at = sign_in(run(), user="  LAN ")
    assert not at.exception
    assert at.radio(key="w_page").options == [*VIEWER_PAGES, "Nhập dữ liệu", "Lịch sử nhập", "Ranh giới"]
    assert at.session_state[auth.USER_KEY] == "lan"
    assert "lan" not in str(dict(at.query_params)).lower().replace("lang", "")
    at.radio(key="w_page").set_value("import").run()
    assert not at.exception
    assert at.query_params["page"] == "import"
    assert "Nhập danh sách mô hình" in at.subheader[0].value
    assert "tối đa 20 MB" in messages(at)
    at.button(key="auth_sign_out").click().run()
    assert at.query_params["page"] == "map"
    assert at.radio(key="w_page").options == VIEWER_PAGES


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
    assert at.radio(key="w_page").options == VIEWER_PAGES


def test_read_only_mode_disables_import(monkeypatch):
    monkeypatch.setenv("DVK_RECORDS", str(ROOT / "data/demo/records.csv"))
    at = sign_in(run())
    at.radio(key="w_page").set_value("import").run()
    assert "chế độ chỉ đọc" in messages(at)
    assert not {k for k in keys(at) if k and k.startswith("import")}


# --- The signed-in name is text, never Markdown ------------------------------------------

ODD_NAME = "lan&amp;[x](javascript:alert(1)) *đậm* <b>"


def _signed_in_script():
    import streamlit as st

    from dashboard.staff import auth
    from tests.staff.test_auth import ODD_NAME

    st.session_state.setdefault(auth.USER_KEY, ODD_NAME)
    auth.sidebar("vi")


def test_the_signed_in_name_is_shown_as_written(monkeypatch):
    # secrets.toml may name an account with any characters; DVK_STAFF cannot hold a ":" in a name
    monkeypatch.setattr(auth, "accounts", lambda: {ODD_NAME: HASH})
    at = AppTest.from_function(_signed_in_script, default_timeout=30).run()
    assert not at.exception
    line = at.markdown[0].value
    assert line == f"Đã đăng nhập: **{plain(ODD_NAME)}**"
    assert "lan\\&amp;\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in line     # no entity, no link, no scheme


def test_signing_in_says_who_is_signed_in_and_offers_each_staff_page():
    """Issue 13: after signing in, the main area says so, with a button to each staff page; the
    notice is for that moment, not every later run."""
    at = sign_in(run())
    welcome = next(s.value for s in at.success if "Đã đăng nhập với tài khoản" in s.value)
    assert "**lan**" in welcome and "nhập dữ liệu" in welcome
    assert {"welcome_import", "welcome_batches", "welcome_boundaries"} <= keys(at)
    at.button(key="welcome_batches").click().run()
    assert not at.exception
    assert at.query_params["page"] == "batches"
    assert "Lịch sử nhập dữ liệu" in at.subheader[0].value
    assert not any("Đã đăng nhập với tài khoản" in s.value for s in at.success)
    assert "welcome_import" not in keys(at)


def test_a_failed_sign_in_offers_no_staff_page():
    at = sign_in(run(), password="sai")
    assert not any("Đã đăng nhập với tài khoản" in s.value for s in at.success)
    assert "welcome_import" not in keys(at)


def test_the_sign_in_box_sits_above_the_page_picker():
    """Staff find it at the top of the sidebar, and the staff pages appear right under it."""
    at = run()
    order = [getattr(w, "key", None) for w in at.sidebar]
    assert order.index("w_lang") < order.index("auth_form") < order.index("w_page")
