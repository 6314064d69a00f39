"""Generate the demo records set: `python data/generate_demo.py` -> data/demo/records.csv.

Why a generator and not a hand-made file: the demo set must match the
article's per-field totals exactly, look uneven enough on a choropleth to be
worth showing, and be reproducible byte for byte from a fixed seed, so anyone
can check that the committed CSV is what this script makes.

Four rows are real (models the article names); every other row is synthetic
and marked `illustrative=True`. Nothing is read from ../shared/data: the list
of the 28 units (GSO codes, names, 2009 population as a loose weight) is
public fact and written out below. See data/README.md.
"""
import argparse
import random
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from geo.records.fields import FIELD_CODES  # noqa: E402
from geo.records.schema import COLUMNS  # noqa: E402

SEED = 20221107  # the article's date, 7/11/2022
DEFAULT_OUT = ROOT / "data" / "demo" / "records.csv"
YEARS = (2020, 2021, 2022)
# Share of each field's total per year: the movement grew, so later years get more.
YEAR_SHARES = (0.30, 0.33, 0.37)
DIEN_HINH_SHARE = 0.20
DISTRICT_UNIT_SHARE = 0.10
MIN_PER_COMMUNE = 6

# Per-field totals as the article lists them (they sum to 915; its headline says 917).
FIELD_TOTALS = {
    "kinh-te": 185,
    "van-hoa-xa-hoi": 222,
    "quoc-phong-an-ninh": 63,
    "he-thong-chinh-tri": 164,
    "nong-thon-moi": 236,
    "khac": 45,
}

ARTICLE_SOURCE = (
    "Yên Sơn: Đẩy mạnh thực hiện phong trào thi đua “Dân vận khéo” "
    "(Phan Thanh Bình, 07/11/2022)"
)


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    pop2009: int
    is_town: bool = False

    @property
    def place(self) -> str:
        """The unit with its type word, as used inside other names ("xã Đội Bình")."""
        return f"{'thị trấn' if self.is_town else 'xã'} {self.name}"


# The 28 units of Yên Sơn district, 2020-01-01 .. 2025-06-30.
COMMUNES: tuple[Commune, ...] = (
    Commune("02431", "Quý Quân", 1863),
    Commune("02434", "Lực Hành", 2827),
    Commune("02437", "Kiến Thiết", 4100),
    Commune("02440", "Trung Minh", 1871),
    Commune("02443", "Chiêu Yên", 3615),
    Commune("02446", "Trung Trực", 2007),
    Commune("02449", "Xuân Vân", 7669),
    Commune("02452", "Phúc Ninh", 4536),
    Commune("02455", "Hùng Lợi", 5173),
    Commune("02458", "Trung Sơn", 2747),
    Commune("02461", "Tân Tiến", 3502),
    Commune("02464", "Tứ Quận", 5943),
    Commune("02467", "Đạo Viện", 2124),
    Commune("02470", "Tân Long", 4823),
    Commune("02473", "Yên Sơn", 6906, is_town=True),  # xã Thắng Quân until 2019-12-31
    Commune("02476", "Kim Quan", 2665),
    Commune("02479", "Lang Quán", 5027),
    Commune("02482", "Phú Thịnh", 1871),
    Commune("02485", "Công Đa", 2556),
    Commune("02488", "Trung Môn", 8229),
    Commune("02491", "Chân Sơn", 3600),
    Commune("02494", "Thái Bình", 4179),
    Commune("02500", "Tiến Bộ", 4473),
    Commune("02506", "Mỹ Bằng", 10642),
    Commune("02518", "Hoàng Khai", 3724),
    Commune("02527", "Nhữ Hán", 4177),
    Commune("02530", "Nhữ Khê", 4612),
    Commune("02533", "Đội Bình", 6303),
)
BY_CODE = {c.code: c for c in COMMUNES}

