"""Loading an official boundary file in a real browser: sign in, upload a zipped
Shapefile without .prj (VN-2000 TM-3 106°), pick the suggested zone, see the
preview map, save, and find the new set on the map. The file is derived at test
time from the separately licensed ../shared/data into pytest's tmp_path.
"""
import io
import re
import zipfile

import geopandas as gpd
import pytest
from playwright.sync_api import expect

from browser_support import (COMMUNE_PATHS, N_COMMUNES, SHARED_BOUNDARIES, STAFF_PASSWORD, STAFF_USER,
                             skip_or_fail)
from geo.boundaries.vn2000 import vn2000_tm3

pytestmark = pytest.mark.browser

UNFIXED = SHARED_BOUNDARIES.parent / "communes-2020-unfixed.geojson"
PREVIEW_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def zipped_shapefile_without_prj(folder) -> bytes:
    if not UNFIXED.is_file():
        skip_or_fail(f"reference file {UNFIXED} is missing")
    gdf = gpd.read_file(UNFIXED)[["gso_code", "name", "geometry"]].to_crs(vn2000_tm3(106.0))
    gdf.to_file(folder / "xa.shp", engine="pyogrio", encoding="UTF-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in folder.glob("xa.*"):
            if part.suffix != ".prj":
                archive.write(part, part.name)
    return buffer.getvalue()


def test_staff_load_a_shapefile_without_prj_preview_and_save(staff_app_url, dash, tmp_path):
    dash.open(staff_app_url)
    page = dash.page
    dash.sign_in(STAFF_USER, STAFF_PASSWORD)
    dash.sidebar.get_by_text("Ranh giới", exact=True).click()
    dash.wait_query(page="boundaries")
    expect(page.get_by_text("Bản đồ đang dùng tệp ranh giới mặc định", exact=False)).to_be_visible()

    page.locator("input[type=file]").set_input_files(files=[{
        "name": "ranh-gioi-yen-son.zip", "mimeType": "application/zip",
        "buffer": zipped_shapefile_without_prj(tmp_path)}])
    expect(page.get_by_text("Tệp không có hệ tọa độ", exact=False)).to_be_visible()
    zone = page.get_by_role("combobox", name="Múi chiếu VN-2000")
    expect(zone).to_have_value(re.compile("^VN-2000 / TM-3 106°00'"))
    preview = page.frame_locator(PREVIEW_IFRAME)
    expect(preview.locator(COMMUNE_PATHS)).to_have_count(N_COMMUNES, timeout=60_000)
    expect(page.get_by_test_id("stMetric").filter(has_text="Khớp")).to_contain_text("28")
    page.set_viewport_size({"width": 1400, "height": 2400})  # the whole report, for the failure screenshots
    page.screenshot(path=str(tmp_path / "boundary-page.png"))

    page.get_by_role("button", name="Lưu thành phiên bản mới").click()
    expect(page.get_by_text("và bản đồ dùng bộ này", exact=False)).to_be_visible()
    expect(page.get_by_text("Bản đồ đang dùng bộ ranh giới “ranh-gioi-yen-son”", exact=False)).to_be_visible()

    dash.sidebar.get_by_text("Bản đồ", exact=True).click()
    dash.wait_query(page="map")
    dash.wait_map()
    expect(dash.kpi_value("Xã, phường, thị trấn có mô hình")).to_have_text("28 / 28")
    assert "Traceback" not in dash.text()
