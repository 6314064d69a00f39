"""Words of the viewer's screens: map, filters, legend, profile, panels, records, sources, link notices.

Every entry is (Vietnamese, English) with the same {placeholders}; i18n.py
merges this table with the staff, boundary and intake ones.
"""
MESSAGES: dict[str, tuple[str, str]] = {
    # (Vietnamese, English)
    "app_title": ("Bản đồ mô hình “Dân vận khéo”", "“Dân vận khéo” models map"),
    "app_subtitle": ("{area} · {units}", "{area} · {units}"),
    "default_area": ("Huyện Yên Sơn, tỉnh Tuyên Quang", "Yên Sơn district, Tuyên Quang province"),
    "area": ("Khu vực", "Area"),
    "area_province": ("Tỉnh, thành phố", "Province"),
    "area_district": ("Huyện, quận, thị xã, thành phố", "District"),
    "area_default": ("Bộ ranh giới của đơn vị (mặc định)", "This deployment's own boundary set (default)"),
    "area_whole_province": ("Toàn tỉnh", "Whole province"),
    "area_help": ("Ranh giới các tỉnh khác lấy từ bộ dữ liệu xã toàn quốc năm 2009 (mã xã được khớp theo tên; "
                  "vùng không khớp được mã tô màu be).",
                  "Other areas come from the national 2009 commune set (codes matched by name; polygons "
                  "that could not be matched are beige)."),
    "area_uncoded": ("{count} vùng trong ranh giới năm 2009 chưa khớp được mã xã hiện hành (tô màu be, không gán "
                     "mô hình): {names}",
                     "{count} polygons of the 2009 boundaries could not be matched to a current commune code "
                     "(beige, no records counted): {names}"),
    "legend_uncoded": ("Vùng chưa khớp mã xã (ranh giới 2009)", "Polygon without a commune code (2009 boundaries)"),
    "area_unknown_province": ("Không có tỉnh, thành phố mã {province} trong bộ ranh giới toàn quốc.",
                              "There is no province with code {province} in the national boundary set."),
    "area_unknown_district": ("Không có huyện, quận mã {district} thuộc tỉnh, thành phố mã {province}.",
                              "There is no district with code {district} in province {province}."),
    "subtitle_units_2020": ("đơn vị hành chính 2020 – 30/06/2025", "administrative units of 2020 to 2025-06-30"),
    "subtitle_units_2025": ("đơn vị hành chính từ 01/07/2025 (ghép từ ranh giới xã cũ)",
                            "administrative units from 2025-07-01 (built from the old communes)"),
    "language": ("Ngôn ngữ", "Language"),
    "page": ("Trang", "Page"),
    "page_map": ("Bản đồ", "Map"),
    "page_records": ("Danh sách mô hình", "Records"),
    "page_sources": ("Nguồn dữ liệu", "Data sources"),
    "filters": ("Bộ lọc", "Filters"),
    "field": ("Lĩnh vực", "Field"),
    "field_all": ("Tất cả lĩnh vực", "All fields"),
    "years": ("Năm", "Years"),
    "commune": ("Xã, thị trấn", "Commune"),
    "commune_all": ("Tất cả xã, thị trấn", "All communes"),
    "commune_2025": ("Xã, phường (từ 01/07/2025)", "Unit (from 2025-07-01)"),
    "commune_all_2025": ("Tất cả xã, phường", "All units"),
    "metric": ("Chỉ tiêu tô màu", "Colour by"),
    "metric_count": ("Số mô hình", "Number of models"),
    "metric_per1000": ("Số mô hình trên 1.000 dân (dân số 2009)", "Models per 1,000 residents (2009 population)"),
    "map_options": ("Tùy chọn bản đồ", "Map options"),
    "scheme": ("Cách chia nhóm màu", "Classification"),
    "scheme_quantiles": ("Phân vị (số xã đều nhau)", "Quantiles"),
    "scheme_natural": ("Ngắt tự nhiên (Jenks)", "Natural breaks (Jenks)"),
    "scheme_equal": ("Khoảng đều", "Equal interval"),
    "scheme_help": ("Ngắt tự nhiên: khi có hơn {above} giá trị, các ngưỡng được tính trên một mẫu cố định "
                    "{sample} giá trị (lấy mẫu theo cùng một cách mỗi lần), nên cùng số liệu luôn cho cùng "
                    "nhóm màu và đường dẫn chia sẻ mở ra đúng bản đồ này.",
                    "Natural breaks: with more than {above} values the breaks are computed from a fixed sample "
                    "of {sample} of them (drawn the same way every time), so the same data always gives the "
                    "same classes and a shared link reopens this very map."),
    "show_labels": ("Hiện tên xã", "Show commune names"),
    "source_area": ("{area}, từ bộ ranh giới xã toàn quốc năm 2009 (mục “Khu vực”); các ghi chú về 28 xã của Yên "
                    "Sơn dưới đây không áp dụng.",
                    "{area}, from the national 2009 commune set (“Area”); the notes on Yên Sơn's 28 communes below "
                    "do not apply."),
    "source_version": ("bộ ranh giới “{label}” (phiên bản {id}, từ tệp {file}, do {user} nạp).",
                       "the boundary set “{label}” (version {id}, from the file {file}, loaded by {user})."),
    "source_default": ("tệp ranh giới mặc định {file}.", "the default boundary file {file}."),
    "display_report": ("ranh giới được làm sạch thành một lớp phủ kín (bỏ {overlap} ha chồng lấn, lấp {gaps} khe hở "
                       "nhỏ giữa các xã) rồi đơn giản hóa chung cho cả lớp (dung sai {tolerance} m, lệch tối đa "
                       "{shift} m): {before} KB, {vertices_before} đỉnh → {after} KB, {vertices_after} đỉnh; "
                       "đường ranh giới chung của hai xã vẫn trùng nhau, không có khe hở ở mọi mức phóng to.",
                       "the boundaries are cleaned into one gap-free coverage ({overlap} ha of overlaps removed, "
                       "{gaps} slivers between communes filled) and simplified as a whole (tolerance {tolerance} m, "
                       "largest shift {shift} m): {before} KB, {vertices_before} vertices → {after} KB, "
                       "{vertices_after} vertices; neighbours keep one shared border, with no gaps at any zoom."),
    "display_plain": ("ranh giới được vẽ như trong tệp (làm tròn đến khoảng 1 m).",
                      "the boundaries are drawn as in the file (rounded to about 1 m)."),
    "codes_gone": ("Bộ ranh giới vừa được thay; các đơn vị không còn trên bản đồ đã được bỏ khỏi bộ lọc: {codes}",
                   "The boundary set was just replaced; units no longer on the map were removed from the filter: "
                   "{codes}"),
    "labels_hidden": ("Bản đồ có hơn {count} đơn vị nên không ghi tên lên bản đồ (tên chồng lên nhau); di chuột "
                      "vào một xã để xem tên.",
                      "With more than {count} units the map shows no names (they would overlap); hover over a "
                      "unit to see its name."),
    "show_tiles": ("Nền OpenStreetMap (cần internet)", "OpenStreetMap background (needs internet)"),
    "reset": ("Đặt lại bộ lọc", "Reset filters"),
    "share": ("Đường dẫn chia sẻ", "Share this view"),
    "share_help": ("Bấm “Sao chép” rồi gửi đường dẫn: người nhận mở ra đúng màn hình đang xem.",
                   "Press “Copy” and send the link: it opens exactly this view."),
    "share_copy": ("Sao chép", "Copy"),
    "share_copied": ("Đã sao chép", "Copied"),
    "share_copy_failed": ("Chưa sao chép được: đường dẫn đã được chọn, vui lòng sao chép (Ctrl+C).",
                          "Could not copy: the link is selected, please copy it (Ctrl+C)."),
    "kpi_models": ("Số mô hình, điển hình", "Models and exemplars"),
    "kpi_communes": ("Xã, thị trấn có mô hình", "Communes with models"),
    "kpi_communes_2025": ("Xã, phường (từ 01/07/2025) có mô hình", "Units (from 2025-07-01) with models"),
    "kpi_selected": ("Đang chọn", "Selected"),
    "kpi_none": ("Chưa chọn xã", "None"),  # a KPI value: longer English is cut off
    "click_hint": ("Bấm vào một xã trên bản đồ để xem mô hình của xã đó; bấm lần nữa để bỏ chọn.",
                   "Click a commune on the map to see its models; click it again to unselect."),
    "clear_selection": ("Bỏ chọn {name}", "Unselect {name}"),
    "legend": ("Chú giải", "Legend"),
    "legend_zero": ("0 (không có mô hình trong kỳ lọc)", "0 (no models in the filtered period)"),
    "legend_no_data": ("Chưa có dữ liệu", "No data"),
    "legend_dim": ("Ngoài bộ lọc xã", "Outside the commune filter"),
    "legend_approximate": ("* Ranh giới gần đúng: ghép từ ranh giới xã cũ; đơn vị mới còn gồm phần đất ngoài "
                           "bản đồ này hoặc có xã cũ bị chia",
                           "* Approximate boundary: built from the old communes' boundaries; the new unit also "
                           "takes land outside this map, or an old commune was split"),
    "tooltip_approximate": ("Ranh giới gần đúng", "Approximate boundary"),
    "units": ("Đơn vị hành chính", "Administrative units"),
    "units_2020": ("Trước 01/07/2025 ({count} xã, thị trấn)", "Before 2025-07-01 ({count} communes)"),
    "units_2025": ("Từ 01/07/2025 ({count} xã, phường sau sắp xếp)", "From 2025-07-01 ({count} merged units)"),
    "units_help": ("Mô hình giữ mã xã lúc đăng ký; khi xem theo đơn vị từ 01/07/2025, mỗi mô hình được tính "
                   "cho xã, phường mới có chứa xã cũ đó.",
                   "Records keep the commune code they were registered with; in the units from 2025-07-01 "
                   "each record counts for the new unit that now contains that commune."),
    "profile": ("Hồ sơ đơn vị", "Unit profile"),
    "profile_head": ("{name} · mã {code}", "{name} · code {code}"),
    "profile_population": ("Dân số 2009: {population}", "Population (2009): {population}"),
    "profile_became": ("Từ 01/07/2025 thuộc {name} (mã {code})", "From 2025-07-01 part of {name} (code {code})"),
    "profile_partners": ("Cùng sáp nhập vào đơn vị đó: {names}", "Merged into it together with: {names}"),
    "profile_split": ("Xã này bị chia: một phần sang {names}", "This commune was split: part of it went to {names}"),
    "profile_no_successor": ("Không có trong bảng sắp xếp năm 2025.", "Not in the 2025 reform tables."),
    "profile_absorbed": ("Lập ngày 01/07/2025 từ: {names}", "Formed on 2025-07-01 from: {names}"),
    "profile_outside": ("Gồm cả phần đất của: {names} (ngoài bản đồ này hoặc chỉ một phần)",
                        "Also takes land from: {names} (outside this map, or only part of it)"),
    "profile_member_split": ("Một phần của {name} đã sang {names}; bản đồ vẫn tính cả xã cũ vào đây.",
                             "Part of {name} went to {names}; the map still counts the whole old commune here."),
    "profile_approximate": ("Ranh giới trên bản đồ là gần đúng (ghép từ ranh giới xã cũ).",
                            "The boundary on the map is approximate (built from the old communes)."),
    "profile_members_short": ("Gồm (trước 01/07/2025): {names}", "Made of (before 2025-07-01): {names}"),
    "legend_empty": ("Không có mô hình nào khớp bộ lọc.", "No model matches the filters."),
    "legend_sampled": ("Ngưỡng ngắt tự nhiên tính trên mẫu cố định {sample} trong {total} giá trị (cùng số liệu "
                       "luôn cho cùng nhóm màu).",
                       "Natural breaks computed from a fixed sample of {sample} of the {total} values (the same "
                       "data always gives the same classes)."),
    "by_field": ("Theo lĩnh vực", "By field"),
    "by_year": ("Theo năm", "By year"),
    "records_title": ("Mô hình, điển hình khớp bộ lọc", "Matching models and exemplars"),
    "records_of": ("Mô hình, điển hình của {name}", "Models and exemplars of {name}"),
    "search": ("Tìm theo tên, đơn vị, mô tả", "Search name, unit, description"),
    "shown_of": ("Hiển thị {shown} / {total} bản ghi", "Showing {shown} of {total} records"),
    "col_name": ("Tên mô hình, điển hình", "Name"),
    "col_kind": ("Loại", "Kind"),
    "col_field": ("Lĩnh vực", "Field"),
    "col_year": ("Năm", "Year"),
    "col_commune": ("Xã, thị trấn", "Commune"),
    "col_unit": ("Đơn vị thực hiện", "Responsible unit"),
    "col_description": ("Mô tả", "Description"),
    "col_result": ("Kết quả", "Result"),
    "col_source": ("Nguồn", "Source"),
    "col_illustrative": ("Dữ liệu minh họa", "Illustrative"),
    "col_id": ("Mã", "ID"),
    "col_written": ("Tên xã như ghi trong hồ sơ", "Commune as written"),
    "detail": ("Chi tiết mô hình", "Record detail"),
    "detail_pick": ("Chọn một mô hình để xem chi tiết", "Pick a record to see its details"),
    "detail_placeholder": ("Chọn mô hình…", "Choose a record…"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "illustrative_banner": (
        "Dữ liệu minh họa: {synthetic} trong {total} bản ghi là dữ liệu mẫu sinh tự động "
        "(chỉ tổng theo lĩnh vực khớp số liệu thật); {real} bản ghi lấy từ bài báo năm 2022.",
        "Illustrative data: {synthetic} of {total} records are generated samples "
        "(only the totals by field match the real figures); {real} come from a 2022 article."),
    "tooltip_total": ("Tổng số mô hình", "Total models"),
    "tooltip_per1000": ("Trên 1.000 dân", "Per 1,000 residents"),
    # notices about the URL
    "notice_title": ("Một số tham số trong đường dẫn không hợp lệ và đã bị bỏ qua:",
                     "Some link parameters were invalid and have been ignored:"),
    "bad_param": ("tham số không rõ “{key}”", "unknown parameter “{key}”"),
    "bad_value": ("giá trị “{value}” của “{key}”", "value “{value}” of “{key}”"),
    "bad_range": ("khoảng năm {start}–{end} (năm đầu lớn hơn năm cuối)", "year range {start}–{end} (start after end)"),
    # errors
    "loading": ("Đang mở dữ liệu (lần đầu có thể mất vài giây)…", "Opening the data (the first time may take a few seconds)…"),
    "error_title": ("Không mở được dữ liệu", "The data could not be opened"),
    "boundary_missing": ("Không tìm thấy tệp ranh giới xã: {path}. Đặt biến môi trường DVK_BOUNDARIES "
                         "trỏ tới tệp GeoJSON/GeoPackage (xem README).",
                         "Commune boundary file not found: {path}. Set DVK_BOUNDARIES to a "
                         "GeoJSON/GeoPackage file (see README)."),
    "boundary_unreadable": ("Không đọc được tệp ranh giới {path}: tệp hỏng hoặc không đúng định dạng.",
                            "Cannot read boundary file {path}: it is broken or not a vector file."),
    "boundary_no_crs": ("Tệp ranh giới {path} không khai báo hệ tọa độ và tọa độ không phải kinh độ/vĩ độ.",
                        "Boundary file {path} declares no CRS and its coordinates are not longitude/latitude."),
    "boundary_no_column": ("Tệp ranh giới {path} thiếu cột “{column}”.", "Boundary file {path} has no column “{column}”."),
    "boundary_bad_codes": ("Tệp ranh giới {path} có mã xã không hợp lệ (cần 5 chữ số): {codes}",
                           "Boundary file {path} has invalid commune codes (5 digits expected): {codes}"),
    "boundary_duplicate_codes": ("Tệp ranh giới {path} có mã xã bị trùng: {codes}",
                                 "Boundary file {path} has duplicate commune codes: {codes}"),
    "boundary_empty_geometry": ("Tệp ranh giới có đối tượng không có hình.", "The boundary file has features without geometry."),
    "boundary_not_polygons": ("Tệp ranh giới phải chứa vùng (polygon).", "The boundary file must contain polygons."),
    "boundary_repaired": ("Đã sửa {count} hình ranh giới không hợp lệ.", "Repaired {count} invalid boundary shapes."),
    "context_missing": ("Không có lớp ranh giới huyện lân cận ({path}); bản đồ vẫn hiển thị các xã.",
                        "No neighbouring-district layer ({path}); the map still shows the communes."),
    "records_unreadable": ("Không đọc được tệp dữ liệu mô hình {path}.", "Cannot read the records file {path}."),
    "records_missing_columns": ("Tệp dữ liệu mô hình {path} thiếu cột: {columns}", "Records file {path} lacks columns: {columns}"),
    "records_bad_rows": ("Tệp dữ liệu mô hình có {count} dòng sai cấu trúc (dòng {rows}).",
                         "The records file has {count} malformed rows (rows {rows})."),
    "records_unmatched": ("{count} bản ghi có mã xã không nằm trong tệp ranh giới và không được vẽ: {codes}",
                          "{count} records name communes missing from the boundary file and are not mapped: {codes}"),
    # sources page
    "sources_title": ("Nguồn dữ liệu và giấy phép", "Data sources and licences"),
}
