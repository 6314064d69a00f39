"""Model/exemplar records: the schema and loading a records file.

A record is one registered "Dân vận khéo" model (mô hình) or exemplar
(điển hình). Records join to places by the 5-digit GSO commune code; the name
as written is kept beside it so nothing the office typed is lost.
"""
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa

from geo.records.fields import FIELD_CODES, KINDS
from geo.errors import KeyedError

# Column order of the records CSV (data/README.md documents each column).
COLUMNS: tuple[str, ...] = (
    "id",            # stable identifier, e.g. "YS-2021-0042"
    "name",          # tên mô hình / điển hình
    "kind",          # "mo-hinh" | "dien-hinh"
    "field",         # one of geo.records.fields.FIELD_CODES
    "year",          # registration year, int
    "commune_code",  # 5-digit GSO code of the commune (join key)
    "commune_name",  # the commune name as written in the source
    "unit",          # responsible unit (đơn vị thực hiện)
    "description",   # short description
    "result",        # result / outcome
    "source",        # where the record comes from
    "illustrative",  # True for synthetic demo rows
)

# The registration years a record may have: FIRST_YEAR to the current year (a model is registered
# once it exists, so never in a future year). The import, the import template's year check and its
# guide, the edit form and the README all apply and state this one rule, worded as YEAR_RULE.
FIRST_YEAR = 2015
YEAR_RULE = ("từ {first} đến năm hiện tại", "from {first} to the current year")


def year_range(today: date | None = None) -> tuple[int, int]:
    """(first, last) registration year a record may have today."""
    return FIRST_YEAR, (today or date.today()).year


def year_rule(lang: str = "vi") -> str:
    """The year rule in words ("từ 2015 đến năm hiện tại"), the same wherever it is stated."""
    return YEAR_RULE[0 if lang == "vi" else 1].format(first=FIRST_YEAR)

DEFAULT_RECORDS = Path(__file__).resolve().parents[2] / "data" / "demo" / "records.csv"


class RecordsError(KeyedError):
    """A records file or store that cannot be used."""


def load_records(path: Path = DEFAULT_RECORDS) -> pd.DataFrame:
    """Read a records CSV and check it against the schema.

    Codes are read as strings so leading zeros survive ("02533", not 2533).
    """
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise RecordsError("records_unreadable", path=str(path), reason=str(exc)) from exc
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise RecordsError("records_missing_columns", path=str(path), columns=missing)
    return validate_records(df[list(COLUMNS)])


def validate_records(df: pd.DataFrame) -> pd.DataFrame:
    """Type the columns and refuse rows that break the schema."""
    df = df.copy()
    bad_field = ~df["field"].isin(FIELD_CODES)
    bad_kind = ~df["kind"].isin(tuple(KINDS))
    year = pd.to_numeric(df["year"], errors="coerce")
    bad_code = ~df["commune_code"].astype(str).str.fullmatch(r"\d{5}")
    bad = bad_field | bad_kind | year.isna() | bad_code | df["id"].duplicated()
    if bad.any():
        raise RecordsError("records_bad_rows", rows=df.index[bad].tolist()[:20], count=int(bad.sum()))
    df["year"] = year.astype(int)
    # Categories make filtering and grouping a million rows several times faster
    # (tests/benchmarks/bench_aggregate.py).
    df["field"] = df["field"].astype(pd.CategoricalDtype(FIELD_CODES))
    df["commune_code"] = df["commune_code"].astype("category")
    df["illustrative"] = df["illustrative"].astype(str).str.lower().isin(("true", "1", "yes"))
    return _one_chunk(df.reset_index(drop=True))


def _one_chunk(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns as one Arrow array each, not the reader's dozens of chunks.

    Taking rows from a chunked column joins its chunks first: a page of 20 of a
    million records took ~40 ms on every rerun, and ~1 ms from a single chunk.
    """
    for column in df.columns:
        array = df[column].array
        chunked = getattr(array, "_pa_array", None)  # pandas' Arrow-backed strings keep theirs here
        if chunked is not None and chunked.num_chunks > 1:
            df[column] = pd.Series(pd.array(pa.chunked_array([chunked.combine_chunks()]), dtype=df[column].dtype),
                                   index=df.index, name=column)
    return df
