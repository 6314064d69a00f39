"""Backups of the record store (geo/records/backup.py), issue 10 item 7.

A backup is one SQLite file in the store's own schema, whichever engine it came
from, so a backup of either engine restores into either. The round trip keeps
every record, import batch and audit row, and the data version; the backup is a
consistent snapshot while another process writes.
"""
import hashlib
import sqlite3
import threading
import time
from datetime import datetime, timezone

import pandas as pd
import pytest
import sqlalchemy as sa

from geo.records import backup
from geo.records import store as st
from geo.records.schema import load_records

ENGINES = ["sqlite", "postgresql"]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def office_rows(n: int, start: int = 0) -> pd.DataFrame:
    return pd.DataFrame({"name": [f"Mô hình sao lưu số {i}" for i in range(start, start + n)],
                         "kind": "mo-hinh", "field": "kinh-te", "year": 2023, "commune_code": "02533",
                         "unit": "UBND xã Đội Bình", "source": "Báo cáo 2023"})


def opened(url: str) -> st.Store:
    s = st.open_store(url)
    st.upgrade(s)
    return s


def in_vietnam_time(url: str) -> str:
    """A PostgreSQL session in UTC+7: times must not shift on their way through a backup."""
    if not url.startswith("postgresql"):
        return url
    u = sa.make_url(url)
    options = f"{u.query.get('options', '')} -ctimezone=Asia/Ho_Chi_Minh".strip()
    return u.update_query_dict({"options": options}).render_as_string(hide_password=False)


def fill(s: st.Store) -> None:
    """Every kind of write: the demo seeding, imports, edits, a delete, a rollback."""
    st.seed_if_empty(s, load_records())
    kept = st.import_batch(s, office_rows(40), "lan", "bao-cao-a.xlsx", sha("a"))
    gone = st.import_batch(s, office_rows(10, start=100), "lan", "bao-cao-b.xlsx", sha("b"))
    record_id = st.add_record(s, office_rows(1, start=200).iloc[0].to_dict(), user="minh")
    st.update_record(s, record_id, {"year": 2021, "description": "Sửa “mô tả” – có dấu"}, user="minh")
    st.delete_record(s, f"R-{kept.batch_id}-000003", user="minh")
    st.rollback_batch(s, gone.batch_id, user="admin")


def utc(value):
    if hasattr(value, "tzinfo"):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return value


def dump(s: st.Store) -> dict:
    """Every row of every table, all columns, times in UTC: what must survive a round trip."""
    out = {}
    with s.engine.connect() as conn:
        for table in (st.import_batches, st.records, st.changes, st.version_counter):
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings().all()
            out[table.name] = [{k: utc(v) for k, v in row.items()} for row in rows]
    return out


@pytest.mark.parametrize("source_engine", ENGINES)
@pytest.mark.parametrize("target_engine", ENGINES)
def test_a_backup_restores_every_record_batch_and_audit_row_into_either_engine(
        new_url, tmp_path, source_engine, target_engine):
    source = opened(in_vietnam_time(new_url(source_engine)))
    fill(source)
    file = tmp_path / "dvk-backup.sqlite3"
    taken = backup.backup(source, file)
    assert (taken.records, taken.batches, taken.data_version) == (915 + 40 + 10 + 1 - 1 - 10, 3, st.data_version(source))
    target = opened(in_vietnam_time(new_url(target_engine)))
    restored = backup.restore(file, target)
    assert restored.records == taken.records and restored.changes == taken.changes
    assert dump(target) == dump(source)
    assert st.data_version(target) == st.data_version(source)
    # ids carry on after the restored ones (PostgreSQL sequences are moved past them)
    later = st.import_batch(target, office_rows(2, start=300), "lan", "bao-cao-c.xlsx", sha("c"))
    assert later.batch_id == 4 and later.added == 2
    assert st.history(target)["id"].is_monotonic_increasing
    for s in (source, target):
        s.dispose()


@pytest.mark.parametrize("engine", ENGINES)
def test_restore_refuses_a_store_that_holds_data_unless_forced(new_url, tmp_path, engine):
    source = opened(new_url("sqlite"))
    fill(source)
    file = tmp_path / "b.sqlite3"
    backup.backup(source, file)
    target = opened(new_url(engine))
    st.add_record(target, office_rows(1, start=900).iloc[0].to_dict(), user="minh")
    before = dump(target)
    with pytest.raises(backup.BackupError) as err:
        backup.restore(file, target)
    assert err.value.key == "restore_not_empty" and err.value.details["records"] == 1
    assert dump(target) == before
    backup.restore(file, target, force=True)
    assert dump(target)["records"] == dump(source)["records"]
    for s in (source, target):
        s.dispose()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_forced_restore_steps_the_data_version_so_running_processes_see_it(new_url, tmp_path, engine):
    source = opened(new_url("sqlite"))
    st.seed_if_empty(source, load_records())  # data version 1
    file = tmp_path / "b.sqlite3"
    backup.backup(source, file)
    url = new_url(engine)
    target = opened(url)
    for n in range(3):  # the target has seen more writes than the backup
        st.add_record(target, office_rows(1, start=n).iloc[0].to_dict(), user="minh")
    running = opened(url)  # an app process that has cached version 3
    assert st.data_version(running) == 3
    backup.restore(file, target, force=True)
    assert st.data_version(running) == 4  # never back to a number it has seen with other data
    assert len(st.read_records(running)) == 915
    st.add_record(running, office_rows(1, start=50).iloc[0].to_dict(), user="minh")  # still its database
    for s in (source, target, running):
        s.dispose()


