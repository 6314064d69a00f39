"""TCVN3 (ABC) and VNI: tables checked against independent sources, round trips, detection."""
import subprocess

import pytest

from geo.places.legacyfonts import TCVN3, from_tcvn3, from_vni, is_syllable, repair
from geo.places.registry import CommuneRegistry
from geo.records.fields import FIELDS
from tests.intake.builders import iconv_available, to_tcvn3, to_vni

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _letter(vowel: str, tone: str) -> str:
    import unicodedata
    return unicodedata.normalize("NFC", vowel + tone)


ALL_LETTERS = [_letter(v, t) for v in VOWELS for t in TONES] + ["đ"]


@pytest.mark.skipif(not iconv_available(), reason="glibc iconv not installed")
def test_tcvn3_table_matches_glibc_tcvn5712():
    """Every byte the table maps decodes like glibc's TCVN5712-1 (VN3 is its 0xA1-0xFF part)."""
    raw = bytes(b for b in range(0xA1, 0x100) if not 0xB0 <= b <= 0xB4)
    glibc = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=raw,
                           capture_output=True, check=True).stdout.decode()
    ours = "".join(TCVN3[chr(b)] for b in raw)
    assert ours == glibc


@pytest.mark.skipif(not iconv_available(), reason="glibc iconv not installed")
@pytest.mark.parametrize("letter", ALL_LETTERS + [c.upper() for c in ALL_LETTERS])
def test_tcvn3_every_vowel_and_tone_round_trips(letter):
    # capitals with a tone share the lower-case code (.VnTimeH): recovered from an all-caps word
    word = "BA" + letter + "N" if letter.isupper() else "b" + letter + "n"
    assert from_tcvn3(to_tcvn3(word)) == word


@pytest.mark.parametrize("letter", ALL_LETTERS + [c.upper() for c in ALL_LETTERS])
def test_vni_every_vowel_and_tone_round_trips(letter):
    for word in (letter, "b" + letter + "n", "B" + letter + "N"):
        assert from_vni(to_vni(word)) == word


# Every vowel with every tone, in real words (shape-valid under both readings only where
# Vietnamese itself allows it), and đ/Đ; also in capitals.
WORDS_BY_VOWEL = {
    "a": "ba bà bá bả bã bạ", "ă": "ăn bằng bắt lẳng ẵm bặt", "â": "tân tần tấn tẩn tẫn tận",
    "e": "be bè bé bẻ bẽ bẹ", "ê": "lê lề lế lể lễ lệ", "i": "tinh tình tính tỉnh tĩnh tịnh",
    "o": "to tò tó tỏ tõ tọ", "ô": "cô cồ cố cổ cỗ cộ", "ơ": "mơ mờ mớ mở mỡ mợ",
    "u": "thu thù thú thủ thũ thụ", "ư": "tư từ tứ tử tữ tự", "y": "ky kỳ ký kỷ kỹ kỵ",
}
SENTENCES = list(WORDS_BY_VOWEL.values()) + [w.upper() for w in WORDS_BY_VOWEL.values()] + [
    "Xã Đội Bình", "đội bình", "ĐỘI BÌNH", "Mô hình trồng bưởi", "Nguyễn Thị Hường", "Thị trấn Yên Sơn",
    "Văn hóa – xã hội", "Quốc phòng – an ninh", "Xây dựng nông thôn mới", "Khuyến khích người dân",
    "Hiến đất làm đường giao thông nông thôn", "Chi hội Phụ nữ thôn 5", "Quý Quân", "Lực Hành",
]


def test_sentences_cover_every_vowel_and_tone():
    text = " ".join(SENTENCES).lower()
    assert set(ALL_LETTERS) <= set(text)


@pytest.mark.skipif(not iconv_available(), reason="glibc iconv not installed")
@pytest.mark.parametrize("text", SENTENCES)
def test_repair_detects_and_converts_tcvn3(text):
    assert repair(to_tcvn3(text)) == (text, "converted", "TCVN3 (ABC)")


@pytest.mark.parametrize("text", SENTENCES)
def test_repair_detects_and_converts_vni(text):
    encoded = to_vni(text)
    if encoded == text:
        pytest.skip("same in VNI")
    assert repair(encoded) == (text, "converted", "VNI")


@pytest.mark.parametrize("mojibake, text, encoding", [
    ("X· §éi B×nh", "Xã Đội Bình", "TCVN3 (ABC)"),           # the examples
    ("Xaõ Ñoäi Bình", "Xã Đội Bình", "VNI"),
    ("B¶o Th¾ng", "Bảo Thắng", "TCVN3 (ABC)"),
    ("Kinh tÕ", "Kinh tế", "TCVN3 (ABC)"),
    ("Tªn m« h×nh", "Tên mô hình", "TCVN3 (ABC)"),
    ("Xin chaøo caùc baïn", "Xin chào các bạn", "VNI"),
    ("Chaùu", "Cháu", "VNI"),
    ("XÃ£ Ä\x90á»™i BÃ¬nh", "Xã Đội Bình", "UTF-8"),           # UTF-8 read as Windows-1252
])
def test_known_mojibake(mojibake, text, encoding):
    assert repair(mojibake) == (text, "converted", encoding)


UNICODE_TEXTS = (
    [u.name for u in CommuneRegistry.legacy(province="Tuyên Quang", district="Yên Sơn").units]
    + [f.vi for f in FIELDS]
    + ["Thái Bình", "Chiêu Yên", "Kim Quan", "Mô hình café sách", "Café", "2×3 m", "25°C", "Hội LHPN · thôn 5",
       "Mô hình «Dân vận khéo»", "<script>alert('x')</script>", "Doi Binh", "Quí Quân", "ÔNG TÝ"]
)


@pytest.mark.parametrize("text", UNICODE_TEXTS)
def test_unicode_text_is_left_alone(text):
    assert repair(text) == (text, "unicode", None)


@pytest.mark.parametrize("text", [
    "X· §éi B×nh mô hình",   # TCVN3 and Unicode in one cell: no table gives Vietnamese
    "§×× ·¸¹ µ¶",             # old-font characters that make no words
    "tin tìn tín tæn tón tòn",  # VNI or TCVN3? both readings are Vietnamese-shaped: not confident
])
def test_unconvertible_old_font_text_is_unreadable(text):
    assert repair(text)[1] == "unreadable"


@pytest.mark.parametrize("word, ok", [
    ("Đội", True), ("nguyễn", True), ("thuở", True), ("gì", True), ("quý", True), ("khuyên", True),
    ("người", True), ("oanh", True), ("ẹoọi", False), ("bỡnh", False), ("xaừ", False), ("tÕ", False),
    ("café", False), ("bất", True), ("bầt", False), ("tẻo", True), ("teỏ", False), ("hoà", True), ("hòa", True),
    ("thuý", True), ("thúy", True), ("hoàn", True), ("hòan", False), ("người", True), ("ngừơi", False),
    ("giá", True), ("quả", True), ("khuỷu", True), ("tế", True),
])
def test_syllable_shape(word, ok):
    assert is_syllable(word) is ok