# Models the article names, with its own wording. The article gives no
# registration year; it covers 2020-2022 and was written in 2022, so 2022.
ARTICLE_MODELS = (
    ("02533", "xã Đội Bình", "nong-thon-moi",
     "Mô hình tuyên truyền, vận động người dân hiến đất để làm đường giao thông",
     "Tuyên truyền, vận động người dân hiến đất để làm đường giao thông tại xã Đội Bình."),
    ("02533", "xã Đội Bình", "kinh-te",
     "Mô hình phát triển kinh tế nuôi ong lấy mật",
     "Mô hình phát triển kinh tế nuôi ong lấy mật tại xã Đội Bình."),
    ("02533", "xã Đội Bình", "kinh-te",
     "Mô hình trồng bưởi",
     "Mô hình trồng bưởi tại xã Đội Bình."),
    ("02434", "xã Lực Hành", "kinh-te",
     "Mô hình trồng na",
     "Mô hình trồng na tại xã Lực Hành."),
)
ARTICLE_RESULT = "Giúp nhiều hộ gia đình thoát nghèo, vươn lên làm giàu (theo bài viết)."
ARTICLE_YEAR = 2022

# Synthetic model names per field: (name, description). "{thon}" is a village
# (thôn) or, in the town, a residential group (tổ dân phố); "{xa}" the commune.
MODEL_TEMPLATES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "kinh-te": (
        ("Mô hình trồng cam sành {thon}", "Vận động các hộ chuyển diện tích đồi tạp sang trồng cam sành theo quy trình VietGAP.", "{n} hộ tham gia, diện tích cam tăng thêm {m} ha."),
        ("Tổ hợp tác nuôi trâu {thon}", "Các hộ góp vốn, chia sẻ kinh nghiệm chăn nuôi trâu vỗ béo.", "{n} hộ tham gia, đàn trâu tăng {m} con."),
        ("Mô hình trồng chè an toàn {thon}", "Vận động hộ trồng chè áp dụng quy trình an toàn, liên kết bao tiêu sản phẩm.", "{n} hộ tham gia, {m} ha chè được bao tiêu."),
        ("Mô hình trồng rừng gỗ lớn {thon}", "Vận động hộ kéo dài chu kỳ trồng rừng để chuyển sang rừng gỗ lớn.", "{n} hộ đăng ký, chuyển {m} ha sang rừng gỗ lớn."),
        ("Mô hình chăn nuôi lợn an toàn sinh học {thon}", "Hướng dẫn hộ chăn nuôi làm chuồng trại, tiêm phòng đầy đủ.", "{n} hộ áp dụng, không phát sinh dịch bệnh."),
        ("Mô hình nuôi gà thả đồi {thon}", "Hỗ trợ giống, kỹ thuật cho hộ nghèo, cận nghèo nuôi gà thả đồi.", "Giúp {n} hộ có thêm thu nhập, {m} hộ thoát nghèo."),
        ("Mô hình liên kết trồng mía {thon}", "Vận động các hộ liên kết với doanh nghiệp trồng và tiêu thụ mía.", "{n} hộ ký hợp đồng liên kết, {m} ha mía nguyên liệu."),
        ("Mô hình nuôi cá lồng {thon}", "Vận động hộ ven sông đầu tư lồng nuôi cá theo hướng hàng hóa.", "{n} hộ tham gia với {m} lồng cá."),
        ("Mô hình cánh đồng lúa chất lượng cao {thon}", "Vận động hộ dồn điền, cấy chung một giống lúa chất lượng cao.", "{n} hộ tham gia, {m} ha cấy cùng một giống."),
        ("Mô hình “Hội viên nông dân giúp nhau phát triển kinh tế” {thon}", "Hội viên khá giả giúp hộ khó khăn vốn, giống và ngày công.", "Giúp {n} hộ khó khăn, {m} hộ thoát nghèo."),
        ("Mô hình trồng ngô sinh khối {thon}", "Chuyển đất bãi sang trồng ngô sinh khối làm thức ăn chăn nuôi.", "{n} hộ tham gia, {m} ha ngô sinh khối."),
    ),
    "van-hoa-xa-hoi": (
        ("Mô hình “Dòng họ học tập” {thon}", "Vận động các dòng họ lập quỹ khuyến học, khen thưởng con cháu học giỏi.", "{n} dòng họ tham gia, khen thưởng {m} cháu học giỏi."),
        ("Câu lạc bộ văn nghệ dân gian {thon}", "Duy trì sinh hoạt văn nghệ, gìn giữ làn điệu dân ca của đồng bào.", "{n} thành viên sinh hoạt thường xuyên."),
        ("Câu lạc bộ hát Then, đàn Tính {thon}", "Truyền dạy hát Then, đàn Tính cho thanh thiếu niên.", "Truyền dạy cho {n} thanh thiếu niên."),
        ("Mô hình xóa nhà tạm, nhà dột nát {thon}", "Huy động ngày công, vật liệu làm nhà mới cho hộ nghèo.", "Làm mới {m} nhà cho hộ nghèo với {n} ngày công."),
        ("Mô hình thực hiện nếp sống văn minh trong việc cưới, việc tang {thon}", "Vận động các hộ tổ chức cưới, tang gọn nhẹ, tiết kiệm theo hương ước.", "{n} hộ cam kết thực hiện, không còn mâm cỗ linh đình."),
        ("Mô hình “Nuôi con khỏe, dạy con ngoan” {thon}", "Chi hội phụ nữ hướng dẫn chăm sóc, giáo dục trẻ trong gia đình.", "{n} hộ gia đình trẻ tham gia sinh hoạt."),
        ("Mô hình “Phụ nữ giúp nhau thoát nghèo” {thon}", "Hội viên góp vốn xoay vòng giúp chị em khó khăn phát triển sản xuất.", "Giúp {n} hội viên vay vốn xoay vòng, {m} hộ thoát nghèo."),
        ("Mô hình vận động trẻ em trong độ tuổi đến trường {thon}", "Cán bộ thôn, giáo viên đến từng nhà vận động học sinh đi học đều.", "Vận động {m} học sinh bỏ học trở lại lớp."),
        ("Mô hình “Gia đình văn hóa, thôn văn hóa” {thon}", "Vận động các hộ đăng ký và giữ danh hiệu gia đình văn hóa.", "{n} hộ đạt danh hiệu gia đình văn hóa."),
        ("Mô hình “Góp gạo nuôi heo đất giúp bạn đến trường” {thon}", "Học sinh, phụ huynh góp gạo, tiền tiết kiệm tặng bạn nghèo.", "Trao {m} suất quà cho học sinh nghèo."),
    ),
    "quoc-phong-an-ninh": (
        ("Tổ tự quản về an ninh trật tự {thon}", "Các hộ liền kề tự quản, thông tin kịp thời cho công an xã.", "{n} hộ tham gia, không phát sinh vụ việc phức tạp."),
        ("Mô hình “Camera an ninh” {thon}", "Vận động các hộ, doanh nghiệp góp kinh phí lắp camera tại các nút giao.", "Lắp đặt {m} camera tại các điểm công cộng."),
        ("Mô hình “Thôn không có tội phạm và tệ nạn xã hội” {thon}", "Vận động nhân dân tố giác tội phạm, giúp người lầm lỗi hòa nhập.", "{n} hộ ký cam kết, giúp {m} người lầm lỗi hòa nhập cộng đồng."),
        ("Tổ hòa giải ở cơ sở {thon}", "Hòa giải kịp thời mâu thuẫn trong khu dân cư, không để phát sinh điểm nóng.", "Hòa giải thành {m} vụ việc ngay tại cơ sở."),
        ("Mô hình “Dân vận khéo” trong công tác tuyển quân {xa}", "Gặp gỡ gia đình thanh niên, vận động lên đường nhập ngũ đúng chỉ tiêu.", "{m} thanh niên lên đường nhập ngũ, đạt 100% chỉ tiêu."),
        ("Mô hình “Phòng cháy, chữa cháy an toàn” {thon}", "Vận động hộ gia đình trang bị bình chữa cháy, tập huấn kỹ năng.", "{n} hộ trang bị bình chữa cháy."),
        ("Mô hình “Tổ liên gia an toàn phòng cháy, chữa cháy” {thon}", "Các hộ liền kề hỗ trợ nhau khi có sự cố cháy, nổ.", "{n} hộ tham gia, không xảy ra cháy, nổ."),
    ),
    "he-thong-chinh-tri": (
        ("Mô hình “Cán bộ, đảng viên gương mẫu đi đầu” {thon}", "Đảng viên nhận giúp đỡ hộ khó khăn, đi đầu thực hiện chủ trương.", "{m} đảng viên tham gia, tạo đồng thuận trong nhân dân."),
        ("Mô hình “Đảng viên giúp đỡ hộ nghèo” {thon}", "Mỗi đảng viên nhận theo dõi, giúp đỡ một hộ nghèo thoát nghèo.", "{m} đảng viên giúp đỡ {m} hộ nghèo."),
        ("Mô hình “Chi bộ sinh hoạt chuyên đề có chất lượng” {thon}", "Đổi mới nội dung sinh hoạt chi bộ, mời nhân dân góp ý.", "Tổ chức {m} buổi sinh hoạt chuyên đề trong năm."),
        ("Mô hình “Tiếp xúc, đối thoại trực tiếp với nhân dân” {xa}", "Lãnh đạo xã đối thoại định kỳ, giải quyết kiến nghị tại chỗ.", "Tiếp nhận và giải quyết {n} kiến nghị của nhân dân."),
        ("Mô hình “Bộ phận một cửa thân thiện” {xa}", "Cán bộ một cửa hướng dẫn tận tình, trả kết quả đúng hẹn.", "Giải quyết đúng hạn {n} hồ sơ trong tháng cao điểm."),
        ("Mô hình phát triển đảng viên trong đoàn viên thanh niên {xa}", "Bồi dưỡng đoàn viên ưu tú, giới thiệu cho Đảng xem xét kết nạp.", "Kết nạp {m} đảng viên mới."),
        ("Mô hình thực hiện quy chế dân chủ ở cơ sở {thon}", "Công khai các khoản đóng góp, để nhân dân bàn và quyết định.", "{n} hộ tham gia bàn bạc, không có đơn thư vượt cấp."),
    ),
    "nong-thon-moi": (
        ("Vận động nhân dân hiến đất làm đường {thon}", "Tuyên truyền, vận động các hộ hiến đất mở rộng đường giao thông thôn.", "{n} hộ hiến đất, mở rộng {m} tuyến đường thôn."),
        ("Mô hình vận chuyển cấu kiện bê tông đúc sẵn làm đường {thon}", "Huy động ngày công vận chuyển, lắp đặt cấu kiện bê tông đúc sẵn.", "Huy động {n} ngày công, hoàn thành {m} tuyến đường."),
        ("Mô hình “Đường hoa nông thôn mới” {thon}", "Các hộ trồng và chăm sóc hoa, cây xanh dọc tuyến đường thôn.", "Trồng hoa trên {m} tuyến đường thôn."),
        ("Mô hình “Thôn sáng – xanh – sạch – đẹp” {thon}", "Vận động hộ lắp điện chiếu sáng, dọn vệ sinh đường thôn hằng tuần.", "Lắp {n} bóng điện chiếu sáng đường thôn."),
        ("Mô hình xây dựng nhà văn hóa thôn {thon}", "Nhân dân đóng góp ngày công, vật liệu xây dựng nhà văn hóa.", "Huy động {n} ngày công, hoàn thành nhà văn hóa."),
        ("Mô hình kiên cố hóa kênh mương nội đồng {thon}", "Vận động hộ góp công, góp đất làm kênh mương nội đồng.", "Kiên cố hóa {m} tuyến kênh mương."),
        ("Mô hình phân loại, xử lý rác thải tại hộ gia đình {thon}", "Hướng dẫn các hộ phân loại rác, làm hố ủ rác hữu cơ.", "{n} hộ phân loại rác tại nguồn."),
        ("Mô hình “Chung tay chống rác thải nhựa” {thon}", "Vận động dùng túi thân thiện môi trường, thu gom rác thải nhựa.", "{n} hộ hưởng ứng, thu gom rác thải nhựa hằng tháng."),
        ("Mô hình “Khu dân cư nông thôn mới kiểu mẫu” {thon}", "Vận động nhân dân chỉnh trang nhà cửa, vườn, cổng ngõ.", "{n} hộ chỉnh trang nhà cửa, vườn, cổng ngõ."),
        ("Mô hình cải tạo, nâng cấp công trình nước sạch {thon}", "Các hộ góp công sửa chữa bể chứa, đường ống nước sinh hoạt.", "{n} hộ có nước sạch sinh hoạt."),
    ),
    "khac": (
        ("Mô hình vận động tham gia bảo hiểm xã hội tự nguyện {xa}", "Tuyên truyền đến từng hộ lợi ích của bảo hiểm xã hội tự nguyện.", "{n} người tham gia bảo hiểm xã hội tự nguyện."),
        ("Mô hình vận động tham gia bảo hiểm y tế hộ gia đình {thon}", "Vận động các hộ mua bảo hiểm y tế cho tất cả thành viên.", "{n} hộ tham gia bảo hiểm y tế hộ gia đình."),
        ("Mô hình thanh toán không dùng tiền mặt {xa}", "Hướng dẫn người dân mở tài khoản, trả tiền điện, nước qua ứng dụng.", "{n} người dân mở tài khoản thanh toán."),
        ("Mô hình “Dịch vụ công trực tuyến” {xa}", "Đoàn viên hướng dẫn người dân nộp hồ sơ trực tuyến tại nhà.", "Hướng dẫn {n} người dân nộp hồ sơ trực tuyến."),
        ("Mô hình tuyên truyền pháp luật qua nhóm Zalo {thon}", "Lập nhóm Zalo của thôn để phổ biến chính sách, pháp luật.", "{n} hộ tham gia nhóm Zalo của thôn."),
        ("Mô hình “Thu nộp thuế đúng hạn” {xa}", "Vận động hộ kinh doanh kê khai, nộp thuế đầy đủ, đúng hạn.", "{n} hộ kinh doanh nộp thuế đúng hạn."),
    ),
}

