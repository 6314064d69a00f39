"""The committed demo set: what the dashboard's first impression relies on.

It must match the article's per-field figures, cover every unit of Yên Sơn
unevenly (so the choropleth has contrast), keep the article's real models
apart from illustrative rows, and be exactly what data/generate_demo.py makes.
"""
import subprocess
import sys
import unicodedata

import pytest

from tests.article import ARTICLE_FIELD_TOTALS
from geo.records.schema import COLUMNS, DEFAULT_RECORDS, load_records
from tests.paths import ROOT

GENERATOR = ROOT / "data" / "generate_demo.py"

YEN_SON_CODES = {
    "02431", "02434", "02437", "02440", "02443", "02446", "02449", "02452", "02455", "02458",
    "02461", "02464", "02467", "02470", "02473", "02476", "02479", "02482", "02485", "02488",
    "02491", "02494", "02500", "02506", "02518", "02527", "02530", "02533",
}
ARTICLE_MODELS = [  # (commune_code, field, name as the article words it)
    ("02533", "nong-thon-moi", "Mô hình tuyên truyền, vận động người dân hiến đất để làm đường giao thông"),
    ("02533", "kinh-te", "Mô hình phát triển kinh tế nuôi ong lấy mật"),
    ("02533", "kinh-te", "Mô hình trồng bưởi"),
    ("02434", "kinh-te", "Mô hình trồng na"),
]


@pytest.fixture(scope="module")
def records():
    return load_records(DEFAULT_RECORDS)


def test_columns_in_schema_order():
    header = DEFAULT_RECORDS.read_text(encoding="utf-8").split("\n", 1)[0]
    assert header.split(",") == list(COLUMNS)


def test_row_count_is_the_article_per_field_sum(records):
    assert len(records) == sum(ARTICLE_FIELD_TOTALS.values()) == 915


def test_per_field_totals_match_the_article(records):
    assert records["field"].value_counts().to_dict() == ARTICLE_FIELD_TOTALS


def test_years_2020_to_2022_growing(records):
    per_year = records["year"].value_counts().sort_index()
    assert set(per_year.index) == {2020, 2021, 2022}
    assert per_year[2020] < per_year[2021] < per_year[2022]


def test_all_28_units_present_with_a_few_records_each(records):
    counts = records["commune_code"].value_counts()
    assert set(counts.index) == YEN_SON_CODES
    assert counts.min() >= 5


def test_choropleth_has_contrast(records):
    counts = records["commune_code"].value_counts()
    assert counts.max() / counts.min() >= 3


def test_some_commune_field_year_cells_are_empty(records):
    filled = records.groupby(["commune_code", "field", "year"]).size()
    assert len(filled) < len(YEN_SON_CODES) * len(ARTICLE_FIELD_TOTALS) * 3


def test_ids_unique_and_well_formed(records):
    assert not records["id"].duplicated().any()
    assert records["id"].str.fullmatch(r"YS-(2020|2021|2022)-\d{4}").all()
    assert (records["id"].str[3:7].astype(int) == records["year"]).all()


@pytest.mark.parametrize("code,field,name", ARTICLE_MODELS)
def test_article_models_present_and_real(records, code, field, name):
    rows = records[(records["name"] == name) & (records["commune_code"] == code)]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["field"] == field
    assert not row["illustrative"]
    assert "07/11/2022" in row["source"]


def test_only_article_rows_are_real(records):
    real = records[~records["illustrative"]]
    assert len(real) == len(ARTICLE_MODELS)
    assert records.loc[records["illustrative"], "source"].str.startswith("Dữ liệu giả định").all()


def test_kinds_mostly_models_some_exemplars(records):
    share = (records["kind"] == "dien-hinh").mean()
    assert 0.1 < share < 0.3


def test_names_as_written_vary(records):
    """The name registry needs real-world spellings to chew on."""
    def written(code):
        return set(records.loc[records["commune_code"] == code, "commune_name"])

    assert {"Xã Đội Bình", "xã Đội Bình", "Đội Bình", "Doi Binh"} <= written("02533")
    assert any("Quí Quân" in w for w in written("02431"))
    assert written("02473") & {"TT Yên Sơn", "Thị trấn Yên Sơn"}
    old_name = records[records["commune_name"].str.contains("Thắng Quân")]
    assert len(old_name) > 0
    assert set(old_name["commune_code"]) == {"02473"} and set(old_name["year"]) == {2020}


def test_text_is_nfc_utf8_lf():
    raw = DEFAULT_RECORDS.read_bytes()
    text = raw.decode("utf-8")
    assert "\r" not in text
    assert unicodedata.normalize("NFC", text) == text


def test_regenerating_gives_the_committed_bytes(tmp_path):
    out = tmp_path / "records.csv"
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == DEFAULT_RECORDS.read_bytes()


def test_text_columns_are_read_into_one_arrow_chunk_each(tmp_path):
    """Taking a page of rows from a chunked column joins its chunks on every rerun (~40 ms a million)."""
    import pandas as pd
    many = pd.concat([pd.read_csv(DEFAULT_RECORDS, dtype=str, keep_default_na=False)] * 40, ignore_index=True)
    many["id"] = [f"r{i}" for i in range(len(many))]
    path = tmp_path / "many.csv"
    many.to_csv(path, index=False)
    loaded = load_records(path)
    chunked = {c: loaded[c].array._pa_array.num_chunks for c in loaded.columns
               if hasattr(loaded[c].array, "_pa_array")}
    assert chunked and set(chunked.values()) == {1}
    assert loaded["name"].tolist() == many["name"].tolist()
    assert loaded["name"].dtype == load_records(DEFAULT_RECORDS)["name"].dtype  # as a small file's: same NaN
