"""Every Vietnamese string of the product keeps to the glossary (../shared/GLOSSARY.vi.md).

The glossary's "avoid" column, as a short list of forbidden phrases, is checked
against every Vietnamese text the product shows: the message tables (the vi
side of dashboard/words and geo/intake/messages.py), dashboard/content/*.vi.md,
the Vietnamese literals of the command line, of the import template and of
the demo data's generator (its names and sources fill the records table), and
the map frame's own message. A string that brings back "bản ghi" or "lô"
fails here, named by its key or file and line. The few legitimate exceptions
are listed in EXCEPTIONS, each with its reason.
"""
import ast
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from dashboard.words.i18n import STRINGS
from dashboard.words.viewer import MESSAGES as VIEWER

ROOT = Path(__file__).resolve().parents[2]
# Vietnamese letters (and some other Latin ones): enough to tell a Vietnamese literal from an English one.
VIETNAMESE = re.compile(r"[À-ỹ]")
# Keys shown to leaders: the viewer's table, and the banner every viewer sees when a boundary set is damaged.
LEADER_KEYS = frozenset(VIEWER) | {"bset_damaged_banner"}
# Source files whose Vietnamese literals reach users without a message table: the command line, the
# import template offices fill in, and the demo records leaders browse (True: leaders read it).
LITERAL_SOURCES = {ROOT / "dashboard" / "__main__.py": False,
                   **{path: False for path in sorted((ROOT / "dashboard" / "cli").glob("*.py"))},
                   ROOT / "geo" / "records" / "export.py": False,
                   ROOT / "data" / "generate_demo.py": True}
MAP_FRAME = ROOT / "dashboard" / "viewer" / "mapcomponent" / "frontend" / "map.js"


class Text(NamedTuple):
    source: str     # "message legend_zero", "sources.vi.md", "geo/records/export.py"
    line: int       # in a file (0 for a message)
    text: str
    leader: bool    # seen by leaders, so "Vui lòng", never "Hãy"

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


class Rule(NamedTuple):
    name: str
    pattern: str    # searched case-insensitively
    example: str    # a phrase it must catch (test_each_rule_catches_its_example)
    leaders_only: bool = False