# Exemplars (điển hình): clearly fictional placeholder persons (A, B, C ...) or a collective.
PERSONS = (
    "ông Nguyễn Văn A", "bà Trần Thị B", "ông Lê Văn C", "bà Hoàng Thị D",
    "ông Phạm Văn E", "bà Ma Thị G", "ông Hà Văn H", "bà Nông Thị K",
)
COLLECTIVES = (
    "Chi hội Nông dân {thon}", "Chi hội Phụ nữ {thon}", "Chi đoàn {thon}",
    "Chi hội Cựu chiến binh {thon}", "Ban công tác Mặt trận {thon}",
)
EXEMPLAR_DESCRIPTIONS: dict[str, str] = {
    "kinh-te": "Sản xuất, kinh doanh giỏi, hướng dẫn kỹ thuật và tạo việc làm cho người dân.",
    "van-hoa-xa-hoi": "Tích cực giữ gìn bản sắc văn hóa, giúp đỡ hộ khó khăn trong khu dân cư.",
    "quoc-phong-an-ninh": "Gương mẫu tham gia giữ gìn an ninh trật tự, hòa giải mâu thuẫn ở cơ sở.",
    "he-thong-chinh-tri": "Gương mẫu, sâu sát cơ sở, được nhân dân tin tưởng.",
    "nong-thon-moi": "Đi đầu hiến đất, góp công xây dựng nông thôn mới.",
    "khac": "Tích cực vận động người dân thực hiện chủ trương, chính sách ở địa phương.",
}

