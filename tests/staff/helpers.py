"""What the staff tests share: the account, driving the app with AppTest, reading what it shows.

Every test gets a fresh SQLite database and the accounts "lan" and "minh"
(tests/staff/conftest.py); these helpers sign in through the real sidebar form.
"""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.staff import passwords
from tests.paths import APP

PASSWORD = "đúng-mật-khẩu 42"
HASH = passwords.hash_password(PASSWORD)
VIEWER_PAGES = ["Bản đồ", "Danh sách mô hình, điển hình", "Hồ sơ xã", "Nguồn dữ liệu"]

NEW_ROWS = [
    [1, "Mô hình nuôi cá lồng trên sông Lô", "Kinh tế", "Xã Lực Hành", "Hội Nông dân xã", 2021, "Nuôi cá", "20 hộ"],
    [2, "Tổ hòa giải <b>giỏi</b> thôn 3", "QP-AN", "Quý Quân", "Mặt trận xã", "Năm 2022", "", ""],
    [3, "Câu lạc bộ văn nghệ dân gian", "VH-XH", "xã Đội Bình", "Đoàn Thanh niên", 2020.0, "", ""],
]


def run(params: dict | None = None, timeout: int = 60, state: dict | None = None) -> AppTest:
    """The whole app after its first run, opened with the link parameters `params` in a session
    that already holds `state`."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    return at.run()


def sign_in(at: AppTest, user: str = "lan", password: str = PASSWORD) -> AppTest:
    at.text_input(key="auth_username").input(user)
    at.text_input(key="auth_password").input(password)
    return at.button(key="auth_submit").click().run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def keys(at: AppTest) -> set[str]:
    """The keys of the buttons, text inputs and select boxes on screen."""
    return {w.key for w in at.button} | {w.key for w in at.text_input} | {w.key for w in at.selectbox}


def messages(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.error, *at.warning, *at.info, *at.success, *at.caption])


def texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.error, *at.warning, *at.caption, *at.success, *at.markdown])
