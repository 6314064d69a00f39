"""What the commands share (dashboard/cli/output.py): one upload limit, the page's, for every file handed over.

DVK_MAX_UPLOAD_MB sets it (Config.max_upload_bytes); a spreadsheet and a
boundary file one byte over it are both refused before they are read, and
neither is refused for its size at exactly the limit.
"""
import pytest

from dashboard.cli import main
from dashboard.cli.output import REJECTED, say

UNREACHABLE = "postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2"


@pytest.fixture
def limit(tmp_path, monkeypatch) -> int:
    monkeypatch.setenv("DVK_MAX_UPLOAD_MB", "1")
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE)      # a refused file never gets as far as the database
    monkeypatch.setenv("DVK_BOUNDARY_SETS", str(tmp_path / "sets"))
    monkeypatch.delenv("DVK_RECORDS", raising=False)
    return 2**20


def run(capsys, *argv):
    code = main(list(argv))
    return code, capsys.readouterr().err


@pytest.mark.parametrize("command, name, refusal", [
    ("import", "bao-cao.xlsx", "Chỉ nhận tệp tối đa 1.0 MB"),
    ("boundaries", "ranh-gioi.geojson", "vượt giới hạn 1.0 MB"),
])
def test_one_upload_limit_for_spreadsheets_and_boundary_files(limit, tmp_path, capsys, command, name, refusal):
    path = tmp_path / name
    path.write_bytes(b" " * (limit + 1))
    code, err = run(capsys, command, str(path))
    assert code == REJECTED and refusal in err and name in err
    path.write_bytes(b" " * limit)                        # at the limit: refused for something else, not its size
    code, err = run(capsys, command, str(path))
    assert code == REJECTED and refusal not in err and "1.0 MB" not in err


def test_the_default_limit_is_the_pages_20_mib(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DVK_MAX_UPLOAD_MB", raising=False)
    monkeypatch.setenv("DVK_BOUNDARY_SETS", str(tmp_path / "sets"))
    path = tmp_path / "lon.geojson"
    path.write_bytes(b" " * (20 * 2**20 + 1))            # the command line used to take 50 MB here
    code, err = run(capsys, "boundaries", str(path))
    assert code == REJECTED and "vượt giới hạn" in err


def test_say_drops_control_characters(capsys):
    say("a\x1b[31mb\x07c", err=True)
    assert capsys.readouterr().err == "a[31mbc\n"


# Bidirectional formatting characters (issue 10, item 13): a name holding U+202E shows its end first, so
# "Xã ‮ab.exe" can pass for another text; each one, and each isolate, mark and the Arabic letter mark.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.mark.parametrize("char", list(BIDI), ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_say_drops_each_bidirectional_control(capsys, char):
    say(f"Xã {char}Đội Bình", err=True)
    say(f"lan{char}", err=False)
    out, err = capsys.readouterr()
    assert err == "Xã Đội Bình\n" and out == "lan\n"


def test_say_keeps_vietnamese_text_tabs_and_other_scripts(capsys):
    text = "Xã Đội Bình\tHuyện Yên Sơn — 02533 · “Nhữ Khê” ½ 東 مرحبا"
    say(text)
    assert capsys.readouterr().out == text + "\n"