# What an exemplar achieved; "{n}" and "{m}" are counts drawn per row.
EXEMPLAR_RESULTS = (
    "Được biểu dương, khen thưởng; vận động được {n} hộ làm theo.",
    "Giúp đỡ {m} hộ khó khăn trong thôn.",
    "Được nhân dân tin tưởng, {n} hộ hưởng ứng.",
)

# Responsible units. "{xa}" = "xã Đội Bình" / "thị trấn Yên Sơn", "{thon}" = village.
COMMUNE_UNITS: dict[str, tuple[str, ...]] = {
    "kinh-te": ("UBND {xa}", "Hội Nông dân {xa}", "Hội Liên hiệp Phụ nữ {xa}", "Chi bộ {thon}"),
    "van-hoa-xa-hoi": ("UBND {xa}", "Hội Liên hiệp Phụ nữ {xa}", "Đoàn Thanh niên {xa}", "Ủy ban MTTQ {xa}", "Chi bộ {thon}"),
    "quoc-phong-an-ninh": ("Công an {xa}", "Ban Chỉ huy Quân sự {xa}", "Hội Cựu chiến binh {xa}", "Chi bộ {thon}"),
    "he-thong-chinh-tri": ("Đảng ủy {xa}", "UBND {xa}", "Ủy ban MTTQ {xa}", "Chi bộ {thon}"),
    "nong-thon-moi": ("UBND {xa}", "Ủy ban MTTQ {xa}", "Hội Nông dân {xa}", "Chi bộ {thon}", "Ban công tác Mặt trận {thon}"),
    "khac": ("UBND {xa}", "Đoàn Thanh niên {xa}", "Hội Cựu chiến binh {xa}"),
}
DISTRICT_UNITS: dict[str, tuple[str, ...]] = {
    "kinh-te": ("Phòng Nông nghiệp và Phát triển nông thôn huyện Yên Sơn", "Hội Nông dân huyện Yên Sơn"),
    "van-hoa-xa-hoi": ("Phòng Văn hóa và Thông tin huyện Yên Sơn", "Trung tâm Y tế huyện Yên Sơn"),
    "quoc-phong-an-ninh": ("Công an huyện Yên Sơn", "Ban Chỉ huy Quân sự huyện Yên Sơn"),
    "he-thong-chinh-tri": ("Ban Dân vận Huyện ủy Yên Sơn", "Ủy ban MTTQ huyện Yên Sơn"),
    "nong-thon-moi": ("Văn phòng Điều phối nông thôn mới huyện Yên Sơn", "Phòng Nông nghiệp và Phát triển nông thôn huyện Yên Sơn"),
    "khac": ("Bảo hiểm xã hội huyện Yên Sơn", "Huyện đoàn Yên Sơn"),
}
VILLAGE_NAMES = ("Đoàn Kết", "Tân Lập", "Đồng Tâm", "Hợp Thành", "Tân Thành", "Trung Tâm", "Hòa Bình")


