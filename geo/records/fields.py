"""The six fixed fields (lĩnh vực) of the "Dân vận khéo" movement.

Codes are stable ASCII slugs used in data files and URLs; labels are what
people read. The order is the order the movement's reports use.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    code: str
    vi: str
    en: str

    def label(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


FIELDS: tuple[Field, ...] = (
    Field("kinh-te", "Kinh tế", "Economy"),
    Field("van-hoa-xa-hoi", "Văn hóa – xã hội", "Culture and society"),
    Field("quoc-phong-an-ninh", "Quốc phòng – an ninh", "Defence and security"),
    Field("he-thong-chinh-tri", "Xây dựng hệ thống chính trị", "Building the political system"),
    Field("nong-thon-moi", "Xây dựng nông thôn mới", "New rural development"),
    Field("khac", "Khác", "Other"),
)
FIELD_CODES: tuple[str, ...] = tuple(f.code for f in FIELDS)
FIELD_BY_CODE: dict[str, Field] = {f.code: f for f in FIELDS}

KINDS: dict[str, tuple[str, str]] = {
    "mo-hinh": ("Mô hình", "Model"),
    "dien-hinh": ("Điển hình", "Exemplar"),
}
