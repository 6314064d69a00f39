"""The one staff guard (dashboard/staff/guard.py): every write goes through it, and only staff get by.

Three proofs. The list: the registered callbacks are exactly the expected ones,
and a scan of dashboard/staff/*.py finds no function (or lambda) that writes
without the guard, so a new unguarded write callback fails here. The
callbacks: each one, pressed in a viewer's session or by a staff member whose
account was removed, changes nothing, while the same click signed in does
write. The app: a viewer's link or session state never brings a write button.
"""
import ast

import pytest
from streamlit.testing.v1 import AppTest

import dashboard.staff  # noqa: F401  (imports every page, so every guarded callback is registered)
from dashboard.staff import actions, auth, guard
from geo.records import store
from tests.paths import ROOT
from tests.staff import forged
from tests.staff.helpers import HASH, keys, run

EXPECTED = {
    "dashboard.staff.imports._commit_clicked": guard.RECORDS,
    "dashboard.staff.batches._rollback_clicked": guard.RECORDS,
    "dashboard.staff.batches._remove_demo_clicked": guard.RECORDS,
    "dashboard.staff.editing._add_clicked": guard.RECORDS,
    "dashboard.staff.editing._save_clicked": guard.RECORDS,
    "dashboard.staff.editing._delete_clicked": guard.RECORDS,
    "dashboard.staff.boundary_page._switch": guard.BOUNDARIES,
    "dashboard.staff.boundary_page._save_clicked": guard.BOUNDARIES,
}
NEEDS_SIGN_IN = "Việc này chỉ dành cho cán bộ đã đăng nhập; dữ liệu không thay đổi."

# --- The list ----------------------------------------------------------------------------------

