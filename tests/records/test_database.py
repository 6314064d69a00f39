"""The app's store as it is opened (geo/records/database.py): data that must not be lost, clear errors.

Issue 10, items 6 and 9. A database deleted or replaced under a running process
refuses writes instead of writing into a file nobody will read again; a database
that existed is never silently made again (and demo data never goes into a store
that has held data); an unsupported or unreachable DATABASE_URL is a message that
says which database (password masked) and why, never a traceback.
"""
import os
import shutil

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard.staff.display import error_text
from dashboard.words.i18n import t
from geo.records import store as st
from geo.records.database import open_app_store
from geo.records.schema import RecordsError
from tests.paths import APP
from tests.records.conftest import drop_schema, postgres_base

NEW = {"name": "Mô hình thêm sau khi xoá tệp", "kind": "mo-hinh", "field": "kinh-te", "year": 2024,
       "commune_code": "02533"}


def sqlite_url(path) -> str:
    return f"sqlite:///{path}"


def refused_key(write) -> str:
    with pytest.raises(RecordsError) as err:
        write()
    return err.value.key


def remove_database(path) -> None:
    """What `rm var/dvk.sqlite3*` does."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(f"{path}{suffix}"):
            os.remove(f"{path}{suffix}")


def row_counts(s: st.Store) -> dict[str, int]:
    with s.engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in (st.records, st.import_batches, st.changes)}


# --- item 6: a database deleted or replaced under a running process ---

def test_a_write_after_the_sqlite_file_was_deleted_is_refused_not_lost(tmp_path):
    path = tmp_path / "dvk.sqlite3"
    s = open_app_store(sqlite_url(path))
    st.read_records(s)  # the process has been serving the file
    remove_database(path)
    key = refused_key(lambda: st.add_record(s, NEW, user="lan"))
    assert key == "database_replaced"
    with pytest.raises(RecordsError) as err:
        st.add_record(s, NEW, user="lan")
    text = error_text(err.value, "vi")  # what the staff page shows
    assert text == t("database_replaced", "vi", where=str(path)) and "không ghi" in text
    assert not path.exists()  # and no empty database was made in its place
    for write in (lambda: st.update_record(s, "YS-2020-0001", {"year": 2021}, user="lan"),
                  lambda: st.delete_record(s, "YS-2020-0001", user="lan"),
                  lambda: st.rollback_batch(s, 1, user="lan")):
        assert refused_key(write) == "database_replaced"
    s.dispose()


def test_a_write_after_the_sqlite_file_was_replaced_is_refused(tmp_path):
    path = tmp_path / "dvk.sqlite3"
    s = open_app_store(sqlite_url(path))
    other = tmp_path / "other" / "dvk.sqlite3"
    other.parent.mkdir()
    open_app_store(sqlite_url(other)).dispose()
    remove_database(path)
    shutil.copy(other, path)  # another database put where this process's one was
    assert refused_key(lambda: st.add_record(s, NEW, user="lan")) == "database_replaced"
    s.dispose()


def test_after_a_deletion_the_running_process_never_creates_an_empty_file(tmp_path):
    path = tmp_path / "dvk.sqlite3"
    s = open_app_store(sqlite_url(path))
    remove_database(path)
    s.engine.dispose()  # its pooled connections are gone: the next read opens a new one
    with pytest.raises(sa.exc.OperationalError):
        st.data_version(s)
    assert not path.exists()


def test_a_postgresql_database_replaced_under_a_running_process_refuses_writes(new_url):
    url = new_url("postgresql")
    s = st.open_store(url)
    st.upgrade(s)
    st.add_record(s, NEW, user="lan")
    schema = sa.make_url(url).query["options"].split("=", 1)[1]
    drop_schema(postgres_base(), schema)  # dropped, then made again by another process
    with sa.create_engine(postgres_base()).begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    other = st.open_store(url)
    st.upgrade(other)
    assert refused_key(lambda: st.add_record(s, NEW | {"year": 2025}, user="lan")) == "database_replaced"
    assert row_counts(other) == {"records": 0, "import_batches": 0, "changes": 0}
    st.add_record(other, NEW, user="lan")  # the new one's own process writes
    for each in (s, other):
        each.dispose()


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_writes_of_the_process_that_opened_the_database_still_go_through(new_url, engine):
    s = st.open_store(new_url(engine))
    st.upgrade(s)
    record_id = st.add_record(s, NEW, user="lan")
    st.update_record(s, record_id, {"year": 2023}, user="lan")
    st.delete_record(s, record_id, user="lan")
    assert st.data_version(s) == 3
    s.dispose()


# --- item 6: a database that existed is never silently made again ---

def test_the_very_first_run_creates_and_seeds_and_leaves_a_stamp(tmp_path):
    path = tmp_path / "var" / "dvk.sqlite3"
    path.parent.mkdir()
    s = open_app_store(sqlite_url(path))
    assert row_counts(s)["records"] == 915
    s.dispose()
    stamps = [p.name for p in path.parent.iterdir() if p.name.startswith(".")]
    assert stamps == [".dvk.sqlite3.created"]


@pytest.mark.parametrize("leftover", [None, b"", "empty-database"])
def test_a_deleted_database_is_not_silently_recreated_and_seeded(tmp_path, leftover):
    path = tmp_path / "dvk.sqlite3"
    open_app_store(sqlite_url(path)).dispose()
    remove_database(path)
    if leftover == b"":
        path.write_bytes(b"")  # an empty file where it was
    elif leftover == "empty-database":
        sa.create_engine(sqlite_url(path)).connect().close()
        with sa.create_engine(sqlite_url(path)).begin() as conn:
            conn.exec_driver_sql("CREATE TABLE x (a)")
    with pytest.raises(RecordsError) as err:
        open_app_store(sqlite_url(path))
    assert err.value.key == "database_missing"
    text = t(err.value.key, "vi", **err.value.values())
    assert str(path) in text and "restore" in text
    if leftover is None:
        assert not path.exists()


def test_a_database_made_before_the_stamp_existed_gets_one_and_opens(tmp_path):
    path = tmp_path / "dvk.sqlite3"
    s = st.open_store(sqlite_url(path))
    st.upgrade(s)
    st.add_record(s, NEW, user="lan")
    s.dispose()
    s = open_app_store(sqlite_url(path))  # an existing store: opened, not reseeded
    assert row_counts(s)["records"] == 1
    s.dispose()
    assert (tmp_path / ".dvk.sqlite3.created").is_file()


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_demo_data_never_goes_into_a_store_that_has_held_data(new_url, engine):
    s = st.open_store(new_url(engine))
    st.upgrade(s)
    st.add_record(s, NEW, user="lan")
    with s.writer.begin() as conn:  # every table emptied behind the store's back
        for table in (st.changes, st.records, st.import_batches):
            conn.execute(sa.delete(table))
    assert row_counts(s) == {"records": 0, "import_batches": 0, "changes": 0}
    assert st.seed_if_empty(s, pd.DataFrame([NEW])) is None
    assert row_counts(s)["records"] == 0
    s.dispose()


# --- item 9: unsupported and unreachable databases ---

@pytest.mark.parametrize("url, scheme", [
    ("mysql://u:secret@h/db", "mysql"),
    ("mysql+pymysql://u:secret@h/db", "mysql+pymysql"),
    ("oracle://u:secret@h/db", "oracle"),
    ("postgresql+psycopg2://u:secret@h/db", "postgresql+psycopg2"),
    ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite"),
])
def test_an_unsupported_url_says_which_schemes_are_supported(url, scheme):
    with pytest.raises(RecordsError) as err:
        open_app_store(url)
    assert err.value.key == "database_unsupported"
    for lang in ("vi", "en"):
        text = t(err.value.key, lang, **err.value.values())
        assert scheme in text and "postgresql://" in text and "sqlite:///" in text and "secret" not in text


@pytest.mark.parametrize("url", ["not a url", "://", "postgresql://u:secret@h:notaport/x"])
def test_a_malformed_url_is_a_message(url):
    with pytest.raises(RecordsError) as err:
        open_app_store(url)
    assert err.value.key == "database_bad_url"
    assert "secret" not in t(err.value.key, "en", **err.value.values())


def unreachable(url: str) -> tuple[str, str]:
    with pytest.raises(RecordsError) as err:
        open_app_store(url)
    text = t(err.value.key, "vi", **err.value.values()) + t(err.value.key, "en", **err.value.values())
    return err.value.key, text


def test_a_refused_connection_says_which_database_and_why():
    key, text = unreachable("postgresql://u:secret@127.0.0.1:1/x")
    assert key == "database_refused"
    assert "postgresql://u:***@127.0.0.1:1/x" in text and "secret" not in text


def test_an_unknown_host_says_so():
    key, text = unreachable("postgresql://u:secret@no-such-host.invalid/x?connect_timeout=3")
    assert key == "database_unknown_host" and "no-such-host.invalid" in text and "secret" not in text


def test_a_wrong_password_says_authentication_failed():
    url = sa.make_url(postgres_base()).set(password="not-the-password-123")
    key, text = unreachable(url.render_as_string(hide_password=False))
    assert key == "database_auth_failed" and "not-the-password-123" not in text and url.username in text


def test_a_missing_postgresql_database_says_so():
    url = sa.make_url(postgres_base())
    key, text = unreachable(url.set(database="no_such_db").render_as_string(hide_password=False))
    assert key == "database_not_found" and "no_such_db" in text
    assert url.password not in text


def test_an_sqlite_file_in_a_missing_folder_says_so(tmp_path):
    key, text = unreachable(sqlite_url(tmp_path / "missing" / "dvk.sqlite3"))
    assert key == "database_unreachable" and str(tmp_path / "missing") in text


@pytest.mark.parametrize("url", ["mysql://u:secret@h/db", "postgresql://u:secret@127.0.0.1:1/x"])
def test_the_app_shows_the_message_not_a_traceback(url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("DVK_RECORDS", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    shown = "\n".join(str(e.value) for e in [*at.error, *at.warning, *at.info, *at.markdown, *at.caption])
    assert "secret" not in shown and "Traceback" not in shown and "ModuleNotFoundError" not in shown
    assert at.error and "cơ sở dữ liệu" in at.error[0].value
    assert ("mysql" if url.startswith("mysql") else "từ chối kết nối") in at.error[0].value


@pytest.mark.parametrize("driver_says, key", [
    ('connection failed: connection to server at "10.0.0.9", port 5432 failed: timeout expired', "database_timeout"),
    ('connection failed: connection to server at "h", port 5432 failed: FATAL:  role "u" does not exist',
     "database_auth_failed"),
    ("could not translate host name \"db.local\" to address: Temporary failure in name resolution",
     "database_unknown_host"),
    ("FATAL:  the database system is starting up (password secret)", "database_unreachable"),
])
def test_driver_messages_map_to_reasons_and_never_show_the_password(driver_says, key):
    from geo.records.database import unreachable

    exc = sa.exc.OperationalError("connect", {}, Exception(driver_says))
    err = unreachable("postgresql://u:secret@h/x", exc)
    assert err.key == key
    for lang in ("vi", "en"):
        assert "secret" not in t(err.key, lang, **err.values())


def test_the_app_says_a_lost_database_must_be_restored_and_makes_none(tmp_path, monkeypatch):
    path = tmp_path / "dvk.sqlite3"
    open_app_store(sqlite_url(path)).dispose()
    remove_database(path)
    monkeypatch.setenv("DATABASE_URL", sqlite_url(path))
    monkeypatch.delenv("DVK_RECORDS", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "python -m dashboard restore" in at.error[0].value.replace("\\", "")
    assert not path.exists()


def test_a_first_run_without_the_demo_records_stays_empty(tmp_path):
    """Issue 13: a real office starts with an empty store (DVK_DEMO=0), and a later start with the default
    does not fill it; the default still starts with the demo records, as one batch of kind "demo"."""
    path = tmp_path / "real.sqlite3"
    s = open_app_store(sqlite_url(path), demo=False)
    assert st.read_records(s).empty and st.batches(s).empty
    s.dispose()
    s = open_app_store(sqlite_url(path))
    assert st.read_records(s).empty
    s.dispose()
    s = open_app_store(sqlite_url(tmp_path / "demo.sqlite3"))
    assert len(st.read_records(s)) == 915 and st.batches(s)["kind"].tolist() == ["demo"]
    s.dispose()
