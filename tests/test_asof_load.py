"""Loading the records as of a moment (dashboard/data.py): a link may name any second, so what a process
computes and keeps follows the writes in the audit trail, not the moments links name."""
import gc
import time
import weakref
from datetime import datetime

import pytest

from dashboard import data, url
from dashboard.config import load_config
from dashboard.words.i18n import VIETNAM
from geo.records import asof, store
from tests.records.test_store import office_rows, sha
from tests.test_data_version import database  # noqa: F401 (fixture)


@pytest.fixture
def rewinds(database, monkeypatch) -> list:
    """The rewinds of the records done while the test runs (geo.records.asof.rewind), in a fresh process cache."""
    data.refresh()
    done, real = [], asof.rewind
    monkeypatch.setattr(asof, "rewind", lambda *args: done.append(args) or real(*args))
    yield done
    data.refresh()


def test_moments_with_no_write_between_them_cost_one_rewind_and_share_one_dataset(rewinds):
    config = load_config()
    assert len(data.load_dataset(config).records) == 915  # the new store is filled with the demo records
    shown = [data.load_dataset(config, None, f"2001-01-01T00:{m:02d}:{s:02d}") for m in range(3) for s in range(20)]
    assert len(rewinds) == 1
    assert all(dataset is shown[0] for dataset in shown) and len(shown[0].records) == 0


def test_a_moment_after_the_last_write_is_todays_dataset_itself(rewinds):
    config = load_config()
    today = data.load_dataset(config)
    later = url.asof_value(datetime.now(VIETNAM).replace(microsecond=0) + url.ASOF_AHEAD)
    assert data.load_dataset(config, None, later) is today and not rewinds


def test_a_process_keeps_the_datasets_of_few_past_moments_whatever_links_name(rewinds, database):
    config = load_config()
    data.load_dataset(config)
    moments = []
    for n in range(4):  # a second apart, a write between each two
        time.sleep(1.05)
        moments.append(url.asof_value(datetime.now(VIETNAM)))
        time.sleep(1.05)
        stored = store.open_store(database)
        store.import_batch(stored, office_rows(1, start=n), "lan", f"{n}.xlsx", sha(str(n)))
        stored.dispose()
    held = []
    for moment in moments:
        held.append(weakref.ref(data.load_dataset(config, None, moment)))
    assert [len(ref().records) for ref in held[-data.MOMENTS_KEPT:]] == [915 + n for n in range(4)][-data.MOMENTS_KEPT:]
    gc.collect()
    assert sum(ref() is not None for ref in held) == data.MOMENTS_KEPT
