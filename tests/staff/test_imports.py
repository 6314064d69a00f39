"""The import page (dashboard/staff/imports.py) and the actions behind it (dashboard/staff/actions.py).

st.file_uploader cannot be driven by AppTest, so the import is tested through
the actions the page calls (preview_upload, commit, rollback) and through
render_preview (everything below the uploader) in a small AppTest script; the
browser screenshot in the report shows the real uploader.
"""
import hashlib
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.staff import actions
from dashboard.staff.imports import preview_table
from dashboard.words.markup import plain
from geo import intake
from geo.records import store
from tests.intake.builders import simple_xlsx
from tests.staff.helpers import NEW_ROWS, metric, run

# --- The actions behind the page -----------------------------------------------------------


def test_preview_commit_refresh_and_rollback_change_the_map():
    data = simple_xlsx(NEW_ROWS)
    s = actions.records_store()
    p = actions.preview_upload(data, "bao-cao.xlsx", s)
    assert p.counts()["error"] == 0 and len(p.importable) == 3
    assert actions.commit_refusal(p) is None
    outcome = actions.commit(s, p, data, "bao-cao.xlsx", user="lan")
    assert (outcome.added, outcome.duplicates, outcome.already_imported) == (3, 0, False)
    at = run()
    assert metric(at, "Số mô hình, điển hình") == "918"
    batch = store.batches(s).iloc[-1]
    assert (batch["user"], batch["filename"], batch["file_sha256"]) == (
        "lan", "bao-cao.xlsx", hashlib.sha256(data).hexdigest())
    names = set(store.read_records(s)["name"])
    assert "Tổ hòa giải <b>giỏi</b> thôn 3" in names      # stored as text, never rendered

    again = actions.preview_upload(data, "bao-cao.xlsx", s)   # the same file again: all duplicates
    assert all(r.is_duplicate for r in again.rows)
    assert actions.commit_refusal(again) == ("import_nothing_new", {})

    assert actions.rollback(s, int(batch["id"]), user="minh") == 3
    assert metric(at.run(), "Số mô hình, điển hình") == "915"
    assert store.batches(s).iloc[-1]["rolled_back_by"] == "minh"


def test_error_rows_block_the_commit_and_nothing_is_written():
    data = simple_xlsx(NEW_ROWS + [[4, "Mô hình không rõ xã", "Kinh tế", "Xã Không Có", "", 2021, "", ""]])
    s = actions.records_store()
    p = actions.preview_upload(data, "loi.xlsx", s)
    assert actions.commit_refusal(p) == ("import_blocked_errors", {"count": 1})
    with pytest.raises(ValueError):
        actions.commit(s, p, data, "loi.xlsx", user="lan")
    assert len(store.read_records(s)) == 915 and len(store.batches(s)) == 1


def test_an_upload_over_the_limit_is_refused_with_a_message():
    with pytest.raises(intake.IntakeError) as caught:
        actions.preview_upload(b"x" * (50 * 2**20), "lon.xlsx", actions.records_store())
    assert caught.value.key == "file_too_large"
    assert "tối đa 20" in caught.value.text("vi")


def test_the_upload_limit_and_the_district_come_from_the_configuration(monkeypatch):
    monkeypatch.setenv("DVK_MAX_UPLOAD_MB", "1")
    with pytest.raises(intake.IntakeError) as caught:
        actions.preview_upload(b"x" * (2 * 2**20), "lon.xlsx", actions.records_store())
    assert "tối đa 1" in caught.value.text("vi")
    monkeypatch.setenv("DVK_AREA", "08/076")                 # Sơn Dương: Lực Hành is not one of its communes
    p = actions.preview_upload(simple_xlsx(NEW_ROWS[:1]), "x.xlsx", actions.records_store())
    assert p.rows[0].status == "error"