def ascii_fold(text: str) -> str:
    """Strip diacritics ("Đội Bình" -> "Doi Binh"), as names typed without Vietnamese input look."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def name_as_written(commune: Commune, year: int, rng: random.Random) -> str:
    """How an office might have typed the commune: the name registry must map all of these back.

    Thị trấn Yên Sơn was xã Thắng Quân until 2019, so 2020 rows sometimes
    still say so; Quý Quân is sometimes spelled the older way, "Quí Quân".
    """
    if commune.is_town:
        if year == 2020 and rng.random() < 0.35:
            return rng.choice(("Thắng Quân", "xã Thắng Quân", "Xã Thắng Quân"))
        return rng.choices(("Thị trấn Yên Sơn", "TT Yên Sơn", "thị trấn Yên Sơn", "TT Yen Son"),
                           weights=(45, 30, 15, 10))[0]
    name = commune.name
    if commune.code == "02431" and rng.random() < 0.25:
        name = "Quí Quân"
    return rng.choices((f"Xã {name}", f"xã {name}", name, ascii_fold(name)),
                       weights=(35, 30, 25, 10))[0]


def village(commune: Commune, rng: random.Random) -> str:
    """A generic village (thôn) or, in the town, a residential group (tổ dân phố)."""
    if commune.is_town:
        return f"tổ dân phố {rng.randint(1, 15)}"
    if rng.random() < 0.7:
        return f"thôn {rng.randint(1, 14)}"
    return f"thôn {rng.choice(VILLAGE_NAMES)}"


def split_by_year(total: int) -> list[int]:
    """Split a field's total over YEARS by YEAR_SHARES, largest remainder, so it sums exactly."""
    raw = [total * s for s in YEAR_SHARES]
    counts = [int(x) for x in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], -i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def commune_weights(rng: random.Random) -> dict[str, dict[str, float]]:
    """Weight per commune and field: population times a noise factor, times a field affinity.

    Population alone would give a flat-ish, predictable map; the noise makes
    some communes stand out (an active office) and the affinity gives each
    commune its own mix of fields, so filtering by field changes the map.
    """
    weights = {}
    for c in COMMUNES:
        activity = c.pop2009 * rng.lognormvariate(0.0, 0.35)
        weights[c.code] = {f: activity * rng.uniform(0.4, 1.6) for f in FIELD_CODES}
    return weights


