"""`python -m dashboard handout` (dashboard/cli/handout.py): a good link writes the page as PDF or PNG (a compare
link its small maps), a link with anything the app would drop is refused with the reason and exit code 2, as
other commands refuse."""
import re

import pytest

from dashboard.cli import main
from tests.handout.helpers import pdf_text

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_a_good_link_writes_a_pdf_and_a_png(tmp_path, capsys):
    link = "http://dvk.example.vn/?field=kinh-te&from=2021&to=2022&units=2025"
    assert main(["handout", link, "--out", str(tmp_path / "ban-in.pdf")]) == 0
    data = (tmp_path / "ban-in.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Lĩnh vực: Kinh tế · Năm 2021–2022" in text
    assert "http://dvk.example.vn/?page=map&lang=vi&units=2025&field=kinh-te&from=2021&to=2022" in text
    assert "Đã ghi bản in của màn hình vào" in capsys.readouterr().out
    assert main(["handout", "?lang=en&from=2022&to=2022", "--out", str(tmp_path / "x.PNG"),
                 "--base", "https://dvk.example.vn/app"]) == 0
    assert (tmp_path / "x.PNG").read_bytes().startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("link, lang, said", [
    ("field=kinh-tee&from=2021", "vi", "giá trị “kinh-tee” của “field”"),
    ("https://dvk.example.vn/?province=99&frm=2021", "en", "unknown parameter “frm”"),
    ("not a link", "vi", "tham số không rõ “not a link”"),
])
def test_a_bad_link_is_refused_with_its_reasons(tmp_path, capsys, link, lang, said):
    out = tmp_path / "ban-in.pdf"
    assert main(["handout", link, "--out", str(out), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert said in err and ("Hãy sao chép lại đường dẫn" in err or "Copy the link again" in err)
    assert not out.exists()


def test_a_file_neither_pdf_nor_png_is_refused(tmp_path, capsys):
    assert main(["handout", "from=2021", "--out", str(tmp_path / "ban-in.docx")]) == 2
    assert "phải có đuôi .pdf hoặc .png" in capsys.readouterr().err


def test_a_compare_link_prints_its_small_maps_and_the_change_says_up_and_down(tmp_path):
    out = tmp_path / "so-sanh.pdf"
    link = "http://dvk.example.vn/?compare=change&from=2021&to=2022&commune=02533,02530,02431,02434"
    assert main(["handout", link, "--out", str(out)]) == 0
    text = pdf_text(out.read_bytes())
    assert "Lĩnh vực: tất cả · Năm 2021–2022 · 4 xã được chọn" in text
    assert "Năm 2022 so với năm 2021 · tổng" in text and "Tăng, giảm: Số mô hình, điển hình" in text
    assert re.search(r"Tăng từ \d+ trở lên", text) and re.search(r"Giảm từ \d+ trở lên", text)  # the open classes
    assert all(words in text for words in ("Không đổi", "Chưa có dữ liệu", "Ngoài bộ lọc xã"))
    assert "&compare=change" in text
