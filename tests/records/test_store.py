"""The record store (geo/records/store.py) on SQLite and PostgreSQL.

Every test runs on a fresh SQLite file, and on PostgreSQL when
TEST_DATABASE_URL is set (the `url` fixture of tests/records/conftest.py).
"""
import hashlib
import threading
import unicodedata
from datetime import datetime, timezone

import pandas as pd
import pandas.testing as pdt
import pytest
import sqlalchemy as sa

from geo.records import store as st
from geo.records.keys import record_key
from geo.records.schema import RecordsError, load_records


@pytest.fixture
def store(url):
    s = st.open_store(url)
    st.upgrade(s)
    yield s
    s.dispose()


@pytest.fixture(scope="module")
def demo():
    return load_records()


def office_rows(n: int, start: int = 0, **overrides) -> pd.DataFrame:
    """Rows as an office file gives them: no id, no illustrative column."""
    return pd.DataFrame({
        "name": [f"Mô hình nuôi cá lồng số {i}" for i in range(start, start + n)],
        "kind": "mo-hinh", "field": "kinh-te", "year": 2023, "commune_code": "02533",
        "commune_name": "Xã Đội Bình", "unit": "UBND xã Đội Bình", "description": "",
        "result": "", "source": "Báo cáo 2023",
    } | overrides)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def counts(store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in (st.records, st.import_batches, st.changes)}


# --- schema ---