@pytest.mark.parametrize("engine", ENGINES)
def test_the_backup_is_one_consistent_snapshot_while_another_process_imports(new_url, tmp_path, engine):
    url = new_url(engine)
    s = opened(url)
    for n in range(20):
        st.import_batch(s, office_rows(300, start=n * 1000), "lan", f"f{n}.xlsx", sha(f"f{n}"))
    writer, stop, written = opened(url), threading.Event(), []

    def keep_importing():
        n = 100
        while not stop.is_set():
            st.import_batch(writer, office_rows(200, start=n * 1000), "minh", f"g{n}.xlsx", sha(f"g{n}"))
            written.append(n)
            n += 1

    thread = threading.Thread(target=keep_importing)
    thread.start()
    try:
        taken = []
        for k in range(3):
            time.sleep(0.05)
            taken.append(backup.backup(s, tmp_path / f"b{k}.sqlite3"))
    finally:
        stop.set()
        thread.join(60)
    assert written, "the writer never ran during the backups"
    for k, summary in enumerate(taken):
        copy = st.open_store(f"sqlite:///{tmp_path / f'b{k}.sqlite3'}")
        snapshot = dump(copy)
        # each import is one batch, one step of the version and its rows' audit: all or none of it
        assert summary.data_version == len(snapshot["import_batches"]) == summary.batches
        assert len(snapshot["changes"]) == len(snapshot["records"]) == sum(
            b["row_count"] for b in snapshot["import_batches"])
        copy.dispose()
    for each in (s, writer):
        each.dispose()


def test_a_backup_of_an_older_schema_is_upgraded_on_restore(new_url, tmp_path):
    old = st.open_store(new_url("sqlite"))
    st.upgrade(old, "0002")
    now = datetime.now(timezone.utc)
    with old.writer.begin() as conn:  # a record and its audit row as the code of revision 0002 wrote them
        conn.execute(sa.insert(st.records).values(
            id="X-1", name="Mô hình sao lưu số 0", kind="mo-hinh", field="kinh-te", year=2021,
            commune_code="02533", name_key="mo hinh sao luu so 0", created_at=now, updated_at=now))
        conn.execute(sa.insert(st.changes).values(at=now, user="minh", action="insert", record_id="X-1",
                                                  source="ui"))
        conn.execute(sa.update(st.version_counter).values(version=1))
    file = tmp_path / "old.sqlite3"
    backup.backup(old, file)
    target = opened(new_url("sqlite"))
    backup.restore(file, target)
    assert st.read_records(target)["name"].tolist() == ["Mô hình sao lưu số 0"]
    assert st.data_version(target) >= 1
    assert st.seed_if_empty(target, load_records()) is None  # it has held data
    for s in (old, target):
        s.dispose()


def test_an_existing_file_is_never_overwritten(new_url, tmp_path):
    s = opened(new_url("sqlite"))
    file = tmp_path / "b.sqlite3"
    file.write_bytes(b"an older backup")
    with pytest.raises(backup.BackupError) as err:
        backup.backup(s, file)
    assert err.value.key == "backup_exists" and file.read_bytes() == b"an older backup"
    s.dispose()


@pytest.mark.parametrize("content", [b"", b"not a backup at all", "sqlite-without-tables"])
def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(new_url, tmp_path, content):
    file = tmp_path / "x.sqlite3"
    if content == "sqlite-without-tables":
        with sqlite3.connect(file) as conn:
            conn.execute("CREATE TABLE t (a)")
    else:
        file.write_bytes(content)
    target = opened(new_url("sqlite"))
    with pytest.raises(backup.BackupError) as err:
        backup.restore(file, target)
    assert err.value.key == "backup_unreadable"
    assert st.data_version(target) == 0
    target.dispose()


def test_a_missing_backup_file_is_refused(new_url, tmp_path):
    target = opened(new_url("sqlite"))
    with pytest.raises(backup.BackupError) as err:
        backup.restore(tmp_path / "nowhere.sqlite3", target)
    assert err.value.key == "backup_missing"
    target.dispose()


@pytest.mark.parametrize("engine", ENGINES)
def test_refused_uploads_travel_with_a_backup_and_are_added_to_the_targets(new_url, tmp_path, engine):
    """Issue 13: the trace of refused uploads is history too; a restore adds the backup's beside the
    target's own, and a forced one replaces them like the rest."""
    source = opened(new_url(engine))
    fill(source)
    st.record_refusal(source, "lan", "xa-a.xlsx", sha("r1"), 2048, "rows_in_error", {"count": 2})
    file = tmp_path / "r.sqlite3"
    backup.backup(source, file)
    target = opened(new_url(engine))
    st.record_refusal(target, "minh", "xa-b.xlsx", sha("r2"), 10, "file_empty")
    backup.restore(file, target)
    assert sorted(st.refusals(target)["filename"]) == ["xa-a.xlsx", "xa-b.xlsx"]
    assert st.batches(target)["kind"].tolist() == ["demo", "import", "import"]
    backup.restore(file, target, force=True)
    assert st.refusals(target)[["user", "filename", "reason_values"]].values.tolist() == [
        ["lan", "xa-a.xlsx", {"count": 2}]]
    for s in (source, target):
        s.dispose()