_NOT_POLYGON = r"(?<!mô )(?<!điển )(?<!màn )(?<!cấu )\bhình\b(?! (học|thành|thức|ảnh|dạng))"
RULES = (
    Rule("'bản ghi' is database jargon: mô hình, điển hình", r"\bbản ghi\b", "thêm 3 bản ghi"),
    Rule("'Số mô hình' alone for the total: Số mô hình, điển hình", r"\bsố mô hình\b(?!, điển hình)",
         "Tổng số mô hình"),
    Rule("'Chỉ tiêu' reads as a quota", r"\bchỉ tiêu\b", "Chỉ tiêu tô màu"),
    Rule("the filters are matched: phù hợp bộ lọc", r"khớp (với )?bộ lọc", "Không có mô hình nào khớp bộ lọc."),
    Rule("'trong kỳ lọc' is not a term: phù hợp bộ lọc", r"trong kỳ lọc", "0 (không có mô hình trong kỳ lọc)"),
    Rule("'góc nhìn' means an opinion: màn hình đang xem", r"góc nhìn", "Chia sẻ góc nhìn này"),
    Rule("the 2025 reform is 'sắp xếp', not 'sáp nhập'", r"sáp nhập", "Cùng sáp nhập vào đơn vị đó"),
    Rule("'bị chia': một phần diện tích được sắp xếp vào", r"\bbị chia\b", "Xã này bị chia"),
    Rule("'bỏ cấp huyện': chính quyền địa phương hai cấp", r"bỏ cấp huyện", "cả nước bỏ cấp huyện"),
    Rule("'GSO': mã đơn vị hành chính", r"\bGSO\b", "Mã xã (GSO, 5 chữ số)"),
    Rule("'Tổng cục Thống kê' code: mã đơn vị hành chính", r"tổng cục thống kê", "mã 5 chữ số của Tổng cục Thống kê"),
    Rule("'hiện hành' means the post-2025 codes: giai đoạn 2020–2025", r"\b(mã xã|danh mục) hiện hành\b",
         "mã xã hiện hành"),
    Rule("illustrative data is 'dữ liệu giả định'", r"dữ liệu mẫu|sinh tự động", "dữ liệu mẫu sinh tự động"),
    Rule("'số liệu thật': số liệu thực tế", r"số liệu thật", "khớp số liệu thật"),
    Rule("'lô': đợt nhập", r"\blô\b", "Hoàn tác một lô"),
    Rule("'đợt' alone: đợt nhập", r"\bđợt\b(?! nhập)", "Đã nhập đợt số 2"),
    Rule("'nạp': tải lên", r"\bnạp\b", "Người nạp"),
    Rule("'chương trình': hệ thống", r"chương trình", "Chương trình đọc thử"),
    Rule("'rút gọn': đơn giản hóa", r"rút gọn", "Bản rút gọn để hiển thị"),
    Rule("'bởi' is a passive calque: Người hoàn tác", r"\bbởi\b", "Hoàn tác bởi"),
    Rule("'Đang hiệu lực': Còn hiệu lực", r"đang hiệu lực", "Đang hiệu lực"),
    Rule("'Đang đăng nhập' reads as in progress: Đã đăng nhập", r"đang đăng nhập", "Đang đăng nhập: **a**"),
    Rule("'Xã, thị trấn' for every area: xã, phường, thị trấn", r"(?<!phường, )\bxã, thị trấn\b", "Tất cả xã, thị trấn"),
    Rule("'Trang' for a sheet: trang tính", r"\btrang (ẩn\b|“\{sheet\}”|“(danh sách|danh mục|hướng dẫn)”)",
         "Bỏ qua trang ẩn “{sheet}”"),
    Rule("'hình' for a polygon: vùng", _NOT_POLYGON, "còn có hình khác trong tệp"),
    Rule("'Xanh:' is blue or green: Xanh lam", r"\bxanh\s*:", "Xanh: vùng khớp"),
    Rule("'mở dữ liệu': tải dữ liệu", r"\bmở dữ liệu\b", "Đang mở dữ liệu"),
    Rule("'khá nhất': tốt nhất", r"\bkhá nhất\b", "cách đọc khá nhất"),
    Rule("'Việc ghi là tất cả hoặc không' is a calque", r"tất cả hoặc không", "Việc ghi là tất cả hoặc không"),
    Rule("'Bộ ranh giới của đơn vị': Bộ ranh giới mặc định của hệ thống", r"bộ ranh giới của đơn vị",
         "Bộ ranh giới của đơn vị (mặc định)"),
    Rule("the rate: Số mô hình, điển hình/1.000 dân", r"\btrên 1\.000 dân", "Số mô hình, điển hình trên 1.000 dân"),
    Rule("'dân số 2009': dân số năm 2009", r"dân số 2009", "(dân số 2009)"),
    Rule("the census: Tổng điều tra dân số và nhà ở năm 2009", r"tổng điều tra(?! dân số và nhà ở năm)",
         "phục vụ Tổng điều tra 2009"),
    Rule("Save As is 'Lưu Như'", r"(?<!lưu như \()save as", "chọn Lưu thành (Save As)"),
    Rule("'Tải tệp mẫu': Tải về tệp mẫu", r"\btải tệp mẫu", "Tải tệp mẫu (.xlsx)"),
    Rule("meaning reversed: người mù màu vẫn phân biệt được", r"phân biệt được với người mù màu",
         "phân biệt được với người mù màu"),
    Rule("'ở mọi mức phóng to' says some zooms have gaps: ở bất kỳ mức phóng to nào", r"ở mọi mức phóng to",
         "không có khe hở ở mọi mức phóng to"),
    Rule("dates as 01/7/2025: no zero before months 3-12", r"\b\d{1,2}/0[3-9]/\d{4}\b", "từ 01/07/2025"),
    Rule("dates as 01/7/2025: a zero before days under 10 and months 1, 2 (Nghị định 30/2020)",
         r"(?<![\d/])(\d/\d{1,2}|\d{1,2}/[12])/\d{4}\b", "1/7/2025"),
    Rule("dates in Vietnamese text are dd/m/yyyy, not ISO", r"\b\d{4}-\d{2}-\d{2}\b", "từ 2025-07-01"),
    Rule("'Hãy' on a leader's screen: Vui lòng", r"\bhãy\b", "Hãy tải lại trang.", leaders_only=True),
)

# (source, the phrase in its context) -> why that text may keep it. The match must lie inside the phrase.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("data/generate_demo.py", "nhập ngũ đúng chỉ tiêu"): "a conscription quota really is a quota (chỉ tiêu)",
    ("data/generate_demo.py", "đạt 100% chỉ tiêu"): "the same conscription quota, met",
    ("data/generate_demo.py", "xem xét kết nạp"): "kết nạp is admission into the Party, not nạp (upload)",
    ("data/generate_demo.py", "Kết nạp {m} đảng viên"): "kết nạp is admission into the Party, not nạp (upload)",
}


