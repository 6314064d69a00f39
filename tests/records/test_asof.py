"""Records as of a past moment (geo/records/asof.py), on SQLite and PostgreSQL like test_store."""
import time
from datetime import datetime, timedelta, timezone

import pandas.testing as pdt

from geo.records import asof
from geo.records import store as st
from tests.records.test_store import demo, office_rows, sha, store  # noqa: F401 (fixtures)


def moment() -> datetime:
    """Now, between two writes: the clock moves on before the next one starts."""
    time.sleep(0.01)
    now = datetime.now(timezone.utc)
    time.sleep(0.01)
    return now


def test_the_records_at_each_moment_are_what_the_store_held_then(store, demo):
    """Imports, edits, deletions and rollbacks after a moment are undone; those before it are kept."""
    snapshots = [(moment(), st.read_records(store))]  # empty
    st.seed_if_empty(store, demo.head(30))
    a = st.import_batch(store, office_rows(6), "can-bo-a", "a.xlsx", sha("a"))
    st.update_record(store, f"R-{a.batch_id}-000002", {"year": 2021, "name": "Đổi tên"}, user="can-bo-a")
    snapshots.append((moment(), st.read_records(store)))
    b = st.import_batch(store, office_rows(4, start=50), "can-bo-b", "b.xlsx", sha("b"))
    st.delete_record(store, f"R-{a.batch_id}-000003", user="can-bo-b")
    st.update_record(store, f"R-{a.batch_id}-000002", {"year": 2022}, user="can-bo-b")
    snapshots.append((moment(), st.read_records(store)))
    st.rollback_batch(store, a.batch_id, user="truong-ban")
    st.remove_demo(store, user="truong-ban")
    st.add_record(store, office_rows(1, start=90).iloc[0].to_dict(), user="can-bo-b")
    snapshots.append((moment(), st.read_records(store)))

    live = st.read_records(store)
    assert len(live) == 4 + 1 and b.added == 4
    deleted = f"R-{a.batch_id}-000003"  # deleted on purpose: at no moment (the next test)
    for at, then in snapshots:
        pdt.assert_frame_equal(asof.records_at(store, at, live), then[then["id"] != deleted].reset_index(drop=True))


def test_a_record_deleted_on_purpose_is_shown_at_no_moment(store):
    """Staff delete a record on purpose (a person's name, a person who asked to be left out): a link as of an
    earlier moment leaves it out too, whatever was done to it before; a rollback and edits are still undone."""
    a = st.import_batch(store, office_rows(3), "can-bo-a", "a.xlsx", sha("a"))
    b = st.import_batch(store, office_rows(2, start=10), "can-bo-a", "b.xlsx", sha("b"))
    at = moment()
    then = st.read_records(store)
    person = f"R-{a.batch_id}-000002"
    st.update_record(store, person, {"name": "Điển hình: ông Nguyễn Văn A, 0912 345 678"}, user="can-bo-a")
    st.delete_record(store, person, user="truong-ban")
    st.update_record(store, f"R-{a.batch_id}-000001", {"year": 2021}, user="can-bo-a")
    st.rollback_batch(store, b.batch_id, user="truong-ban")

    shown = asof.records_at(store, at, st.read_records(store))
    pdt.assert_frame_equal(shown, then[then["id"] != person].reset_index(drop=True))


def test_nothing_changed_since_gives_todays_records_themselves(store):
    st.import_batch(store, office_rows(3), "a", "a.xlsx", sha("a"))
    live = st.read_records(store)
    assert asof.records_at(store, moment(), live) is live
    assert asof.records_at(store, datetime.now(timezone.utc) + timedelta(days=1), live) is live


def test_a_moment_in_another_time_zone_is_the_same_moment(store):
    """Links name Vietnam's clock; the store keeps UTC."""
    st.import_batch(store, office_rows(2), "a", "a.xlsx", sha("a"))
    at = moment()
    st.import_batch(store, office_rows(2, start=10), "a", "b.xlsx", sha("b"))
    live = st.read_records(store)
    hanoi = at.astimezone(timezone(timedelta(hours=7)))
    assert len(asof.records_at(store, hanoi, live)) == 2
    assert len(asof.records_at(store, hanoi - timedelta(hours=1), live)) == 0


def test_an_import_running_at_the_moment_counts_after_it(store, monkeypatch):
    """A link made while a long import runs shows the records without it, as the room saw them then; once
    the import is committed, the same link still does (the import is placed when it is written, not begun)."""
    st.import_batch(store, office_rows(2), "a", "a.xlsx", sha("a"))
    then, made = st.read_records(store), []
    checks = st.validate_records
    monkeypatch.setattr(st, "validate_records", lambda rows: made.append(moment()) or checks(rows))
    st.import_batch(store, office_rows(3, start=10), "b", "b.xlsx", sha("b"))
    monkeypatch.undo()
    pdt.assert_frame_equal(asof.records_at(store, made[0], st.read_records(store)), then)


def test_a_rollback_running_at_the_moment_counts_after_it(store, monkeypatch):
    a = st.import_batch(store, office_rows(2), "a", "a.xlsx", sha("a"))
    then, made = st.read_records(store), []
    select = st._select
    monkeypatch.setattr(st, "_select", lambda conn, where: made.append(moment()) or select(conn, where))
    st.rollback_batch(store, a.batch_id, user="truong-ban")
    monkeypatch.undo()
    pdt.assert_frame_equal(asof.records_at(store, made[0], st.read_records(store)), then)