def test_preview_table_translates_status_and_reasons():
    data = simple_xlsx(NEW_ROWS[:1] + [[2, "Không rõ xã", "Kinh tế", "Xã Không Có", "", 2021, "", ""]])
    p = actions.preview_upload(data, "x.xlsx", actions.records_store())
    table = preview_table(p, "vi")
    assert list(table.columns) == ["Trang tính", "Dòng", "Xã, phường, thị trấn", "Trạng thái", "Lý do", "Tên mô hình, điển hình",
                                   "Lĩnh vực", "Năm"]      # row number and commune first: in view
    assert list(table["Trạng thái"]) == ["Sẵn sàng", "Lỗi – không nhập"]
    assert "Không tìm thấy xã, phường, thị trấn" in table["Lý do"][1]
    assert table["Xã, phường, thị trấn"][0] == "Xã Lực Hành" and table["Dòng"][0] == 2
    assert table["Xã, phường, thị trấn"][1] == "Xã Không Có"        # not matched: the name as written


# --- The preview screen, in an AppTest script ------------------------------------------------

def _preview_script():
    import os

    import streamlit as st

    from dashboard import url
    from dashboard.staff import imports
    from dashboard.staff.display import show_flash

    st.session_state.setdefault("staff_user", "lan")
    path = os.environ["DVK_TEST_UPLOAD"]
    with open(path, "rb") as f:
        show_flash()
        imports.render_preview(url.View(), f.read(), os.path.basename(path))


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
    assert "Đã ghi đợt nhập số 2" in at.success[0].value and "thêm 3 mô hình, điển hình" in at.success[0].value
    assert len(store.read_records(actions.records_store())) == 918


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


@pytest.mark.parametrize("header_row", [999_999, 2, 1])
def test_a_header_row_anywhere_in_range_is_a_preview_or_a_message_never_an_exception(tmp_path, monkeypatch,
                                                                                       header_row):
    at = preview_app(tmp_path, monkeypatch, NEW_ROWS)
    at.number_input(key="map_1_0_header").set_value(header_row)
    at.button(key="map_1_0_apply").click().run()
    assert not at.exception
    if header_row == 999_999:
        assert "999999" in at.error[0].value.replace(".", "")  # the row asked for, named
    else:
        assert at.dataframe  # the preview, read with that header
    if header_row != 1:
        at.button(key="import_reset").click().run()  # back to the detected header
        assert not at.exception and at.dataframe


def test_file_text_is_never_rendered_as_html(tmp_path, monkeypatch):
    evil = "<img src=x onerror=alert(1)>"
    at = preview_app(tmp_path, monkeypatch, [[1, evil, "Kinh tế", evil, "", 2021, "", ""]], name="<b>x.xlsx")
    assert not at.exception
    shown = [str(e.value) for e in [*at.markdown, *at.caption, *at.warning, *at.error]]
    assert any("b\\>x" in text for text in shown)                   # the file name is shown…
    for text in shown:                                                # …escaped: Markdown shows it as text
        assert not re.search(r"(?<!\\)<(img|b)", text)


def test_a_file_name_with_markdown_an_entity_and_a_scheme_is_shown_as_written(tmp_path, monkeypatch):
    name = "a&amp;b [x](javascript:alert(1)) *đậm*.xlsx"
    at = preview_app(tmp_path, monkeypatch, NEW_ROWS, name=name)
    assert not at.exception
    assert any(plain(name) in c.value for c in at.caption)           # the "file: …" line
    at.button(key="import_commit").click().run()
    done = at.success[0].value
    assert plain(name) in done and "\\&amp;" in done and "javascript\\:" in done


def test_the_page_never_promises_more_than_streamlit_lets_through(monkeypatch):
    """DVK_MAX_UPLOAD_MB above Streamlit's server.maxUploadSize (fixed at start): the page states and
    applies the lower of the two, so the clerk is not told 50 MB while the uploader stops at 25."""
    import streamlit as st

    from dashboard.staff.display import upload_limit_mb

    monkeypatch.setenv("DVK_MAX_UPLOAD_MB", "50")
    server = int(st.get_option("server.maxUploadSize"))
    assert upload_limit_mb() == min(50, server)
    with pytest.raises(intake.IntakeError) as caught:
        actions.preview_upload(b"x" * ((server + 1) * 2**20), "lon.xlsx", actions.records_store())
    assert f"tối đa {float(min(50, server))}" in caught.value.text("vi").replace(",", ".")
    monkeypatch.setenv("DVK_MAX_UPLOAD_MB", "3")
    assert upload_limit_mb() == 3


# --- Issue 13: reasons in full, the returned file, the folded mapping, a new file's filter -------------