def table_texts() -> list[Text]:
    """The Vietnamese side of every message table entry."""
    return [Text(f"message {key}", 0, vi, key in LEADER_KEYS) for key, (vi, _) in STRINGS.items()]


def content_texts() -> list[Text]:
    """Each line of the Vietnamese pages (dashboard/content/*.vi.md), all read by leaders."""
    pages = sorted((ROOT / "dashboard" / "content").glob("*.vi.md"))
    assert pages, "no Vietnamese content found"
    return [Text(page.name, number, line, True) for page in pages
            for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if line.strip()]


def literal_texts() -> list[Text]:
    """Vietnamese string literals of LITERAL_SOURCES (docstrings left out)."""
    found = []
    for path, leader in LITERAL_SOURCES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node)}
        found += [Text(str(path.relative_to(ROOT)), node.lineno, node.value, leader) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docstrings and VIETNAMESE.search(node.value)]
    return found


def frame_texts() -> list[Text]:
    """The map frame's own Vietnamese message (shown when the map cannot load)."""
    script = MAP_FRAME.read_text(encoding="utf-8")
    found = [Text(MAP_FRAME.name, 0, text, True) for text in re.findall(r'\bvi:\s*"([^"]*)"', script)]
    assert found, "the map frame's Vietnamese message was not found"
    return found


def all_texts() -> list[Text]:
    return table_texts() + content_texts() + literal_texts() + frame_texts()


class Breach(NamedTuple):
    text: Text
    rule: str
    phrase: str     # what the rule matched

    def excused_by(self) -> tuple[str, str] | None:
        """The EXCEPTIONS entry that allows it: same source, its phrase in the text and around the match."""
        return next((key for key in EXCEPTIONS if key[0] == self.text.source and key[1] in self.text.text
                     and self.phrase.lower() in key[1].lower()), None)


def breaches(texts: list[Text]) -> list[Breach]:
    """Every forbidden phrase found (each rule at most once per text)."""
    found = []
    for text in texts:
        for rule in RULES:
            if rule.leaders_only and not text.leader:
                continue
            found += [Breach(text, rule.name, match.group(0))
                      for match in re.finditer(rule.pattern, text.text, re.IGNORECASE)]
    return found


def test_every_source_of_vietnamese_is_walked():
    texts = all_texts()
    sources = {t.source.split(" ")[0] for t in texts}
    assert {"message", "sources.vi.md", "map.js", "geo/records/export.py", "data/generate_demo.py"} <= sources
    assert len([t for t in texts if t.source.startswith("message ")]) == len(STRINGS)


def test_no_vietnamese_string_uses_a_phrase_the_glossary_avoids():
    found = [b for b in breaches(all_texts()) if b.excused_by() is None]
    assert not found, "\n".join(f"{b.text.where}: “{b.phrase}” ({b.rule})" for b in found)


def test_every_exception_is_still_needed():
    used = {b.excused_by() for b in breaches(all_texts())}
    assert set(EXCEPTIONS) <= used, set(EXCEPTIONS) - used


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_each_rule_catches_its_example(rule):
    assert {b.rule for b in breaches([Text("example", 0, rule.example, True)])} == {rule.name}, rule.example


@pytest.mark.parametrize("good", [
    "Số mô hình, điển hình", "Bản đồ mô hình, điển hình", "màn hình đang xem", "Hình thành ngày 01/7/2025",
    "Tất cả xã, phường, thị trấn", "Đã ghi đợt nhập số 2", "trang tính “{sheet}”", "Trang “{page}”",
    "Tổng điều tra dân số và nhà ở năm 2009", "Lưu Như (Save As)", "01/01/2020", "30/6/2025", "07/11/2022",
    "Tải về tệp mẫu", "Xanh lam: vùng khớp", "lỗ thủng", "Chưa cấu hình tài khoản",
])
def test_the_glossary_words_themselves_pass(good):
    assert not breaches([Text("example", 0, good, True)])


def test_hay_is_fine_in_staff_and_command_line_help():
    assert not breaches([Text("message staff", 0, "Hãy sửa tệp rồi chạy lại.", False)])


def test_a_sheet_is_always_a_trang_tinh():
    """A message about an Excel sheet (English "sheet") never calls it a bare "trang", which is a page."""
    bare = [key for key, (vi, en) in STRINGS.items() if re.search(r"\bsheets?\b", en, re.IGNORECASE)
            and re.search(r"\btrang\b(?! tính)", vi, re.IGNORECASE)]
    assert not bare
