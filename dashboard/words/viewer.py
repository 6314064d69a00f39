"""Words of the viewer's screens: map, filters, legend, profile, panels, records, sources, link notices.

Every entry is (Vietnamese, English) with the same {placeholders}; i18n.py
merges this table with the staff, boundary and intake ones.
"""
MESSAGES: dict[str, tuple[str, str]] = {
    # (Vietnamese, English)
    "app_title": ("Bản đồ mô hình, điển hình “Dân vận khéo”", "“Dân vận khéo” models and exemplars map"),
    "app_subtitle": ("{area} · {units}", "{area} · {units}"),
    "default_area": ("Huyện Yên Sơn, tỉnh Tuyên Quang", "Yên Sơn district, Tuyên Quang province"),
    # the 2025 view: no district exists from 01/7/2025, so the one the map shows is the former one
    "default_area_2025": ("Huyện Yên Sơn (cũ), tỉnh Tuyên Quang", "Former Yên Sơn district, Tuyên Quang province"),
    "former_district": ("{district} (cũ)", "{district} (former)"),
    "area": ("Khu vực", "Area"),
    "area_province": ("Tỉnh, thành phố", "Province"),
    "area_district": ("Huyện, quận, thị xã, thành phố", "District"),
    "area_default": ("Bộ ranh giới mặc định của hệ thống", "The system's default boundary set"),
    "area_whole_province": ("Toàn tỉnh", "Whole province"),
    "area_country": ("Cả nước", "Whole country"),
    "area_country_preparing": ("Hệ thống đang chuẩn bị bản đồ cả nước. Việc này chỉ làm một lần và có thể mất vài "
                               "phút; vui lòng chờ…",
                               "Preparing the map of the whole country. This is done once and may take a few "
                               "minutes; please wait…"),
    # python -m dashboard areas --prepare (dashboard/cli/areas.py, geo/prepared.py)
    "areas_prepare_start": ("Đang chuẩn bị bản đồ cả nước từ {path} (làm sạch, đơn giản hóa ranh giới các xã; có "
                            "thể mất vài phút)…",
                            "Preparing the map of the whole country from {path} (cleaning and simplifying the "
                            "communes' boundaries; this may take a few minutes)…"),
    "areas_prepare_found": ("Bản đồ cả nước đã được chuẩn bị sẵn tại {folder} (đọc lại trong {seconds} giây); không "
                            "cần làm lại.",
                            "The map of the whole country is already prepared in {folder} (read back in {seconds} "
                            "s); nothing to do."),
    "areas_prepare_built": ("Đã chuẩn bị bản đồ cả nước trong {seconds} giây và lưu vào {folder}.",
                            "Prepared the map of the whole country in {seconds} s and stored it in {folder}."),
    "areas_prepare_steps": ("  Các bước: đọc bộ ranh giới {national} giây; làm sạch, đơn giản hóa các xã {communes} "
                            "giây; ghép các đơn vị từ 01/7/2025 {units} giây; ghi {save} giây.",
                            "  Steps: reading the national set {national} s; cleaning and simplifying the "
                            "communes {communes} s; the units from 2025-07-01 {units} s; writing {save} s."),
    "areas_prepare_content": ("  {communes} đơn vị hành chính cấp xã có mã, {uncoded} vùng chưa có mã, {provinces} "
                              "đường ranh giới tỉnh; {units} đơn vị hành chính cấp xã từ 01/7/2025.",
                              "  {communes} coded commune-level units, {uncoded} polygons without a code, "
                              "{provinces} province outlines; {units} commune-level units from 2025-07-01."),
    "areas_prepare_dropped": ("  Không vẽ {count} đơn vị nằm trọn trong đơn vị bên cạnh (lỗi của tệp nguồn): {codes}.",
                              "  {count} units lying wholly inside a neighbour (a fault of the source) are not drawn: "
                              "{codes}."),
    "areas_prepare_file": ("  {name}: {size} KB", "  {name}: {size} KB"),
    "areas_prepare_not_saved": ("Không ghi được bản đồ cả nước vào {folder}: {reason}",
                                "Could not store the map of the whole country in {folder}: {reason}"),
    "area_help": ("Ranh giới các tỉnh khác lấy từ bộ dữ liệu xã toàn quốc năm 2009 (mã xã được khớp theo tên; "
                  "vùng không khớp được mã tô màu be).",
                  "Other areas come from the national 2009 commune set (codes matched by name; polygons "
                  "that could not be matched are beige)."),
    "area_uncoded": ("{count} vùng trong ranh giới năm 2009 chưa khớp được mã xã giai đoạn 2020–2025 (tô màu be, "
                     "không tính mô hình, điển hình): {names}",
                     "{count} polygons of the 2009 boundaries could not be matched to a 2020–2025 commune code "
                     "(beige, no models or exemplars counted): {names}"),
    "area_uncoded_more": (" và {more} vùng khác (danh sách đầy đủ: python -m dashboard areas --report TỆP.csv)",
                          " and {more} more (the full list: python -m dashboard areas --report FILE.csv)"),
    "legend_uncoded": ("Vùng chưa khớp mã xã (ranh giới 2009)", "Polygon without a commune code (2009 boundaries)"),
    "area_unknown_province": ("Không có tỉnh, thành phố mã {province} trong bộ ranh giới toàn quốc.",
                              "There is no province with code {province} in the national boundary set."),
    "area_unknown_district": ("Không có huyện, quận mã {district} thuộc tỉnh, thành phố mã {province}.",
                              "There is no district with code {district} in province {province}."),
    "subtitle_units_2020": ("đơn vị hành chính trước 01/7/2025", "administrative units before 2025-07-01"),
    "subtitle_units_2025": ("đơn vị hành chính từ 01/7/2025 (ghép từ ranh giới xã cũ)",
                            "administrative units from 2025-07-01 (built from the old communes)"),
    "language": ("Ngôn ngữ", "Language"),
    "page": ("Trang", "Page"),
    "page_map": ("Bản đồ", "Map"),
    "page_records": ("Danh sách mô hình, điển hình", "Records"),
    "page_commune": ("Hồ sơ xã", "Commune profile"),
    "page_sources": ("Nguồn dữ liệu", "Data sources"),
    "commune_profile_pick": ("Đơn vị hành chính cấp xã", "Commune"),
    "commune_profile_none": ("Chọn một xã…", "Choose a commune…"),
    "commune_profile_choose": ("Vui lòng chọn một xã ở ô trên, hoặc bấm vào một xã trên bản đồ rồi bấm “Xem hồ sơ xã”.",
                               "Please choose a commune above, or click one on the map and then “Open its profile”."),
    "commune_profile_title": ("Hồ sơ {name}", "Profile of {name}"),
    "commune_profile_fields": ("Theo lĩnh vực", "By field"),
    "commune_profile_this": ("xã này", "this commune"),
    "commune_profile_median": ("trung vị các xã", "median of the communes"),
    "commune_profile_rank_count": ("Số mô hình, điển hình: {value}, xếp thứ {rank}/{of} trong khu vực",
                                   "Models and exemplars: {value}, rank {rank} of {of} in the area"),
    "commune_profile_rank_per1000": ("Số mô hình, điển hình/1.000 dân: {value}, xếp thứ {rank}/{of}",
                                     "Per 1,000 residents: {value}, rank {rank} of {of}"),
    "commune_profile_no_data": ("Chưa có dữ liệu của xã này.", "No data for this commune yet."),
    "commune_profile_more": ("… và {count} mô hình, điển hình khác (xem đầy đủ trong “{page}”)",
                             "… and {count} more models and exemplars (see them all in “{page}”)"),
    "commune_profile_open": ("Xem hồ sơ xã", "Open its profile"),
    "filters": ("Bộ lọc", "Filters"),
    "field": ("Lĩnh vực", "Field"),
    "field_all": ("Tất cả lĩnh vực", "All fields"),
    "years": ("Năm", "Years"),
    "commune": ("Xã, phường, thị trấn", "Commune"),
    "commune_all": ("Tất cả xã, phường, thị trấn", "All communes"),
    "commune_2025": ("Xã, phường (từ 01/7/2025)", "Unit (from 2025-07-01)"),
    "commune_all_2025": ("Tất cả xã, phường", "All units"),
    "commune_search": ("Tìm xã, phường, thị trấn", "Find a commune"),
    "commune_search_2025": ("Tìm xã, phường", "Find a unit"),
    "commune_search_hint": ("Gõ tên, ví dụ: Phúc Sơn", "Type a name, e.g. Phuc Son"),
    "commune_search_help": ("Có {count} đơn vị: gõ tên để chọn trong danh sách dưới đây.",
                            "{count} units: type a name to pick from the list below."),
    "commune_search_none": ("Không tìm thấy đơn vị nào có tên này.", "No unit has this name."),
    "commune_search_more": ("Hiện {shown} trong {count} đơn vị tìm thấy: gõ thêm để thu hẹp.",
                            "Showing {shown} of {count} units found: type more to narrow it."),
    "metric": ("Tô màu theo", "Colour by"),
    "metric_count": ("Số mô hình, điển hình", "Models and exemplars"),
    "metric_per1000": ("Số mô hình, điển hình/1.000 dân (dân số năm 2009)",
                       "Models and exemplars per 1,000 residents (2009 population)"),
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
    "source_version": ("bộ ranh giới “{label}” (phiên bản {id}, từ tệp {file}, do {user} tải lên).",
                       "the boundary set “{label}” (version {id}, from the file {file}, uploaded by {user})."),
    "source_default": ("tệp ranh giới mặc định {file}.", "the default boundary file {file}."),
    "display_report": ("ranh giới được làm sạch thành một lớp phủ kín (bỏ {overlap} ha chồng lấn, lấp {gaps} khe hở "
                       "nhỏ giữa các xã) rồi đơn giản hóa chung cho cả lớp (dung sai {tolerance} m, lệch tối đa "
                       "{shift} m): {before} KB, {vertices_before} đỉnh → {after} KB, {vertices_after} đỉnh; "
                       "đường ranh giới chung của hai xã vẫn trùng nhau, không có khe hở ở bất kỳ mức phóng to nào.",
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
    "share_qr": ("Hiện mã QR của đường dẫn", "Show the link's QR code"),
    "share_qr_too_long": ("Đường dẫn này quá dài để tạo mã QR; vui lòng gửi đường dẫn hoặc bớt số xã trong bộ lọc.",
                          "This link is too long for a QR code; please send the link, or filter fewer communes."),
    "share_qr_title": ("Mã QR của đường dẫn chia sẻ", "QR code of the shared link"),
    "share_qr_big": ("Bấm để phóng to cho cả phòng quét; bấm lần nữa để thu nhỏ",
                     "Click to show it full screen for the room to scan; click again to shrink it"),
    "share_copied": ("Đã sao chép đường dẫn", "Link copied"),
    "share_asof": ("Giữ nguyên số liệu tại thời điểm này", "Keep the figures as they are now"),
    "share_asof_help": ("Đường dẫn hiển thị số liệu tại thời điểm {moment}, kể cả khi sau đó có nhập thêm, sửa "
                        "hoặc hoàn tác dữ liệu; mô hình, điển hình đã xóa thì không hiển thị.",
                        "The link shows the figures as at {moment}, even after later imports, edits or "
                        "rollbacks; models and exemplars deleted by staff are not shown."),
    "asof_banner": ("Số liệu tại thời điểm {moment}. Đường dẫn này giữ nguyên số liệu: các lần nhập, sửa, "
                    "hoàn tác dữ liệu sau thời điểm đó không được tính; mô hình, điển hình đã xóa thì không "
                    "hiển thị.",
                    "Figures as at {moment}. This link keeps its numbers: imports, edits and rollbacks after "
                    "that moment are not counted; models and exemplars deleted by staff are not shown."),
    "asof_live": ("Xem số liệu mới nhất", "Show the latest figures"),
    "asof_no_history": ("“asof”: số liệu tại một thời điểm đã qua chỉ xem được khi dữ liệu lưu trong cơ sở dữ "
                        "liệu; đang hiển thị số liệu hiện tại",
                        "“asof”: figures as at a past moment need the records database; the current figures are "
                        "shown"),
    "share_copy_failed": ("Chưa sao chép được: đường dẫn đã được chọn, vui lòng sao chép (Ctrl+C).",
                          "Could not copy: the link is selected, please copy it (Ctrl+C)."),
    "kpi_models": ("Số mô hình, điển hình", "Models and exemplars"),
    "kpi_communes": ("Xã, phường, thị trấn có mô hình", "Communes with models"),
    "kpi_communes_2025": ("Xã, phường (từ 01/7/2025) có mô hình", "Units (from 2025-07-01) with models"),
    "kpi_selected": ("Đang chọn", "Selected"),
    "kpi_none": ("Chưa chọn xã", "None"),  # a KPI value: longer English is cut off
    "click_hint": ("Bấm vào một xã trên bản đồ để xem mô hình của xã đó; bấm lần nữa để bỏ chọn.",
                   "Click a commune on the map to see its models; click it again to unselect."),
    "clear_selection": ("Bỏ chọn {name}", "Unselect {name}"),
    "legend": ("Chú giải", "Legend"),
    "compare": ("So sánh", "Compare"),
    "compare_none": ("Không so sánh (một bản đồ)", "No comparison (one map)"),
    "compare_year": ("Theo từng năm", "Year by year"),
    "compare_field": ("Theo từng lĩnh vực", "Field by field"),
    "compare_change": ("Tăng, giảm giữa năm đầu và năm cuối", "Change from the first year to the last"),
    "compare_help": ("Các bản đồ nhỏ dùng chung một chú giải, nên cùng màu là cùng số liệu.",
                     "The small maps share one legend: the same colour means the same number."),
    "compare_change_help": ("Màu xanh là tăng, màu đỏ là giảm so với năm {first}, ở từng đơn vị hành chính cấp xã.",
                            "Blue is up, red is down against {first}, unit by unit."),
    "compare_caption": ("{what} · {total} mô hình, điển hình", "{what} · {total} models and exemplars"),
    "compare_change_caption": ("Năm {last} so với năm {first} · tổng {total} mô hình, điển hình",
                               "{last} against {first} · {total} models and exemplars in all"),
    "compare_change_legend": ("Tăng, giảm", "Change"),
    "compare_more": ("Tăng {size}", "Up {size}"),
    "compare_fewer": ("Giảm {size}", "Down {size}"),
    "compare_same": ("Không đổi", "No change"),
    "compare_from": ("từ {value} trở lên", "{value} or more"),
    "compare_too_many": ("Khu vực này có quá nhiều đơn vị để so sánh bằng các bản đồ nhỏ; vui lòng chọn một tỉnh "
                         "hoặc một huyện ở mục “Khu vực”.",
                         "This area has too many units for small maps; please choose a province or a district "
                         "under “Area”."),
    "compare_change_one_year": ("Vui lòng chọn khoảng năm có năm đầu khác năm cuối để so sánh tăng, giảm.",
                                "Please choose a range of years whose first and last years differ to see the change."),
    "legend_zero": ("0 – không có mô hình phù hợp bộ lọc", "0 – no models match the filters"),
    "legend_no_data": ("Chưa có dữ liệu", "No data"),
    "legend_dim": ("Ngoài bộ lọc xã", "Outside the commune filter"),
    "legend_approximate": ("* Ranh giới gần đúng: ghép từ ranh giới xã cũ; đơn vị mới còn gồm phần đất ngoài "
                           "bản đồ này hoặc có xã cũ chỉ sắp xếp một phần diện tích vào đơn vị mới",
                           "* Approximate boundary: built from the old communes' boundaries; the new unit also "
                           "takes land outside this map, or only part of an old commune's area went to it"),
    "tooltip_approximate": ("Ranh giới gần đúng", "Approximate boundary"),
    "units": ("Đơn vị hành chính", "Administrative units"),
    "units_2020": ("Trước 01/7/2025 ({count} xã, phường, thị trấn)", "Before 2025-07-01 ({count} communes)"),
    "units_2025": ("Từ 01/7/2025 ({count} xã, phường sau sắp xếp)", "From 2025-07-01 ({count} reorganised units)"),
    "units_help": ("Mỗi mô hình, điển hình giữ mã xã lúc đăng ký; khi xem theo đơn vị từ 01/7/2025, mô hình, "
                   "điển hình được tính cho xã, phường mới có chứa xã cũ đó.",
                   "Records keep the commune code they were registered with; in the units from 2025-07-01 "
                   "each record counts for the new unit that now contains that commune."),
    "profile": ("Hồ sơ đơn vị", "Unit profile"),
    "profile_head": ("{name} · mã {code}", "{name} · code {code}"),
    "profile_population": ("Dân số năm 2009: {population}", "Population (2009): {population}"),
    "profile_became": ("Từ 01/7/2025 thuộc {name} (mã {code})", "From 2025-07-01 part of {name} (code {code})"),
    "profile_partners": ("Cùng được sắp xếp vào đơn vị mới: {names}",
                         "Also reorganised into the new unit: {names}"),
    "profile_split": ("Một phần diện tích được sắp xếp vào {names}", "Part of its area went to {names}"),
    "profile_no_successor": ("Không có trong bảng sắp xếp năm 2025.", "Not in the 2025 reform tables."),
    "profile_absorbed": ("Hình thành ngày 01/7/2025 trên cơ sở sắp xếp: {names}",
                         "Formed on 2025-07-01 by reorganising: {names}"),
    "profile_outside": ("Gồm cả phần đất của: {names} (ngoài bản đồ này hoặc chỉ một phần)",
                        "Also takes land from: {names} (outside this map, or only part of it)"),
    "profile_member_split": ("Một phần diện tích của {name} được sắp xếp vào {names}; bản đồ vẫn tính cả xã "
                             "cũ vào đây.",
                             "Part of the area of {name} went to {names}; the map still counts the whole old "
                             "commune here."),
    "profile_approximate": ("Ranh giới trên bản đồ là gần đúng (ghép từ ranh giới xã cũ).",
                            "The boundary on the map is approximate (built from the old communes)."),
    "profile_members_short": ("Gồm (trước 01/7/2025): {names}", "Made of (before 2025-07-01): {names}"),
    "legend_empty": ("Không có mô hình, điển hình nào phù hợp bộ lọc.", "No model or exemplar matches the filters."),
    "legend_sampled": ("Ngưỡng ngắt tự nhiên tính trên mẫu cố định {sample} trong {total} giá trị (cùng số liệu "
                       "luôn cho cùng nhóm màu).",
                       "Natural breaks computed from a fixed sample of {sample} of the {total} values (the same "
                       "data always gives the same classes)."),
    "by_field": ("Theo lĩnh vực", "By field"),
    "by_year": ("Theo năm", "By year"),
    "records_title": ("Mô hình, điển hình phù hợp bộ lọc", "Matching models and exemplars"),
    "records_of": ("Mô hình, điển hình của {name}", "Models and exemplars of {name}"),
    "records_open": ("Xem danh sách {count} mô hình, điển hình", "See the list of {count} models and exemplars"),
    "search": ("Tìm theo tên, đơn vị, mô tả", "Search name, unit, description"),
    "shown_of": ("Hiển thị {shown} trong {total} mô hình, điển hình", "Showing {shown} of {total} models and exemplars"),
    "shown_none": ("Không có mô hình, điển hình nào phù hợp bộ lọc.", "No model or exemplar matches the filters."),
    "found_of": ("Tìm thấy {found} trong {total} mô hình, điển hình; hiển thị {shown}",
                 "Found {found} of {total} models and exemplars; showing {shown}"),
    "found_none": ("Không tìm thấy kết quả nào trong {total} mô hình, điển hình phù hợp bộ lọc.",
                   "Nothing found among the {total} models and exemplars matching the filters."),
    "table_page": ("Trang (1–{pages})", "Page (1–{pages})"),
    "col_name": ("Tên mô hình, điển hình", "Name"),
    "col_kind": ("Loại", "Kind"),
    "col_field": ("Lĩnh vực", "Field"),
    "col_year": ("Năm", "Year"),
    "col_commune": ("Xã, phường, thị trấn", "Commune"),
    "col_unit": ("Đơn vị thực hiện", "Responsible unit"),
    "col_description": ("Mô tả", "Description"),
    "col_result": ("Kết quả", "Result"),
    "col_source": ("Nguồn", "Source"),
    "col_illustrative": ("Dữ liệu giả định", "Illustrative"),
    "col_id": ("Mã", "ID"),
    "col_written": ("Tên xã như ghi trong hồ sơ", "Commune as written"),
    "detail": ("Chi tiết mô hình", "Record detail"),
    "illustrative_short": ("Lưu ý: {synthetic}/{total} mô hình, điển hình là dữ liệu giả định (minh họa).",
                           "Note: {synthetic} of {total} models and exemplars are illustrative data."),
    "sum_fields": ("Lĩnh vực: {fields}", "Fields: {fields}"),
    "sum_all_fields": ("tất cả", "all"),
    "sum_year": ("Năm {year}", "Year {year}"),
    "sum_years": ("Năm {first}–{last}", "Years {first}–{last}"),
    "sum_communes": ("{count} xã được chọn", "{count} communes chosen"),
    "sum_selected": ("Đang xem: {name}", "Showing: {name}"),
    "sum_metric": ("Tô màu theo: {metric}", "Coloured by: {metric}"),
    "sum_asof": ("Số liệu tại thời điểm {moment}", "Figures as at {moment}"),
    "present": ("Trình chiếu", "Present"),
    "present_help": ("Bản đồ toàn màn hình cho máy chiếu; phím ← → chuyển năm (hoặc lĩnh vực).",
                     "The map full screen for a projector; the ← → keys step through years (or fields)."),
    "present_prev_year": ("◀ Năm trước", "◀ Previous year"),
    "present_next_year": ("Năm sau ▶", "Next year ▶"),
    "present_prev_field": ("◀ Lĩnh vực trước", "◀ Previous field"),
    "present_next_field": ("Lĩnh vực sau ▶", "Next field ▶"),
    "present_keys": ("Phím ← → (hoặc bút trình chiếu) để chuyển.", "Arrow keys (or a clicker) step."),
    "present_exit": ("Thoát trình chiếu", "Leave projector mode"),
    "download_csv": ("Tải về danh sách (CSV)", "Download the list (CSV)"),
    "download_xlsx": ("Tải về danh sách (Excel)", "Download the list (Excel)"),
    "download_xlsx_too_many": ("Quá {limit} mô hình, điển hình: vui lòng tải về dạng CSV.",
                               "More than {limit} models and exemplars: please download the CSV."),
    # the handout of the view on screen (dashboard/handout)
    "handout_pdf": ("Tải bản in (PDF, A4 ngang)", "Download the handout (PDF, A4 landscape)"),
    "handout_png": ("Tải bản in (ảnh PNG)", "Download the handout (PNG image)"),
    "handout_north": ("B", "N"),  # the north arrow's letter: Bắc
    "handout_top": ("Đơn vị hành chính cấp xã dẫn đầu", "Leading commune-level units"),
    "handout_labels_hidden": ("Bản đồ có hơn {count} đơn vị nên không ghi tên từng đơn vị.",
                              "With more than {count} units the map does not name each of them."),
    "handout_illustrative": ("Lưu ý: {synthetic}/{total} mô hình, điển hình phù hợp bộ lọc là dữ liệu giả định "
                             "(minh họa); số liệu thực tế: {real}.",
                             "Note: {synthetic} of the {total} models and exemplars matching the filters are "
                             "illustrative data; actual records: {real}."),
    "handout_sources": ("Nguồn: {records}. Ranh giới: {boundaries}. Dân số: Tổng điều tra dân số và nhà ở năm 2009 (dùng "
                        "cho số mô hình, điển hình/1.000 dân). Chi tiết tại trang “Nguồn dữ liệu”.",
                        "Sources: {records}. Boundaries: {boundaries}. Population: the 2009 census (for models "
                        "per 1,000 residents). Details on the “Data sources” page."),
    "handout_no_records": ("không có mô hình, điển hình nào phù hợp bộ lọc", "no model or exemplar matches the filters"),
    "handout_bounds_default": ("ranh giới xã năm 2009 (censusVN2009, giấy phép MIT)",
                               "the 2009 commune boundaries (censusVN2009, MIT licence)"),
    "handout_bounds_area": ("bộ ranh giới xã toàn quốc năm 2009 (censusVN2009, giấy phép MIT), mã đơn vị hành "
                            "chính khớp theo tên",
                            "the national 2009 commune set (censusVN2009, MIT licence), codes matched by name"),
    "handout_bounds_version": ("bộ ranh giới “{label}” (phiên bản {id}) do cán bộ tải lên",
                               "the boundary set “{label}” (version {id}) loaded by staff"),
    "handout_made": ("Lập lúc: {when}", "Made: {when} (Vietnam time)"),
    "handout_qr": ("quét mã QR bên phải để mở đúng màn hình này", "scan the QR code on the right to open this very view"),
    "detail_pick": ("Chọn một mô hình để xem chi tiết", "Pick a record to see its details"),
    "detail_placeholder": ("Chọn mô hình…", "Choose a record…"),
    "detail_help": ("Danh sách gồm các mô hình, điển hình trên trang đang xem của bảng; vui lòng tìm kiếm hoặc "
                    "chuyển trang để chọn mô hình, điển hình khác.",
                    "Lists the rows on the table's current page; search or turn the page to pick another record."),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "illustrative_banner": (
        "Lưu ý: {synthetic}/{total} mô hình, điển hình là dữ liệu giả định (minh họa; chỉ tổng số theo lĩnh "
        "vực khớp số liệu thực tế); {article} mô hình, điển hình lấy từ bài báo năm 2022; {entered} mô hình, "
        "điển hình do cán bộ nhập.",
        "Note: {synthetic} of {total} models and exemplars are illustrative, made-up data (only the totals "
        "by field match the actual figures); {article} come from a 2022 article; {entered} were entered by "
        "staff."),
    "tooltip_total": ("Số mô hình, điển hình", "Models and exemplars"),
    "tooltip_per1000": ("Số mô hình, điển hình/1.000 dân", "Per 1,000 residents"),
    # notices about the URL
    "notice_title": ("Một số tham số trong đường dẫn không hợp lệ và đã bị bỏ qua:",
                     "Some link parameters were invalid and have been ignored:"),
    "bad_param": ("tham số không rõ “{key}”", "unknown parameter “{key}”"),
    "bad_value": ("giá trị “{value}” của “{key}”", "value “{value}” of “{key}”"),
    "bad_range": ("khoảng năm {start}–{end} (năm đầu lớn hơn năm cuối)", "year range {start}–{end} (start after end)"),
    # a widget value our widgets could not have sent (dashboard/state.py), a run that failed (dashboard/app.py)
    "forged_input": ("Hệ thống đã bỏ qua một lựa chọn không hợp lệ; màn hình đang xem được giữ nguyên.",
                     "The app ignored a choice that was not valid; the screen stays as it was."),
    "script_failed": ("Hệ thống gặp sự cố khi hiển thị trang này. Vui lòng tải lại trang hoặc thử lại sau; "
                      "chi tiết sự cố đã được ghi lại để cán bộ kỹ thuật xử lý.",
                      "The app ran into a problem showing this page. Please reload the page or try again "
                      "later; the details have been logged for the technical staff."),
    # errors
    "upload_drop": ("Kéo thả tệp vào đây", "Drag and drop the file here"),
    "no_results": ("Không tìm thấy", "No results"),
    "upload_button": ("Chọn tệp", "Choose a file"),
    "starting": ("Hệ thống đang khởi động, vui lòng chờ trong giây lát…", "The dashboard is starting, one moment please…"),
    "loading": ("Đang tải dữ liệu (lần đầu có thể mất vài giây)…", "Loading the data (the first time may take a few seconds)…"),
    "error_title": ("Không tải được dữ liệu", "The data could not be loaded"),
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
    "boundary_empty_geometry": ("Tệp ranh giới có đối tượng không có vùng ranh giới.", "The boundary file has features without geometry."),
    "boundary_not_polygons": ("Tệp ranh giới phải chứa vùng (polygon).", "The boundary file must contain polygons."),
    "boundary_repaired": ("Đã sửa {count} vùng ranh giới không hợp lệ.", "Repaired {count} invalid boundary shapes."),
    "context_missing": ("Không có lớp ranh giới huyện lân cận ({path}); bản đồ vẫn hiển thị các xã.",
                        "No neighbouring-district layer ({path}); the map still shows the communes."),
    "records_unreadable": ("Không đọc được tệp dữ liệu mô hình {path}.", "Cannot read the records file {path}."),
    # the record store's database (geo/records/database.py, store.py): which one, and why
    "database_unsupported": ("Địa chỉ cơ sở dữ liệu {where} (biến DATABASE_URL) dùng loại “{scheme}”, hệ thống không "
                             "hỗ trợ. Chỉ dùng được SQLite (sqlite:///đường/dẫn/tệp.sqlite3) hoặc PostgreSQL "
                             "(postgresql://tên_người_dùng:mật_khẩu@máy_chủ/tên_cơ_sở_dữ_liệu).",
                             "The database address {where} (DATABASE_URL) is of type “{scheme}”, which is not "
                             "supported. Use SQLite (sqlite:///path/to/file.sqlite3) or PostgreSQL "
                             "(postgresql://user:password@host/database)."),
    "database_bad_url": ("Biến DATABASE_URL không phải là địa chỉ cơ sở dữ liệu hợp lệ. Chỉ dùng được SQLite "
                         "(sqlite:///đường/dẫn/tệp.sqlite3) hoặc PostgreSQL "
                         "(postgresql://tên_người_dùng:mật_khẩu@máy_chủ:cổng/tên_cơ_sở_dữ_liệu).",
                         "DATABASE_URL is not a valid database address. Use SQLite (sqlite:///path/to/file.sqlite3) "
                         "or PostgreSQL (postgresql://user:password@host:port/database)."),
    "database_refused": ("Không mở được cơ sở dữ liệu {where}: máy chủ từ chối kết nối (máy chủ cơ sở dữ liệu chưa "
                         "chạy, hoặc sai địa chỉ máy chủ hay cổng).",
                         "Cannot open the database {where}: the connection was refused (the database server is not "
                         "running, or the host or port is wrong)."),
    "database_auth_failed": ("Không mở được cơ sở dữ liệu {where}: máy chủ không chấp nhận tên người dùng “{user}” "
                             "hoặc mật khẩu (xác thực không thành công). Cần kiểm tra tên người dùng và mật khẩu "
                             "trong DATABASE_URL.",
                             "Cannot open the database {where}: the server did not accept the user “{user}” or the "
                             "password (authentication failed). Check the user name and password in DATABASE_URL."),
    "database_unknown_host": ("Không mở được cơ sở dữ liệu {where}: không tìm thấy máy chủ “{host}” (sai tên máy "
                              "chủ, hoặc không phân giải được tên này).",
                              "Cannot open the database {where}: the host “{host}” is unknown (a mistyped host name, "
                              "or the name cannot be resolved)."),
    "database_timeout": ("Không mở được cơ sở dữ liệu {where}: máy chủ không trả lời trong thời gian chờ (mạng hoặc "
                         "tường lửa chặn kết nối, hoặc máy chủ quá tải).",
                         "Cannot open the database {where}: the server did not answer in time (a network or "
                         "firewall problem, or an overloaded server)."),
    "database_not_found": ("Không mở được cơ sở dữ liệu {where}: máy chủ không có cơ sở dữ liệu “{database}”. Cần "
                           "tạo cơ sở dữ liệu này trước (các bảng do hệ thống tự tạo).",
                           "Cannot open the database {where}: the server has no database “{database}”. Create it "
                           "first (the dashboard creates its tables itself)."),
    "database_unreachable": ("Không mở được cơ sở dữ liệu {where}: {reason}", "Cannot open the database {where}: {reason}"),
    "database_missing": ("Không tìm thấy cơ sở dữ liệu {where} (tệp bị mất hoặc đang trống), dù tệp {stamp} ghi "
                         "nhận cơ sở dữ liệu đã được tạo tại đây. Để tránh mất dữ liệu, hệ thống không tự tạo cơ sở "
                         "dữ liệu mới. Quản trị viên cần khôi phục từ bản sao lưu (python -m dashboard restore "
                         "TỆP_SAO_LƯU); chỉ xoá tệp {stamp} khi thật sự muốn bắt đầu lại với cơ sở dữ liệu mới.",
                         "The database {where} is missing or empty, although {stamp} records that it was created "
                         "here. So that no data is lost, the dashboard does not make a new one. An administrator "
                         "should restore a backup (python -m dashboard restore BACKUP_FILE); delete {stamp} only to "
                         "start again with a new database on purpose."),
    "database_replaced": ("Cơ sở dữ liệu {where} đã bị xoá hoặc bị thay thế từ khi hệ thống mở nó, nên thay đổi này "
                          "không ghi (nếu ghi sẽ bị mất); dữ liệu không thay đổi. Quản trị viên cần khôi phục cơ sở "
                          "dữ liệu (python -m dashboard restore TỆP_SAO_LƯU) rồi khởi động lại hệ thống.",
                          "The database {where} was deleted or replaced since the dashboard opened it, so this "
                          "change was not written (it would have been lost); nothing was changed. An administrator "
                          "should restore the database (python -m dashboard restore BACKUP_FILE) and restart the "
                          "dashboard."),
    "records_missing_columns": ("Tệp dữ liệu mô hình {path} thiếu cột: {columns}", "Records file {path} lacks columns: {columns}"),
    "records_bad_rows": ("Tệp dữ liệu mô hình có {count} dòng sai cấu trúc (dòng {rows}).",
                         "The records file has {count} malformed rows (rows {rows})."),
    "records_unmatched": ("{count} mô hình, điển hình có mã xã không nằm trong tệp ranh giới nên không được vẽ: "
                          "{codes}",
                          "{count} models and exemplars name communes missing from the boundary file and are "
                          "not mapped: {codes}"),
    # sources page
    "sources_title": ("Nguồn dữ liệu và giấy phép", "Data sources and licences"),
}