RECOGNISED_ROWS = [
    [1, "Mô hình A", "Kinh tế", "Xã Thắng Quân", "", 2021, "", ""],
    [2, "Mô hình B", "Kinh tế", "TT Yên Sơn", "", 2021, "", ""],
    [3, "Mô hình C", "Kinh tế", "xã Quí Quân", "", 2021, "", ""],
    [4, "Mô hình D có một lý do rất dài " + "x" * 120, "Kinh tế", "Xã Đội Bìn", "", 2021, "", ""],
]


def _listed(at: AppTest) -> str:
    """The page's Markdown with the escaping (dashboard.words.markup.plain) taken off, to read it as shown."""
    return re.sub(r"\\(.)", r"\1", "\n".join(m.value for m in at.markdown))


def test_every_reason_is_listed_in_full_with_its_row_and_commune(tmp_path, monkeypatch):
    at = preview_app(tmp_path, monkeypatch, RECOGNISED_ROWS)
    assert not at.exception
    listed = _listed(at)
    assert "Lý do từng dòng" in listed
    # The old name and the other spelling are said, as notes on ready rows; the town is "TT. Yên Sơn".
    assert ("**Dòng 2** · TT. Yên Sơn · Sẵn sàng: Tên cũ: Thắng Quân → TT. Yên Sơn từ 01/7/2021 (mã 02473); "
            "trong tệp ghi “Xã Thắng Quân”.") in listed
    assert "**Dòng 4** · Xã Quý Quân · Sẵn sàng: Đã nhận “xã Quí Quân” là Xã Quý Quân (mã 02431)." in listed
    assert "**Dòng 3**" not in listed                            # "TT Yên Sơn" is its own name: nothing to say
    # The useful end of a long reason is there, in full, with the commune as written.
    assert "**Dòng 5** · Xã Đội Bìn · Lỗi – không nhập: Không tìm thấy" in listed
    assert "Tên gần giống: Xã Đội Bình (02533)" in listed
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["Trang tính", "Dòng", "Xã, phường, thị trấn"]
    assert list(table["Xã, phường, thị trấn"][:3]) == ["TT. Yên Sơn", "TT. Yên Sơn", "Xã Quý Quân"]


def test_the_checked_file_can_be_downloaded_from_the_preview(tmp_path, monkeypatch):
    at = preview_app(tmp_path, monkeypatch, RECOGNISED_ROWS, name="bao-cao-xa.xlsx")
    button = next(b for b in at.get("download_button") if "import_returned" in b.proto.id)
    assert button.proto.label == "Tải về tệp đã kiểm tra (kèm cột “Lý do”)"
    assert button.proto.help.startswith("Tệp đã tải lên, giữ nguyên")


def test_the_column_form_is_folded_when_every_column_was_recognised(tmp_path, monkeypatch):
    at = preview_app(tmp_path, monkeypatch, NEW_ROWS)
    form = next(e for e in at.expander if e.label.startswith("Chọn lại cột"))
    assert not form.proto.expanded
    assert "Đã nhận đủ các cột cần thiết" in "\n".join(c.value for c in at.caption)


def test_the_column_form_is_open_when_a_column_is_missing(tmp_path, monkeypatch):
    header = ["STT", "Tên mô hình", "Lĩnh vực", "Ghi chú", "Đơn vị thực hiện", "Năm"]
    at = preview_app(tmp_path, monkeypatch, [[1, "Mô hình A", "Kinh tế", "Xã Lực Hành", "Hội Nông dân", 2021]],
                     header=header)
    form = next(e for e in at.expander if e.label.startswith("Chọn lại cột"))
    assert form.proto.expanded
    assert "Chưa nhận ra cột: Xã, phường, thị trấn." in at.warning[0].value


def test_a_new_file_starts_with_every_row_shown(tmp_path, monkeypatch):
    at = preview_app(tmp_path, monkeypatch, RECOGNISED_ROWS)
    at.radio(key="import_show").set_value("problems").run()
    assert at.dataframe[0].value.shape[0] == 1                  # the error row only
    other = tmp_path / "bao-cao-khac.xlsx"
    other.write_bytes(simple_xlsx(NEW_ROWS))
    monkeypatch.setenv("DVK_TEST_UPLOAD", str(other))
    at.run()
    assert at.radio(key="import_show").value == "all"
    assert at.dataframe[0].value.shape[0] == 3