def test_migrations_create_the_tables_and_a_second_upgrade_changes_nothing(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    names = set(sa.inspect(store.engine).get_table_names())
    assert {"records", "import_batches", "changes", "data_version", "alembic_version"} <= names
    st.upgrade(store)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == "0004"
        # The migration creates exactly the tables geo.records.store declares.
        assert compare_metadata(context, st.metadata) == []


def test_the_database_refuses_what_the_schema_forbids(store):
    now = datetime.now(timezone.utc)
    base = {"id": "X-1", "name": "n", "kind": "mo-hinh", "field": "kinh-te", "year": 2021,
            "commune_code": "02533", "name_key": "n", "created_at": now, "updated_at": now}
    for bad in ({"field": "the-thao"}, {"kind": "khac"}, {"commune_code": "2533"},
                {"name": None}, {"batch_id": 999}):
        with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
            conn.execute(sa.insert(st.records).values(base | bad))
    assert counts(store)["records"] == 0


# --- seeding and reading ---

def test_seed_fills_an_empty_store_once_and_reads_back_like_load_records(store, demo):
    result = st.seed_if_empty(store, demo)
    assert result.added == 915 and not result.already_imported
    records = st.read_records(store)
    pdt.assert_frame_equal(records, demo)
    assert len(records) == 915 and records.dtypes.equals(demo.dtypes)
    assert st.seed_if_empty(store, demo) is None
    assert counts(store) == {"records": 915, "import_batches": 1, "changes": 915}
    batch = st.batches(store).iloc[0]
    assert (batch["user"], batch["filename"], batch["status"]) == ("system", "data/demo/records.csv", "active")


def test_an_empty_store_reads_as_an_empty_records_frame(store, demo):
    records = st.read_records(store)
    assert records.empty and list(records.columns) == list(demo.columns)
    assert records.dtypes.astype(str).equals(demo.dtypes.astype(str))  # no communes: no categories


def test_a_store_emptied_on_purpose_is_not_refilled(store, demo):
    st.seed_if_empty(store, demo)
    st.remove_demo(store, user="admin")
    assert st.seed_if_empty(store, demo) is None
    assert st.read_records(store).empty


# --- the demo records: not an import to undo (issue 13) ---

def test_the_demo_batch_is_not_undone_by_the_routine_rollback_but_by_its_own_action(store, demo):
    st.seed_if_empty(store, demo)
    assert st.batches(store).iloc[0]["kind"] == "demo"
    version = st.data_version(store)
    with pytest.raises(st.StoreError) as caught:
        st.rollback_batch(store, 1, user="lan")
    assert caught.value.key == "batch_is_demo"
    assert len(st.read_records(store)) == 915 and st.data_version(store) == version   # nothing happened
    kept = st.import_batch(store, office_rows(2), user="lan", filename="a.xlsx", file_bytes_sha256=sha("a"))
    assert st.batches(store).iloc[1]["kind"] == "import"
    assert st.remove_demo(store, user="lan") == 915
    assert len(st.read_records(store)) == 2                  # the office's own batch stays
    demo_batch = st.batches(store).iloc[0]
    assert (demo_batch["status"], demo_batch["rolled_back_by"]) == ("rolled_back", "lan")
    audit = st.history(store, batch_id=1)
    assert (audit["action"] == "rollback").sum() == 915      # traced like a rollback
    with pytest.raises(st.StoreError) as again:
        st.remove_demo(store, user="lan")
    assert again.value.key == "demo_not_found"
    assert st.rollback_batch(store, kept.batch_id, user="lan") == 2   # an import is still undone as before


def test_a_store_started_empty_is_never_filled_with_the_demo_records(store, demo):
    assert st.start_empty(store)
    assert st.seed_if_empty(store, demo) is None
    assert st.read_records(store).empty and st.batches(store).empty
    assert not st.start_empty(store)                          # once


def test_start_empty_leaves_a_store_that_has_data_as_it_is(store, demo):
    st.seed_if_empty(store, demo)
    assert not st.start_empty(store)
    assert len(st.read_records(store)) == 915


def test_a_refused_upload_is_kept_with_who_when_which_file_and_why(store, demo):
    st.seed_if_empty(store, demo)
    version = st.data_version(store)
    st.record_refusal(store, "lan", "xã Đội Bình.xlsx", sha("x"), 5120, "rows_in_error", {"count": 3})
    st.record_refusal(store, "minh", "anh.png", sha("y"), 10, "not_a_spreadsheet", {"detected": "PNG"})
    table = st.refusals(store)
    assert table[["user", "filename", "size", "reason_key"]].values.tolist() == [
        ["lan", "xã Đội Bình.xlsx", 5120, "rows_in_error"], ["minh", "anh.png", 10, "not_a_spreadsheet"]]
    assert table["reason_values"].tolist() == [{"count": 3}, {"detected": "PNG"}]
    assert table["at"].notna().all() and str(table["at"].dt.tz) == "UTC"
    assert st.data_version(store) == version                 # no record changed: viewers need not re-read


def test_the_migration_marks_the_demo_batch_of_an_older_store(url, demo):
    old = st.open_store(url)
    st.upgrade(old, "0003")
    now = datetime.now(timezone.utc)
    with old.writer.begin() as conn:       # the seeded batch and an import, as revision 0003 wrote them
        for user, filename, digest in (("system", "data/demo/records.csv", sha("d")), ("lan", "a.xlsx", sha("a"))):
            conn.execute(sa.insert(sa.table("import_batches", *(sa.column(c) for c in (
                "created_at", "user", "filename", "file_sha256", "row_count", "skipped_duplicates", "status")))).values(
                created_at=now, user=user, filename=filename, file_sha256=digest, row_count=0,
                skipped_duplicates=0, status="active"))
    st.upgrade(old)
    assert st.batches(old)["kind"].tolist() == ["demo", "import"]
    assert st.refusals(old).empty
    old.dispose()


# --- importing ---

def test_import_adds_rows_with_new_ids_and_audits_each(store):
    result = st.import_batch(store, office_rows(3), user="can-bo-a", filename="bao-cao-2023.xlsx",
                             file_bytes_sha256=sha("a"))
    assert result == st.BatchResult(result.batch_id, 3, 0, False)
    records = st.read_records(store)
    assert records["id"].tolist() == [f"R-{result.batch_id}-{n:06d}" for n in (1, 2, 3)]
    assert not records["illustrative"].any()
    log = st.history(store, batch_id=result.batch_id)
    assert log["action"].tolist() == ["insert"] * 3
    assert log["after"].iloc[0]["name"] == "Mô hình nuôi cá lồng số 0" and log["before"].iloc[0] is None


@pytest.mark.parametrize("bad, error", [
    ({"name": None}, st.StoreError),          # NOT NULL in the database
    ({"field": "the-thao"}, RecordsError),    # refused by validate_records
    ({"year": "năm ngoái"}, RecordsError),
    ({"id": "YS-2020-0001"}, st.StoreError),  # id of a stored record
])
def test_an_import_with_one_bad_row_writes_nothing(store, demo, bad, error):
    st.seed_if_empty(store, demo)
    before = counts(store)
    rows = office_rows(50).astype(object)
    for column, value in bad.items():
        rows.loc[37, column] = value
    with pytest.raises(error):
        st.import_batch(store, rows, user="can-bo-a", filename="bad.xlsx", file_bytes_sha256=sha("bad"))
    assert counts(store) == before
    pdt.assert_frame_equal(st.read_records(store), demo)
    # No half-done batch is left behind: the file imports once it is fixed.
    assert st.import_batch(store, office_rows(50), "can-bo-a", "bad.xlsx", sha("bad")).added == 50


def test_a_file_without_required_columns_is_refused(store):
    with pytest.raises(RecordsError) as err:
        st.import_batch(store, office_rows(2).drop(columns=["field"]), "a", "f.csv", sha("f"))
    assert err.value.key == "records_missing_columns" and counts(store)["import_batches"] == 0


def test_the_file_hash_must_be_a_sha256_hex_digest(store):
    for digest in ("", "abc", sha("x").upper(), sha("x") + "0"):
        with pytest.raises(st.StoreError):
            st.import_batch(store, office_rows(1), "a", "f.xlsx", digest)
    assert counts(store) == {"records": 0, "import_batches": 0, "changes": 0}


def test_importing_the_same_file_twice_adds_nothing(store):
    first = st.import_batch(store, office_rows(10), "can-bo-a", "bao-cao.xlsx", sha("same"))
    again = st.import_batch(store, office_rows(10), "can-bo-b", "bao-cao (1).xlsx", sha("same"))
    assert first.added == 10
    assert again == st.BatchResult(None, 0, 0, already_imported=True)
    assert counts(store) == {"records": 10, "import_batches": 1, "changes": 10}


def test_rows_already_stored_are_skipped_as_duplicates(store):
    st.import_batch(store, office_rows(3), "a", "2023.xlsx", sha("1"))
    respelled = pd.DataFrame({
        "name": ["  MÔ HÌNH nuôi cá   lồng số 1 ",                                # case, spaces
                 unicodedata.normalize("NFD", "Mô hình nuôi cá lồng số 2"),      # NFD
                 "Mô hình nuôi cá lồng số 2",                                    # repeats a row above
                 "Mô hình nuôi cá lồng số 9",                                    # new
                 "Mô hình nuôi cá lồng số 1"],                                   # other year: new
        "kind": "mo-hinh", "field": "kinh-te", "year": [2023, 2023, 2023, 2023, 2022],
        "commune_code": "02533"})
    result = st.import_batch(store, respelled, "b", "2023-bo-sung.xlsx", sha("2"))
    assert (result.added, result.skipped_duplicates) == (2, 3)
    assert st.batches(store)["skipped_duplicates"].tolist() == [0, 3]
    assert len(st.read_records(store)) == 5


def test_names_differing_by_tone_or_vowel_marks_are_not_duplicates_but_tone_placement_is(store):
    rows = office_rows(4, name=["Mô hình nuôi bò", "Mô hình nuôi bơ", "Mô hình hoà giải", "Mô hình hòa giải"])
    result = st.import_batch(store, rows, "a", "f.xlsx", sha("f"))
    assert (result.added, result.skipped_duplicates) == (3, 1)


def test_stored_keys_are_what_the_preview_calls_already_recorded(store):
    """One key (geo.records.keys): the store's indexed columns give back the preview's record_key()s."""
    rows = office_rows(3)
    st.import_batch(store, rows, "a", "f.xlsx", sha("f"))
    assert st.stored_keys(store) == {record_key(r) for r in rows.to_dict("records")}
    again = rows.assign(name=rows["name"].str.upper() + ".", year="2023")   # typed again, differently
    assert {record_key(r) for r in again.to_dict("records")} <= st.stored_keys(store)


# --- rolling back ---

def test_rollback_removes_exactly_that_batch_and_is_audited(store, demo):
    st.seed_if_empty(store, demo)
    a = st.import_batch(store, office_rows(20), "can-bo-a", "sai.xlsx", sha("a"))
    b = st.import_batch(store, office_rows(5, start=100), "can-bo-b", "dung.xlsx", sha("b"))
    kept = st.read_records(store).query("~id.str.startswith('R-%d-')" % a.batch_id, engine="python")
    assert st.rollback_batch(store, a.batch_id, user="truong-ban") == 20
    pdt.assert_frame_equal(st.read_records(store), kept.reset_index(drop=True))
    assert len(kept) == 915 + 5
    log = st.history(store, batch_id=a.batch_id)
    rolled = log[log["action"] == "rollback"]
    assert len(rolled) == 20 and set(rolled["user"]) == {"truong-ban"} and set(rolled["source"]) == {"sai.xlsx"}
    assert rolled["after"].isna().all() and rolled["before"].iloc[0]["id"] == f"R-{a.batch_id}-000001"
    batch = st.batches(store).set_index("id").loc[a.batch_id]
    assert batch["status"] == "rolled_back" and batch["rolled_back_by"] == "truong-ban"
    assert pd.notna(batch["rolled_back_at"])
    with pytest.raises(st.StoreError) as err:
        st.rollback_batch(store, a.batch_id, user="truong-ban")
    assert err.value.key == "batch_not_active"
    with pytest.raises(st.StoreError):
        st.rollback_batch(store, 999, user="truong-ban")
    # A rolled-back file can be imported again, as a new batch.
    again = st.import_batch(store, office_rows(20), "can-bo-a", "sai.xlsx", sha("a"))
    assert again.added == 20 and again.batch_id not in (a.batch_id, b.batch_id)


def test_rollback_leaves_records_that_no_longer_belong_to_the_batch(store):
    a = st.import_batch(store, office_rows(4), "a", "f.xlsx", sha("f"))
    st.delete_record(store, f"R-{a.batch_id}-000002", user="b")
    assert st.rollback_batch(store, a.batch_id, user="c") == 3
    assert counts(store)["records"] == 0


# --- editing single records ---

def test_add_update_delete_are_audited_with_before_and_after(store):
    new = office_rows(1).iloc[0].to_dict()
    record_id = st.add_record(store, new, user="can-bo-a")
    assert record_id.startswith("R-")
    after = st.update_record(store, record_id, {"year": 2022, "result": "12 hộ thoát nghèo"}, user="can-bo-b")
    assert after["year"] == 2022 and after["result"] == "12 hộ thoát nghèo"
    assert st.update_record(store, record_id, {"year": 2022}, user="can-bo-b") == after  # no-op: no audit
    before = st.delete_record(store, record_id, user="truong-ban")
    assert before == after
    log = st.history(store, record_id=record_id)
    assert log["action"].tolist() == ["insert", "update", "delete"]
    assert log["user"].tolist() == ["can-bo-a", "can-bo-b", "truong-ban"]
    assert set(log["source"]) == {"ui"} and log["batch_id"].isna().all()
    update = log.iloc[1]
    assert (update["before"]["year"], update["after"]["year"]) == (2023, 2022)
    assert update["before"]["result"] == "" and update["after"]["result"] == "12 hộ thoát nghèo"
    assert log.iloc[2]["before"] == after and log.iloc[2]["after"] is None
    assert log["at"].is_monotonic_increasing
    assert counts(store)["records"] == 0


def test_bad_edits_change_nothing(store, demo):
    st.seed_if_empty(store, demo)
    before = counts(store)
    with pytest.raises(RecordsError):
        st.update_record(store, "YS-2020-0001", {"field": "the-thao"}, user="a")
    with pytest.raises(st.StoreError):
        st.update_record(store, "YS-2020-0001", {"id": "YS-9"}, user="a")
    with pytest.raises(st.StoreError):
        st.update_record(store, "YS-2020-0001", {"colour": "red"}, user="a")
    with pytest.raises(st.StoreError):
        st.update_record(store, "nope", {"year": 2021}, user="a")
    with pytest.raises(st.StoreError):
        st.delete_record(store, "nope", user="a")
    with pytest.raises(st.StoreError):
        st.add_record(store, demo.iloc[0].to_dict(), user="a")  # id taken
    with pytest.raises(st.StoreError):
        st.add_record(store, office_rows(1, name=[None]).iloc[0].to_dict(), user="a")
    assert counts(store) == before
    pdt.assert_frame_equal(st.read_records(store), demo)


# --- who, when, which file ---

def test_the_audit_tells_who_when_and_which_file(store):
    t0 = datetime.now(timezone.utc)
    result = st.import_batch(store, office_rows(2), "nguyen.van.a", "BC Dân vận khéo 2023.xlsx", sha("x"))
    t1 = datetime.now(timezone.utc)
    batch = st.batches(store).iloc[0]
    assert (batch["user"], batch["filename"], batch["file_sha256"], batch["row_count"]) == (
        "nguyen.van.a", "BC Dân vận khéo 2023.xlsx", sha("x"), 2)
    assert t0 <= batch["created_at"] <= t1
    log = st.history(store)
    assert set(log["user"]) == {"nguyen.van.a"} and set(log["source"]) == {"BC Dân vận khéo 2023.xlsx"}
    assert set(log["batch_id"]) == {result.batch_id}
    assert ((log["at"] >= t0) & (log["at"] <= t1)).all()


# --- concurrency ---

def at_once(stores: list, action) -> list:
    """`action(store)` for each store in its own thread, released together; their results."""
    barrier, results, errors = threading.Barrier(len(stores)), [], []

    def run(s):
        try:
            barrier.wait()
            results.append(action(s))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    return results


def test_two_concurrent_imports_of_one_file_make_exactly_one_batch(url):
    stores = [st.open_store(url) for _ in range(2)]  # two "processes": own engines and connections
    st.upgrade(stores[0])
    rows = office_rows(2000)
    results = at_once(stores, lambda s: st.import_batch(s, rows, "a", "f.xlsx", sha("one file")))
    assert sorted((r.added, r.already_imported) for r in results) == [(0, True), (2000, False)]
    assert counts(stores[0]) == {"records": 2000, "import_batches": 1, "changes": 2000}
    for s in stores:
        s.dispose()


def test_two_processes_migrating_a_new_database_at_once_migrate_it_once(url):
    """N app processes (or `migrate` run twice) starting together: one creates the tables, the
    others wait for it and find them current; none fails on a table the other just made."""
    stores = [st.open_store(url) for _ in range(2)]
    done = at_once(stores, st.upgrade)
    head = done[0].after
    assert head is not None and sorted(done, key=lambda m: m.applied) == [
        st.Migration(head, head), st.Migration(None, head)]
    assert not st.upgrade(stores[0]).applied
    for s in stores:
        s.dispose()


def test_processes_migrating_new_sqlite_files_at_once_never_find_them_locked(new_url):
    """A connection switching a new file to WAL while another migrated it was answered
    "database is locked" at once, without waiting: a CI run lost a migration to it, about
    one start in four. Fifteen fresh files, two migrations each released together."""
    for _ in range(15):
        url = new_url("sqlite")
        stores = [st.open_store(url) for _ in range(2)]
        assert len(at_once(stores, st.upgrade)) == 2
        for s in stores:
            s.dispose()


def test_the_database_refuses_a_second_active_batch_of_one_file(store):
    st.import_batch(store, office_rows(1), "a", "f.xlsx", sha("f"))
    now = datetime.now(timezone.utc)
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(sa.insert(st.import_batches).values(
            created_at=now, user="b", filename="f.xlsx", file_sha256=sha("f"),
            row_count=0, skipped_duplicates=0, status="active"))


def test_losing_the_race_at_the_unique_index_reports_already_imported(store, monkeypatch):
    """As if another import committed between our check and our insert."""
    st.import_batch(store, office_rows(5), "a", "f.xlsx", sha("f"))
    before = counts(store)
    real, calls = st._active_batch, []

    def blind_once(conn, digest):
        calls.append(digest)
        return None if len(calls) == 1 else real(conn, digest)

    monkeypatch.setattr(st, "_active_batch", blind_once)
    assert st.import_batch(store, office_rows(5), "b", "f.xlsx", sha("f")).already_imported
    assert len(calls) == 2 and counts(store) == before


# --- opening ---

def test_open_store_defaults_to_a_sqlite_file_in_var(tmp_path, monkeypatch):
    monkeypatch.setattr(st, "DEFAULT_DB", tmp_path / "var" / "dvk.sqlite3")
    s = st.open_store(None)
    st.upgrade(s)
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    s.dispose()
    assert (tmp_path / "var" / "dvk.sqlite3").is_file()


@pytest.mark.parametrize("given", ["postgresql://u:p@db.example/x", "postgres://u:p@db.example/x"])
def test_postgresql_urls_use_psycopg_3(given):
    s = st.open_store(given)  # no connection is made until used
    assert (s.dialect, s.engine.dialect.driver) == ("postgresql", "psycopg")


# --- the data version: what tells an app process its cached records are stale ---

def test_data_version_grows_with_every_kind_of_write_and_only_then(store, demo):
    versions = [st.data_version(store)]

    def grew() -> bool:
        for read in (st.read_records, st.batches, st.history, st.stored_keys, st.data_version):
            read(store)  # reads change nothing
        versions.append(st.data_version(store))
        return versions[-1] > versions[-2]

    def same() -> bool:
        versions.append(st.data_version(store))
        return versions[-1] == versions[-2]

    assert same()
    st.seed_if_empty(store, demo)
    assert grew()
    a = st.import_batch(store, office_rows(3), "a", "f.xlsx", sha("f"))
    assert grew()
    assert st.import_batch(store, office_rows(3), "a", "f.xlsx", sha("f")).already_imported
    assert same()  # refused: nothing written
    dup = st.import_batch(store, office_rows(3), "a", "f (2).xlsx", sha("f2"))
    assert dup.added == 0 and grew()  # a batch of duplicates only: no record, still a batch
    record_id = st.add_record(store, office_rows(1, start=50).iloc[0].to_dict(), user="b")
    assert grew()
    st.update_record(store, record_id, {"year": 2021}, user="b")
    assert grew()
    st.update_record(store, record_id, {"year": 2021}, user="b")
    assert same()  # nothing changed, nothing written
    st.delete_record(store, record_id, user="b")
    assert grew()
    st.rollback_batch(store, a.batch_id, user="c")
    assert grew()
    st.rollback_batch(store, dup.batch_id, user="c")
    assert grew()  # a rollback that removes no record still changes the batch list
    other = st.open_store(store.engine.url.render_as_string(hide_password=False))  # another process
    assert st.data_version(other) == versions[-1]
    other.dispose()


def test_data_version_of_an_empty_store_is_zero(store):
    assert st.data_version(store) == 0


def test_a_store_made_before_the_data_version_gets_it_and_keeps_its_records(url):
    s = st.open_store(url)
    st.upgrade(s, "0001")
    now = datetime.now(timezone.utc)
    with s.writer.begin() as conn:  # a record as the code of revision 0001 wrote it
        conn.execute(sa.insert(st.records).values(
            id="X-1", name="n", kind="mo-hinh", field="kinh-te", year=2021, commune_code="02533",
            name_key="n", created_at=now, updated_at=now))
    st.upgrade(s)
    assert st.data_version(s) == 0 and st.read_records(s)["id"].tolist() == ["X-1"]
    st.delete_record(s, "X-1", user="a")
    assert st.data_version(s) == 1
    s.dispose()


# --- the dashboard reads through the store ---

def test_the_dashboard_reads_the_store_and_sees_an_import_on_its_next_run(tmp_path, monkeypatch):
    """Written by another process (no refresh() here): the next run shows it all the same."""
    from streamlit.testing.v1 import AppTest

    from tests.test_app import APP, metric

    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("DVK_RECORDS", raising=False)
    assert metric(AppTest.from_file(APP, default_timeout=60).run(), "Số mô hình, điển hình") == "915"
    s = st.open_store(url)
    st.import_batch(s, office_rows(3), "can-bo-a", "bo-sung.xlsx", sha("bo-sung"))
    s.dispose()
    assert metric(AppTest.from_file(APP, default_timeout=60).run(), "Số mô hình, điển hình") == "918"
