"""The staff page and the command line call the same rows duplicates, and the store skips exactly those.

Both ask the store one way (geo.records.store.stored_keys) and compare with
the one key (geo.records.keys); this test holds them to it on one file with
a stored record retyped, a row repeated in the file and new rows.
"""
import re

from dashboard.cli import main
from dashboard.staff import actions
from geo.intake.messages import MESSAGES
from geo.records import store
from tests.cli.test_records import counts, write
from tests.intake.builders import simple_xlsx

ROWS = [
    [1, "MÔ HÌNH  trồng chè an toàn thôn 7.", "Kinh tế", "Xã Quý Quân", "", 2020, "", ""],  # a demo record, retyped
    [2, "Mô hình mới: nuôi ong lấy mật", "Kinh tế", "Xã Đội Bình", "", 2022, "", ""],
    [3, "Mô hình mới: nuôi ong lấy mật", "Kinh tế", "Xã Đội Bình", "", 2022, "", ""],      # row 2 again
    [4, "Tổ hòa giải thôn Cầu Trôi", "Khác", "Xã Đội Bình", "", 2022, "", ""],
]
DUPLICATE_TEXTS = (MESSAGES["duplicate_existing"][1], MESSAGES["duplicate_in_file"][1].split("{")[0])


def cli_duplicates(out: str) -> set[int]:
    """Rows the command line's report gives a duplicate reason."""
    found, row = set(), None
    for line in out.splitlines():
        head = re.match(r"\S.* · row (\d+) · ", line)
        if head:
            row = int(head.group(1))
        elif line.startswith("    - ") and any(line[6:].startswith(text) for text in DUPLICATE_TEXTS):
            found.add(row)
    return found


def test_page_and_command_line_report_the_same_duplicates(db, tmp_path, capsys):
    data = simple_xlsx(ROWS)
    page = actions.preview_upload(data, "bao-cao.xlsx", store.open_store(db))
    on_page = {r.row_number for r in page.rows if r.is_duplicate}
    assert on_page == {2, 4}  # the retyped demo record (Excel row 2) and the repeat of Excel row 3

    path = write(tmp_path, "bao-cao.xlsx", data)
    assert main(["import", path, "--dry-run", "--lang", "en"]) == 0
    assert cli_duplicates(capsys.readouterr().out) == on_page

    before = counts(db)["records"]
    assert main(["import", path, "--lang", "en"]) == 0
    assert re.search(r": 2 models and exemplars added, 2 duplicates skipped", capsys.readouterr().out)
    assert counts(db)["records"] == before + len(ROWS) - len(on_page)