def article_rows() -> list[dict]:
    """The models the article names: real, not illustrative."""
    return [
        {"name": name, "kind": "mo-hinh", "field": field, "year": ARTICLE_YEAR,
         "commune_code": code, "commune_name": written, "unit": "",
         "description": desc, "result": ARTICLE_RESULT, "source": ARTICLE_SOURCE,
         "illustrative": False}
        for code, written, field, name, desc in ARTICLE_MODELS
    ]


def synthetic_row(field: str, year: int, commune: Commune, rng: random.Random, source: str) -> dict:
    """One illustrative model or exemplar in `commune`."""
    thon = village(commune, rng)
    if rng.random() < DIEN_HINH_SHARE:
        kind = "dien-hinh"
        who = rng.choice(PERSONS) if rng.random() < 0.7 else rng.choice(COLLECTIVES).format(thon=thon)
        name = f"Điển hình: {who}, {thon}" if who.startswith(("ông", "bà")) else f"Điển hình: {who}"
        description = EXEMPLAR_DESCRIPTIONS[field]
        result = rng.choice(EXEMPLAR_RESULTS)
    else:
        kind = "mo-hinh"
        template, description, result = rng.choice(MODEL_TEMPLATES[field])
        name = template.format(thon=thon, xa=commune.place)
    if rng.random() < DISTRICT_UNIT_SHARE:
        unit = rng.choice(DISTRICT_UNITS[field])
    else:
        unit = rng.choice(COMMUNE_UNITS[field]).format(xa=commune.place, thon=thon)
    result = result.format(n=rng.randint(8, 80), m=rng.randint(2, 12))
    return {"name": name, "kind": kind, "field": field, "year": year,
            "commune_code": commune.code, "commune_name": name_as_written(commune, year, rng),
            "unit": unit, "description": description, "result": result,
            "source": source, "illustrative": True}


