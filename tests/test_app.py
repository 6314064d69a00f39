"""The Streamlit app driven by AppTest: filters, URL state, language, pages, errors.

AppTest cannot see st_folium (the map itself is covered by tests/browser);
everything around it is tested here.
"""
import re

import pytest
from streamlit.testing.v1 import AppTest
from geo.records.schema import load_records
from tests.staff.helpers import HASH
from tests.paths import APP



def run(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def texts(at: AppTest) -> str:
    parts = ([m.value for m in at.markdown] + [h.value for h in at.html] + [e.value for e in at.warning]
             + [e.value for e in at.info])
    return "\n".join(str(p) for p in parts) + "\n" + "\n".join(str(h.value) for h in at.subheader)


def shown(at: AppTest) -> str:
    """The text as a reader sees it: Markdown escapes (\\( for "(") removed."""
    return texts(at).replace("\\", "")


def test_default_view_shows_all_915_records_in_vietnamese():
    at = run()
    assert not at.exception
    assert at.title[0].value == "Bản đồ mô hình, điển hình “Dân vận khéo”"
    assert metric(at, "Số mô hình, điển hình") == "915"
    assert metric(at, "Xã, phường, thị trấn có mô hình") == "28 / 28"
    assert "Lưu ý: 911/915 mô hình, điển hình là dữ liệu giả định" in at.info[0].value
    assert "Chú giải" in texts(at)
    assert at.caption[0].value.replace("\\", "") == "Huyện Yên Sơn, tỉnh Tuyên Quang · đơn vị hành chính trước 01/7/2025"
    assert dict(at.query_params) == {"page": "map", "lang": "vi", "from": "2020",
                                     "to": "2022", "metric": "count", "units": "2020"}
    assert "Ranh giới gần đúng" not in texts(at)


# --- the 2025 reform: two unit systems ------------------------------------------------------------

def test_switching_to_2025_units_counts_every_record_under_13_units():
    at = run()
    at.radio(key="w_units").set_value("2025").run()
    assert not at.exception
    assert at.query_params["units"] == "2025"
    assert metric(at, "Số mô hình, điển hình") == "915"
    assert metric(at, "Xã, phường (từ 01/7/2025) có mô hình") == "13 / 13"
    assert "* Ranh giới gần đúng" in texts(at)
    subtitle = at.caption[0].value.replace("\\", "")
    assert subtitle == "Huyện Yên Sơn (cũ), tỉnh Tuyên Quang · đơn vị hành chính từ 01/7/2025 (ghép từ ranh giới xã cũ)"


def test_commune_filter_is_carried_into_the_new_units_and_back():
    at = run({"commune": "02533"})  # Đội Bình
    doi_binh = int(metric(at, "Số mô hình, điển hình"))
    at.radio(key="w_units").set_value("2025").run()
    assert at.query_params["commune"] == "02530"  # Nhữ Khê ← Nhữ Hán + Nhữ Khê + Đội Bình
    merged = int(metric(at, "Số mô hình, điển hình"))
    assert merged > doi_binh
    at.radio(key="w_units").set_value("2020").run()
    assert at.query_params["commune"] == "02527,02530,02533"
    assert int(metric(at, "Số mô hình, điển hình")) == merged


def test_link_to_a_new_unit_shows_what_it_absorbed():
    at = run({"units": "2025", "selected": "02530"})
    assert not at.exception and not at.warning
    assert at.radio(key="w_units").value == "2025"
    profile = shown(at)
    assert "Xã Nhữ Khê · mã 02530" in profile
    assert "Hình thành ngày 01/7/2025 trên cơ sở sắp xếp: Xã Nhữ Hán (02527), Xã Nhữ Khê (02530), Xã Đội Bình (02533)" in profile


def test_old_commune_profile_says_what_it_became():
    at = run({"selected": "02533", "lang": "en"})
    assert "From 2025-07-01 part of Xã Nhữ Khê (code 02530)" in shown(at)
    assert "Also reorganised into the new unit: Xã Nhữ Hán (02527), Xã Nhữ Khê (02530)" in shown(at)


def test_split_commune_profile_names_where_the_rest_went():
    at = run({"selected": "02494"})  # Thái Bình: part went to phường Nông Tiến (02212)
    assert "Một phần diện tích được sắp xếp vào Phường Nông Tiến (02212)" in shown(at)
    at = run({"selected": "02494", "units": "2025"})
    assert "Ranh giới trên bản đồ là gần đúng" in texts(at)
    assert "Một phần diện tích của Xã Thái Bình (02494) được sắp xếp vào Phường Nông Tiến (02212)" in shown(at)


def test_new_unit_with_land_from_outside_the_map_names_it():
    at = run({"selected": "02215", "units": "2025", "lang": "en"})  # Phường Minh Xuân
    assert "Also takes land from: " in shown(at) and "Thành phố Tuyên Quang)" in shown(at)


def test_a_2020_code_in_a_2025_link_is_dropped_with_a_notice():
    at = run({"units": "2025", "commune": "02533"})
    assert "02533" in at.warning[0].value
    assert metric(at, "Số mô hình, điển hình") == "915"


def test_field_filter_changes_counts_and_url():
    at = run()
    at.multiselect(key="w_field").set_value(["kinh-te"]).run()
    assert metric(at, "Số mô hình, điển hình") == "185"
    assert at.query_params["field"] == "kinh-te"


def test_year_filter_changes_counts_and_url():
    at = run()
    at.slider(key="w_years").set_value((2021, 2022)).run()
    assert at.query_params["from"] == "2021" and at.query_params["to"] == "2022"
    assert int(metric(at, "Số mô hình, điển hình").replace(".", "")) < 915


def test_shared_link_reopens_the_same_view():
    at = run({"field": "kinh-te,nong-thon-moi", "from": "2021", "to": "2022",
              "commune": "02533", "metric": "per1000", "lang": "vi"})
    assert not at.exception and not at.warning
    assert at.multiselect(key="w_field").value == ["kinh-te", "nong-thon-moi"]
    assert at.slider(key="w_years").value == (2021, 2022)
    assert at.multiselect(key="w_commune").value == ["02533"]
    assert at.radio(key="w_metric").value == "per1000"
    assert at.query_params["commune"] == "02533"
    assert at.query_params["metric"] == "per1000"


def test_repeated_keys_are_accepted():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["field"] = ["kinh-te", "khac"]
    at.run()
    assert at.multiselect(key="w_field").value == ["kinh-te", "khac"]
    assert metric(at, "Số mô hình, điển hình") == str(185 + 45)


@pytest.mark.parametrize("params, dropped", [
    ({"field": "nope"}, "nope"),
    ({"commune": "99999"}, "99999"),
    ({"from": "2023"}, "2023"),
    ({"from": "2022", "to": "2020"}, "2022–2020"),
    ({"metric": "zzz"}, "zzz"),
    ({"junk": "1"}, "junk"),
    ({"commune": "<script>alert(1)</script>"}, "alert(1)"),
])
def test_bad_url_values_are_dropped_with_a_notice(params, dropped):
    at = run(params)
    assert not at.exception
    assert "không hợp lệ" in at.warning[0].value
    assert dropped in at.warning[0].value.replace("\\", "")
    assert metric(at, "Số mô hình, điển hình") == "915"


def test_link_problems_are_listed_in_the_order_the_link_is_read():
    at = run({"from": "abc", "junk": "1", "province": "99"})  # unknown keys, then the area, then the rest
    items = at.warning[0].value.replace("\\", "")
    assert items.index("junk") < items.index("“99”") < items.index("“abc”")


def test_the_link_is_read_on_the_first_run_only():
    at = run({"field": "kinh-te"})
    at.query_params["field"] = "khac"  # the address bar changed under an open session
    at.run()
    assert at.multiselect(key="w_field").value == ["kinh-te"]
    assert at.query_params["field"] == "kinh-te" and not at.warning


def test_language_switch_keeps_the_filters():
    at = run({"field": "kinh-te"})
    at.radio(key="w_lang").set_value("en").run()
    assert at.title[0].value == "“Dân vận khéo” models and exemplars map"
    assert metric(at, "Models and exemplars") == "185"
    assert at.multiselect(key="w_field").value == ["kinh-te"]
    assert at.query_params["lang"] == "en"
    assert "Chú giải" not in texts(at) and "Legend" in texts(at)


def test_selected_commune_filters_the_panels_and_can_be_cleared():
    at = run({"selected": "02533"})
    assert metric(at, "Đang chọn") == "Đội Bình"
    assert "Mô hình, điển hình của Đội Bình" in texts(at)
    own = int((load_records()["commune_code"] == "02533").sum())  # counted apart from the app
    assert at.button(key="open_records").label == f"Xem danh sách {own} mô hình, điển hình"
    at.button(key="clear_selection").click().run()
    assert metric(at, "Đang chọn") == "Chưa chọn xã"
    assert "selected" not in at.query_params


def test_records_page_search_and_detail():
    at = run({"page": "records"})
    at.text_input(key="records_table_search").input("doi binh ong").run()
    table = at.dataframe[0].value
    assert len(table) >= 1
    assert "Mô hình phát triển kinh tế nuôi ong lấy mật" in set(table["Tên mô hình, điển hình"])
    assert set(table["Xã, phường, thị trấn"]) == {"Đội Bình"}
    detail = at.selectbox(key="records_table_detail")
    detail.select_index(0).run()
    assert any("record-detail" in m.value for m in at.markdown)


def test_sources_page_explains_917_and_licences():
    at = run({"page": "sources", "lang": "en"})
    page = texts(at)
    assert "917" in page and "915" in page
    assert "censusVN2009" in page and "MIT" in page


def test_missing_boundary_file_gives_a_message_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("DVK_BOUNDARIES", str(tmp_path / "missing.geojson"))
    monkeypatch.setenv("DVK_STAFF", f"lan:{HASH}")
    at = run()
    assert not at.exception
    assert "Không tìm thấy tệp ranh giới xã" in at.error[0].value
    assert at.sidebar.text_input(key="auth_username")  # staff can still sign in



def test_broken_records_file_gives_a_message(monkeypatch, tmp_path):
    broken = tmp_path / "records.csv"
    broken.write_text("id,name\n1,x\n", encoding="utf-8")
    monkeypatch.setenv("DVK_RECORDS", str(broken))
    at = run({"lang": "en"})
    assert not at.exception
    assert "lacks columns" in at.error[0].value


def test_sources_page_reports_the_display_simplification():
    at = run({"page": "sources"})
    text = shown(at)
    found = re.search(r"lấp (\d+) khe hở.*?: ([\d,]+) KB, ([\d.]+) đỉnh → ([\d,]+) KB, ([\d.]+) đỉnh", text)
    assert found, text[-800:]
    gaps, kb_before, v_before, kb_after, v_after = found.groups()
    assert int(gaps) > 0
    assert float(kb_after.replace(",", ".")) < float(kb_before.replace(",", "."))
    assert int(v_after.replace(".", "")) < int(v_before.replace(".", ""))


def test_the_commune_picker_lists_yen_sons_units_in_vietnamese_order():
    """"Đạo Viện" and "Đội Bình" after "Công Đa", where a reader looks for them, not after "Yên Sơn"."""
    options = run().multiselect(key="w_commune").options
    assert len(options) == 28
    assert options[:5] == ["Chân Sơn", "Chiêu Yên", "Công Đa", "Đạo Viện", "Đội Bình"]
    assert options[-1] == "Yên Sơn"
