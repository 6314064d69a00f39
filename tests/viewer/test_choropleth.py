"""dashboard/viewer/choropleth.py: the panels' counts come from the records' Counts, with no pass over
the records, and equal what the filtered rows give (the rows themselves are only made when asked for)."""
import pandas as pd
import pytest

from dashboard import url
from dashboard.viewer import panels
from dashboard.viewer.choropleth import choropleth
from geo import dataset
from geo.choropleth.aggregate import totals_by
from geo.choropleth.query import Filter, query
from geo.records.fields import FIELD_CODES
from geo.records.schema import load_records
from tests.boundaries.builders import yen_son_communes

DOI_BINH, LUC_HANH = "02533", "02521"
VIEWS = [Filter(year_from=2020, year_to=2022), Filter(fields=("kinh-te", "khac"), year_from=2021, year_to=2022),
         Filter(year_from=2020, year_to=2022, communes=(DOI_BINH, LUC_HANH)),
         Filter(year_from=2020, year_to=2022, selected=DOI_BINH),
         Filter(fields=("nong-thon-moi",), year_from=2019, year_to=2023, communes=(DOI_BINH,), selected=DOI_BINH),
         Filter(year_from=2020, year_to=2022, communes=(LUC_HANH,), selected=DOI_BINH)]


@pytest.fixture(scope="module")
def data():
    """The demo records, and 30 of them moved to a code the map does not draw (counted, not drawn)."""
    records = load_records()
    off_map = records.head(30).assign(id=lambda r: "X" + r["id"], commune_code="99999")
    both = pd.concat([records, off_map], ignore_index=True).astype({"commune_code": "category"})
    return dataset.assemble(yen_son_communes(), None, both, None)


@pytest.mark.parametrize("flt", VIEWS, ids=range(len(VIEWS)))
def test_the_totals_and_charts_are_those_of_the_filtered_records(data, flt):
    shown = choropleth(url.View(filter=flt), data)
    rows = query(panels.record_keys(data), flt, with_selected=True)
    drawn = set(data.communes["code"])
    assert shown.tally.total == len(rows) == len(shown.panel_records)
    assert shown.units_with_records == rows["commune_code"].astype(str).loc[lambda c: c.isin(drawn)].nunique()
    assert shown.tally.by_field.tolist() == totals_by(rows, "field", list(FIELD_CODES)).tolist()
    years = list(range(flt.year_from, flt.year_to + 1))
    assert shown.tally.by_year.tolist() == totals_by(rows, "year", years).tolist()


def test_the_records_are_not_filtered_until_a_list_or_download_asks(data):
    shown = choropleth(url.View(filter=Filter(fields=("kinh-te",), year_from=2020, year_to=2022)), data)
    assert "filtered" not in vars(shown)
    assert len(shown.filtered) == shown.tally.total and "filtered" in vars(shown)