def generate(seed: int = SEED) -> pd.DataFrame:
    """All records: the article's rows plus synthetic ones filling each field/year total."""
    rng = random.Random(seed)
    source = f"Dữ liệu giả định, minh họa (seed {seed})"
    weights = commune_weights(rng)
    rows = article_rows()
    slots = synthetic_slots(rows)
    rng.shuffle(slots)
    # Every commune first gets a few records: an empty commune would read as
    # missing data on the map, not as a quiet one. The rest follow the weights.
    floor = MIN_PER_COMMUNE * len(COMMUNES)
    for i, (field, year) in enumerate(slots):
        if i < floor:
            commune = COMMUNES[i % len(COMMUNES)]
        else:
            commune = rng.choices(COMMUNES, weights=[weights[c.code][field] for c in COMMUNES])[0]
        rows.append(distinct_row(field, year, commune, rng, source, rows))
    return with_ids(rows)


def distinct_row(field: str, year: int, commune: Commune, rng: random.Random,
                 source: str, rows: list[dict]) -> dict:
    """A synthetic row whose name is new for its commune and year (an office registers a model once)."""
    taken = {(r["name"], r["commune_code"], r["year"]) for r in rows
             if r["commune_code"] == commune.code and r["year"] == year}
    for _ in range(50):
        row = synthetic_row(field, year, commune, rng, source)
        if (row["name"], row["commune_code"], row["year"]) not in taken:
            return row
    return row


def synthetic_slots(real_rows: list[dict]) -> list[tuple[str, int]]:
    """One (field, year) per synthetic row still needed after the real rows are counted."""
    slots = []
    for field in FIELD_CODES:
        for year, count in zip(YEARS, split_by_year(FIELD_TOTALS[field])):
            real = sum(1 for r in real_rows if (r["field"], r["year"]) == (field, year))
            slots += [(field, year)] * (count - real)
    return slots


def with_ids(rows: list[dict]) -> pd.DataFrame:
    """Sort into a readable order and number per year: "YS-2021-0042"."""
    order = {f: i for i, f in enumerate(FIELD_CODES)}
    rows = sorted(rows, key=lambda r: (r["year"], r["commune_code"], order[r["field"]], r["kind"], r["name"]))
    seq: dict[int, int] = {}
    for r in rows:
        seq[r["year"]] = seq.get(r["year"], 0) + 1
        r["id"] = f"YS-{r['year']}-{seq[r['year']]:04d}"
    # NFC, so "Đội Bình" typed with combining marks still equals the registry's spelling.
    rows = [{k: unicodedata.normalize("NFC", v) if isinstance(v, str) else v for k, v in r.items()}
            for r in rows]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def write(df: pd.DataFrame, out: Path) -> None:
    """UTF-8, LF line ends, header = COLUMNS: byte-identical on every run and platform."""
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False, encoding="utf-8", lineterminator="\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="CSV to write")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (the committed file uses the default)")
    args = parser.parse_args(argv)
    df = generate(args.seed)
    write(df, args.out)
    print(f"wrote {len(df)} records to {args.out}")


if __name__ == "__main__":
    main()
