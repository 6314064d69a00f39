"""Links as of a moment (issue 11, part 6): `asof=` keeps a link's numbers after later writes.

The writes go through the command line and the store, as another process's
would; the same AppTest sessions run again, as a leader's browser would.
"""
import time
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import url
from dashboard.cli import main as cli
from dashboard.words.i18n import VIETNAM, Words
from geo.records import store
from tests.handout.helpers import pdf_text
from tests.intake.builders import simple_xlsx
from tests.paths import APP
from tests.test_data_version import ROWS, database, kpi  # noqa: F401 (fixture)
from tests.viewer.test_share import link_in


def opened(params: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def import_file(tmp_path, name: str, rows: list) -> None:
    path = tmp_path / name
    path.write_bytes(simple_xlsx(rows))
    assert cli(["import", str(path), "--user", "lan"]) == 0


def now_in_a_link() -> str:
    """A moment between two writes, as a link writes it (to the second: the writes around it are a
    second away)."""
    time.sleep(1.1)
    moment = url.asof_value(datetime.now(VIETNAM))
    time.sleep(1.1)
    return moment


def test_an_import_and_a_rollback_after_the_moment_change_the_live_link_not_the_asof_link(database, tmp_path):
    import_file(tmp_path, "dot-1.xlsx", ROWS)
    moment = now_in_a_link()
    live, kept = opened({}), opened({"asof": moment})
    assert kpi(live) == kpi(kept) == "917"
    import_file(tmp_path, "dot-2.xlsx", [[1, "Mô hình sân chơi cho thiếu nhi", "VH-XH", "Lực Hành", "", 2022,
                                          "", ""]])
    stored = store.open_store(database)
    store.rollback_batch(stored, int(store.batches(stored)["id"].iloc[1]), user="truong-ban")  # after the demo
    stored.dispose()
    assert kpi(live.run()) == "916"                     # 915 + the second file
    assert kpi(kept.run()) == "917"                     # the same session, on its next run
    assert kpi(opened({"asof": moment})) == "917"       # the link opened anew
    banner = " ".join(i.value for i in kept.info)
    assert "Số liệu tại thời điểm" in banner and moment[11:16] in banner
    assert kept.query_params["asof"] == moment


def test_the_banner_leads_back_to_the_latest_figures(database, tmp_path):
    assert kpi(opened({})) == "915"  # the first run fills the new store with the demo records
    moment = now_in_a_link()
    import_file(tmp_path, "dot-1.xlsx", ROWS)
    at = opened({"asof": moment})
    assert kpi(at) == "915"
    printed = tmp_path / "ban-in.pdf"
    assert cli(["handout", f"asof={moment}", "--out", str(printed)]) == 0
    text = pdf_text(printed.read_bytes())
    assert f"Số liệu tại thời điểm {Words('vi').moment(url.asof_moment(moment))}" in text
    assert "915" in text and "917" not in text
    at.button(key="asof_live").click().run()
    assert kpi(at) == "917" and "asof" not in at.query_params
    assert not any("Số liệu tại thời điểm" in i.value for i in at.info)


def test_the_share_box_offers_a_link_as_of_now(database):
    at = opened({"field": "kinh-te"})
    assert "asof" not in link_in(at)
    before = datetime.now(VIETNAM)
    at.toggle(key="share_asof").set_value(True).run()
    after = datetime.now(VIETNAM)
    query = parse_qs(urlsplit(link_in(at)).query)
    moment = url.asof_moment(query["asof"][0])  # the second after the run's "now", on a busy machine too
    assert before < moment <= after.replace(microsecond=0) + timedelta(seconds=1)
    assert query["field"] == ["kinh-te"]
    assert any("kể cả khi sau đó có nhập thêm" in c.value for c in at.caption)


def test_a_link_as_of_a_moment_shares_that_moment(database):
    at = opened({"asof": "2026-01-02T08:00"})
    assert parse_qs(urlsplit(link_in(at)).query)["asof"] == ["2026-01-02T08:00"]
    assert not [t for t in at.toggle if t.key == "share_asof"]
    assert kpi(at) == "0"  # the demo records were stored when the test began


@pytest.mark.parametrize("value", ["2099-01-01T00:00", "hôm qua"])
def test_a_moment_to_come_or_unreadable_shows_todays_figures_and_says_so(database, value):
    at = opened({"asof": value})
    assert kpi(at) == "915"
    assert "asof" in " ".join(w.value for w in at.warning) and "asof" not in at.query_params


def test_records_read_from_a_csv_have_no_past_to_show(monkeypatch):
    monkeypatch.setenv("DVK_RECORDS", "data/demo/records.csv")
    at = opened({"asof": "2026-01-02T08:00"})
    assert kpi(at) == "915"
    assert "chỉ xem được khi dữ liệu lưu trong cơ sở dữ liệu" in " ".join(w.value for w in at.warning)
    assert not [t for t in at.toggle if t.key == "share_asof"]


def test_a_record_deleted_on_purpose_leaves_the_asof_link_too_and_the_banner_says_so(database):
    """A record staff deleted (a person's name, say) is not brought back by a link as of an earlier moment."""
    assert kpi(opened({})) == "915"
    moment = now_in_a_link()
    stored = store.open_store(database)
    store.delete_record(stored, "YS-2020-0001", user="truong-ban")
    stored.dispose()
    at = opened({"asof": moment})
    assert kpi(at) == "914"
    assert "mô hình, điển hình đã xóa thì không hiển thị" in " ".join(i.value for i in at.info)