# What writes, as the staff modules name it: the actions (dashboard/staff/actions.py), the store's
# writes, and BoundarySets' methods.
# (The trace of a refused upload, actions.record_refusal, changes no record and is left while the
# import page is drawn, which only signed-in staff see; it asks auth.current_user itself.)
ACTION_WRITES = {"commit", "rollback", "add", "save", "delete", "remove_demo"}
STORE_WRITES = {"import_batch", "rollback_batch", "add_record", "update_record", "delete_record", "remove_demo"}
SET_WRITES = {"save", "activate", "deactivate"}
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def writes_in(function: ast.AST) -> list[str]:
    """The writes a function's own body uses (called or handed on); nested functions count on their own."""
    found, todo = [], list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        if isinstance(node, (*FUNCTIONS, ast.ClassDef)):
            continue
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner, attr = node.value.id, node.attr
            if (owner == "actions" and attr in ACTION_WRITES) or (owner == "store" and attr in STORE_WRITES):
                found.append(f"{owner}.{attr}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SET_WRITES:
            found.append(f"….{node.func.attr}()")
        todo.extend(ast.iter_child_nodes(node))
    return found


def is_guarded(function: ast.AST) -> bool:
    return any(isinstance(d, ast.Call) and "staff_action" in (getattr(d.func, "id", ""), getattr(d.func, "attr", ""))
               for d in getattr(function, "decorator_list", []))


def test_every_write_callback_is_registered_with_what_it_writes():
    assert {name: callback.writes for name, callback in guard.WRITE_ACTIONS.items()} == EXPECTED


def test_every_function_that_writes_is_guarded():
    guarded, unguarded, by_name = set(), [], []
    for path in sorted((ROOT / "dashboard" / "staff").glob("*.py")):
        if path.name == "actions.py":       # the writes themselves, reached only through guarded callbacks
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = f"dashboard.staff.{path.stem}.{getattr(node, 'name', '<lambda>')}"
            if isinstance(node, FUNCTIONS) and is_guarded(node):
                assert writes_in(node), name       # the scan sees the writes of every guarded callback
                guarded.add(name)
            elif isinstance(node, FUNCTIONS) and writes_in(node):
                unguarded.append(f"{name}: {writes_in(node)}")
            elif isinstance(node, ast.ImportFrom) and node.module in ("dashboard.staff.actions", "geo.records.store"):
                by_name += [f"{path.name}: {a.name}" for a in node.names]   # would hide a write from the scan
    assert unguarded == [] and by_name == []
    assert guarded == set(EXPECTED)


# --- The callbacks, pressed by anyone ------------------------------------------------------------

def _forged_click_script():
    import os

    import streamlit as st

    import dashboard.staff  # noqa: F401
    from dashboard import url
    from dashboard.staff import auth, guard
    from tests.staff import forged

    lang = os.environ["DVK_TEST_LANG"]
    st.session_state.setdefault("view", url.View(lang=lang))
    name = os.environ["DVK_TEST_CALLBACK"]
    st.button("forged", key="forged", on_click=guard.WRITE_ACTIONS[name], args=forged.arguments(name, lang))
    auth.sidebar(lang)


@pytest.fixture(autouse=True)
def an_import() -> None:
    """An import batch for the rollback callback (the demo records' batch is refused by the store)."""
    forged.import_one()


@pytest.fixture
def saved_version() -> str:
    """One saved, inactive boundary set, for the switch to activate."""
    return forged.save_version()


def press(monkeypatch, name: str, user: str | None = None, lang: str = "vi", before_click=None) -> AppTest:
    """Draw a button wired to the guarded callback `name` in a session of `user` (None: a viewer),
    then press it (after `before_click`, if any)."""
    monkeypatch.setenv("DVK_TEST_CALLBACK", name)
    monkeypatch.setenv("DVK_TEST_LANG", lang)
    at = AppTest.from_function(_forged_click_script, default_timeout=120)
    if user:
        at.session_state[auth.USER_KEY] = user
    at.run()
    assert not at.exception
    if before_click:
        before_click()
    return at.button(key="forged").click().run()


def warnings(at: AppTest) -> str:
    return "\n".join(str(w.value) for w in at.warning)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_viewer_cannot_run_a_write_callback(name, monkeypatch, saved_version):
    before = forged.footprint()
    at = press(monkeypatch, name)
    assert not at.exception
    assert forged.footprint() == before
    assert NEEDS_SIGN_IN in warnings(at)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_removed_staff_member_cannot_run_a_write_callback(name, monkeypatch, saved_version):
    before = forged.footprint()
    at = press(monkeypatch, name, user="lan", before_click=lambda: monkeypatch.setenv("DVK_STAFF", f"minh:{HASH}"))
    assert not at.exception
    assert forged.footprint() == before
    assert NEEDS_SIGN_IN in warnings(at) and auth.USER_KEY not in at.session_state


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_same_click_signed_in_writes_under_that_name(name, monkeypatch, saved_version):
    before = forged.footprint()
    at = press(monkeypatch, name, user="lan")
    assert not at.exception and NEEDS_SIGN_IN not in warnings(at)
    assert forged.footprint() != before
    if EXPECTED[name] == guard.RECORDS:
        assert store.history(actions.records_store()).iloc[-1]["user"] == "lan"


def test_the_refusal_is_said_in_the_users_language(monkeypatch, saved_version):
    at = press(monkeypatch, "dashboard.staff.batches._rollback_clicked", lang="en")
    assert "This is for signed-in staff only; nothing was changed." in warnings(at)


def test_read_only_mode_refuses_record_writes_even_to_staff(monkeypatch, saved_version):
    before = forged.footprint()
    at = press(monkeypatch, "dashboard.staff.editing._delete_clicked", user="lan",
               before_click=lambda: monkeypatch.setenv("DVK_RECORDS", str(ROOT / "data/demo/records.csv")))
    assert forged.footprint() == before
    assert "chế độ chỉ đọc" in warnings(at)


# --- The app: no write button for a viewer, whatever the link or the session says ----------------

WRITE_BUTTONS = ("import_commit", "rollback_1", "rollback_yes_1", "demo_remove", "demo_remove_yes",
                 "edit_add_submit", "boundary_save", "boundary_use", "boundary_use_default")


@pytest.mark.parametrize("page", ["import", "batches", "boundaries", "records"])
def test_a_viewer_gets_no_write_button_by_link_or_session_state(page, saved_version):
    before = forged.footprint()
    # what a staff session holds just before a write: pending confirmations, a filled form, pressed buttons
    state = {"confirm_rollback": 1, "confirm_delete": forged.first_record()["id"], "add_name": "Mô hình giả",
             "boundary_pick": saved_version, **dict.fromkeys(WRITE_BUTTONS, True)}
    at = run({"page": page}, state=state, timeout=120)
    if page == "records":
        at.selectbox(key="records_table_detail").select_index(0).run()
    assert not at.exception
    assert at.query_params["page"] == ("records" if page == "records" else "map")
    shown = {k for k in keys(at) if k}
    assert not shown & set(WRITE_BUTTONS)
    assert not {k for k in shown if k.startswith(("import", "rollback", "edit_", "add_", "boundary_"))}
    assert forged.footprint() == before
