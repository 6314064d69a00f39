"""Words about commune boundary files: reading an uploaded file and putting it on the map.

Kept apart from the viewer's words (viewer.py) so each file stays readable;
every entry is (Vietnamese, English) with the same {placeholders}, as in
staff.py; i18n.STRINGS merges them.
"""
MESSAGES: dict[str, tuple[str, str]] = {
    # (Vietnamese, English)
    # reading files (geo/boundaries/file.py, archive.py, encoding.py, crs.py)
    "boundary_empty_file": ("Tệp “{filename}” trống, không có dữ liệu. Hãy chọn lại đúng tệp ranh giới.",
                            "The file “{filename}” is empty. Choose the boundary file again."),
    "boundary_too_large": ("Tệp “{filename}” nặng {size_mb} MB, vượt giới hạn {limit_mb} MB. Hãy gửi tệp chỉ gồm "
                           "ranh giới các xã của huyện.",
                           "The file “{filename}” is {size_mb} MB, over the {limit_mb} MB limit. Send a file with "
                           "only the district's commune boundaries."),
    "boundary_unsupported_format": ("Không nhận dạng được tệp “{filename}”. Các định dạng dùng được: GeoJSON "
                                    "(.geojson, .json), GeoPackage (.gpkg), Shapefile nén thành tệp .zip, KML (.kml, "
                                    ".kmz).",
                                    "“{filename}” is not a format that can be read. Accepted formats: GeoJSON "
                                    "(.geojson, .json), GeoPackage (.gpkg), a Shapefile zipped into a .zip, KML "
                                    "(.kml, .kmz)."),
    "boundary_shp_not_zipped": ("Tệp “{filename}” chỉ là phần .shp của một Shapefile; tên xã nằm ở các tệp đi kèm "
                                "(.dbf, .shx, .prj, .cpg). Hãy nén tất cả các tệp cùng tên vào một tệp .zip rồi tải "
                                "lên.",
                                "“{filename}” is only the .shp part of a Shapefile; the names are in its companion "
                                "files (.dbf, .shx, .prj, .cpg). Put all the files of the same name into one .zip "
                                "and upload that."),
    "boundary_zip_unsafe": ("Tệp nén “{filename}” chứa đường dẫn không an toàn (“{member}”) nên không được mở. Hãy "
                            "nén lại các tệp ranh giới từ một thư mục bình thường.",
                            "The archive “{filename}” contains an unsafe path (“{member}”) and was not opened. Zip "
                            "the boundary files again from an ordinary folder."),
    "boundary_zip_encrypted": ("Tệp nén “{filename}” có đặt mật khẩu. Hãy nén lại mà không đặt mật khẩu rồi tải lên.",
                               "The archive “{filename}” is password-protected. Zip it again without a password "
                               "and upload it."),
    "boundary_zip_too_large": ("Tệp nén “{filename}” khi giải nén vượt quá {limit_mb} MB, quá lớn đối với ranh giới "
                               "một huyện. Hãy gửi tệp chỉ gồm ranh giới các xã.",
                               "The archive “{filename}” unpacks to more than {limit_mb} MB, too much for one "
                               "district's boundaries. Send a file with only the commune boundaries."),
    "boundary_zip_no_shp": ("Trong tệp nén “{filename}” không có Shapefile (.shp). Các tệp tìm thấy: {found}. Tệp "
                            "GeoJSON, GeoPackage hay KML thì tải thẳng lên, không cần nén.",
                            "The archive “{filename}” contains no Shapefile (.shp). Files found: {found}. A GeoJSON, "
                            "GeoPackage or KML file can be uploaded as it is, without zipping."),
    "boundary_zip_many_shp": ("Tệp nén “{filename}” có nhiều Shapefile: {found}. Hãy nén riêng lớp ranh giới xã "
                              "(một tệp .shp cùng các tệp đi kèm) rồi tải lên.",
                              "The archive “{filename}” holds several Shapefiles: {found}. Zip only the commune "
                              "boundary layer (one .shp with its companion files) and upload that."),
    "boundary_zip_incomplete": ("Shapefile trong “{filename}” thiếu tệp {missing}. Hãy nén đủ các tệp cùng tên "
                                "(.shp, .shx, .dbf, nên có cả .prj và .cpg).",
                                "The Shapefile in “{filename}” lacks {missing}. Zip all the files of the same name "
                                "(.shp, .shx, .dbf, and preferably .prj and .cpg)."),
    "boundary_no_features": ("Tệp “{filename}” không có đối tượng nào (không có vùng ranh giới).",
                             "The file “{filename}” contains no features (no boundary shapes)."),
    "boundary_no_polygons": ("Tệp “{filename}” không có vùng (polygon) nào, chỉ có: {types}. Ranh giới xã phải là "
                             "các vùng khép kín; hãy xuất lại lớp ranh giới ở dạng vùng.",
                             "The file “{filename}” has no polygons, only: {types}. Commune boundaries must be "
                             "closed areas; export the boundary layer as polygons."),
    "boundary_needs_zone": ("Tệp không khai báo hệ tọa độ; tọa độ tính bằng mét, có vẻ theo VN-2000. Hãy chọn đúng "
                            "múi chiếu của tệp (nếu chưa rõ, hỏi đơn vị đã cung cấp tệp). Khả năng cao nhất: {zones}.",
                            "The file declares no coordinate system; its coordinates are metres, apparently VN-2000. "
                            "Choose the file's zone (if unsure, ask whoever supplied the file). Most likely: "
                            "{zones}."),
    "boundary_needs_crs": ("Tệp không khai báo hệ tọa độ, mà tọa độ không phải kinh độ/vĩ độ, cũng không giống "
                           "VN-2000. Hãy chọn hệ tọa độ của tệp (mã EPSG), hoặc xin lại tệp có kèm tệp .prj.",
                           "The file declares no coordinate system, and its coordinates are neither "
                           "longitude/latitude nor like VN-2000. Choose the file's coordinate system (EPSG code), "
                           "or ask for the file again with its .prj."),
    "boundary_bad_crs": ("Không dùng được hệ tọa độ “{crs}” cho tệp này: không nhận ra hệ tọa độ, hoặc tọa độ đổi ra "
                         "nằm ngoài phạm vi kinh độ/vĩ độ. Hãy chọn hệ tọa độ khác.",
                         "The coordinate system “{crs}” cannot be used for this file: it is not recognised, or the "
                         "coordinates fall outside longitude/latitude. Choose another coordinate system."),
    "boundary_layers_ignored": ("Tệp có nhiều lớp; đã dùng lớp “{layer}” (nhiều vùng nhất) và bỏ qua: {ignored}.",
                                "The file has several layers; used “{layer}” (the most polygons) and ignored: "
                                "{ignored}."),
    "boundary_non_polygons_dropped": ("Đã bỏ qua {count} đối tượng không phải vùng (điểm, đường hoặc đối tượng rỗng).",
                                      "Skipped {count} features that are not polygons (points, lines or empty)."),
    "boundary_z_dropped": ("Đã bỏ độ cao (Z) của {count} vùng; bản đồ chỉ cần vị trí trên mặt phẳng.",
                           "Dropped the elevation (Z) of {count} shapes; the map only needs the flat position."),
    "boundary_encoding_detected": ("Tệp không ghi rõ bảng mã chữ; đã nhận ra bảng mã {encoding} ({percent}% số từ có "
                                   "dấu đọc ra tiếng Việt hợp lệ). Hãy xem lại tên các xã.",
                                   "The file does not state its text encoding; detected {encoding} ({percent}% of "
                                   "accented words read as valid Vietnamese). Check the commune names."),
    "boundary_encoding_converted": ("Chữ ở cột “{column}” được ghi là {declared} nhưng thực ra theo bảng mã {encoding} "
                                    "(phông chữ cũ hoặc tệp từng bị đọc sai); đã chuyển sang Unicode ({percent}% số từ "
                                    "có dấu đọc ra tiếng Việt hợp lệ). Hãy xem lại tên các xã.",
                                    "The text of column “{column}” is declared as {declared} but is really {encoding} "
                                    "(an old font, or a file once misread); converted to Unicode ({percent}% of "
                                    "accented words read as valid Vietnamese). Check the commune names."),
    "boundary_encoding_uncertain": ("Không xác định chắc chắn được bảng mã chữ của tệp, tên xã có thể bị lỗi phông. "
                                    "Chữ được giữ nguyên như đọc theo {encoding}; cách đọc tốt nhất ({best}) chỉ cho "
                                    "{percent}% số từ có dấu là tiếng Việt hợp lệ. Hãy kiểm tra tên các xã, hoặc xin "
                                    "lại tệp lưu ở dạng Unicode (UTF-8).",
                                    "The text encoding of the file is unclear, so commune names may be garbled. The "
                                    "text is kept as read in {encoding}; the best reading ({best}) gives only "
                                    "{percent}% of accented words as valid Vietnamese. Check the commune names, or ask "
                                    "for the file saved as Unicode (UTF-8)."),
    "boundary_encoding_cpg_wrong": ("Tệp .cpg ghi bảng mã “{declared}” nhưng chữ trong tệp không theo bảng mã đó; đã "
                                    "đọc theo {encoding}.",
                                    "The .cpg file names the encoding “{declared}”, but the text does not follow it; "
                                    "read as {encoding} instead."),
    "boundary_crs_assumed_wgs84": ("Tệp không khai báo hệ tọa độ; tọa độ là kinh độ/vĩ độ nên được hiểu theo WGS 84.",
                                   "The file declares no coordinate system; its coordinates are longitude/latitude, "
                                   "so WGS 84 is assumed."),
    "boundary_datum_added": ("Hệ tọa độ của tệp ({crs}) không kèm tham số chuyển sang WGS 84; đã dùng 7 tham số chính "
                             "thức của VN-2000 (Quyết định 05/2007/QĐ-BTNMT) để đặt ranh giới đúng vị trí.",
                             "The file's coordinate system ({crs}) has no shift to WGS 84; the official VN-2000 "
                             "7 parameters (Decision 05/2007/QĐ-BTNMT) were used to place the boundaries."),
    # end of reading files
    # matching, cleaning, versions, command line (geo/boundaries/sets.py, coverage.py, dashboard/cli/boundaries.py)
    "bset_file": ("Tệp “{filename}”: {format}, {features} đối tượng, bảng mã chữ {encoding}.",
                  "File “{filename}”: {format}, {features} features, text encoding {encoding}."),
    "bset_zone_choices": ("Chọn một múi chiếu rồi chạy lại lệnh với tùy chọn --crs tương ứng:",
                          "Choose a zone and run the command again with its --crs option:"),
    "bset_zone_choice": ("  {rank}. {label}: --crs {option}", "  {rank}. {label}: --crs {option}"),
    "bset_columns": ("Cột dùng: mã xã “{code}”, tên xã “{name}”, dân số “{population}”.",
                     "Columns used: code “{code}”, name “{name}”, population “{population}”."),
    "bset_match_by_code": ("Đối chiếu mã xã (cột “{column}”) với danh mục đơn vị hành chính của {scope}:",
                           "Matching the codes (column “{column}”) against the administrative units of {scope}:"),
    "bset_match_by_name": ("Đối chiếu tên xã (cột “{column}”) với danh mục đơn vị hành chính của {scope}:",
                           "Matching the names (column “{column}”) against the administrative units of {scope}:"),
    "bset_unmatched_code": ("  Đối tượng {number}: mã “{value}” không thuộc {scope}. Theo cột tên có thể là: "
                            "{suggestions}.",
                            "  Feature {number}: code “{value}” is not in {scope}. By the name column it may be: "
                            "{suggestions}."),
    "bset_unmatched_name": ("  Đối tượng {number}: không tìm thấy “{value}” trong {scope}. Tên gần giống: "
                            "{suggestions}.",
                            "  Feature {number}: “{value}” was not found in {scope}. Closest names: {suggestions}."),
    "bset_ambiguous": ("  Đối tượng {number}: “{value}” có thể là nhiều đơn vị: {suggestions}. Hãy dùng cột mã xã "
                       "hoặc ghi tên rõ hơn.",
                       "  Feature {number}: “{value}” could be several units: {suggestions}. Use a code column or "
                       "a clearer name."),
    "bset_duplicate": ("  Đối tượng {number}: “{value}” là {unit}, mà đơn vị này còn có vùng khác trong tệp. Mỗi "
                       "đơn vị chỉ được một vùng.",
                       "  Feature {number}: “{value}” is {unit}, which has another shape in the file too. Each "
                       "unit may have one shape only."),
    "bset_bad_code": ("  Đối tượng {number}: mã “{value}” không hợp lệ (cần mã đơn vị hành chính cấp xã, 5 chữ số).",
                      "  Feature {number}: code “{value}” is not valid (a 5-digit commune-level administrative "
                      "unit code is needed)."),
    "bset_name_conflict": ("  Lưu ý, đối tượng {number}: mã {code} là {unit} nhưng cột tên ghi “{name}”. Hãy kiểm "
                           "tra lại.",
                           "  Note, feature {number}: code {code} is {unit} but the name column says “{name}”. "
                           "Please check."),
    "bset_match_summary": ("{features} đối tượng: {matched} khớp, {unmatched} không tìm thấy, {ambiguous} chưa rõ, "
                           "{duplicate} trùng, {bad_code} mã sai.",
                           "{features} features: {matched} matched, {unmatched} not found, {ambiguous} ambiguous, "
                           "{duplicate} duplicated, {bad_code} bad codes."),
    "bset_missing": ("{count} đơn vị của {scope} không có vùng trong tệp: {units}.",
                     "{count} units of {scope} have no shape in the file: {units}."),
    "bset_none_missing": ("Mọi đơn vị của {scope} đều có vùng trong tệp.",
                          "Every unit of {scope} has a shape in the file."),
    "bset_clean": ("Làm sạch ranh giới (tính theo mét, {crs}): sửa {repaired} vùng lỗi; bỏ {overlap_ha} ha chồng "
                   "lấn; lấp {gaps} khe hở hẹp hơn {gap_width} m ({gaps_ha} ha); giữ {holes} lỗ thủng rộng hơn. "
                   "Diện tích một đơn vị thay đổi nhiều nhất {change}%.",
                   "Cleaning the boundaries (in metres, {crs}): {repaired} broken shapes repaired; {overlap_ha} ha "
                   "of overlap removed; {gaps} gaps narrower than {gap_width} m filled ({gaps_ha} ha); {holes} "
                   "wider holes kept. The largest change of one unit's area: {change}%."),
    "bset_clean_valid": ("Sau khi làm sạch, các vùng ghép khít nhau: không chồng lấn, không khe hở.",
                         "After cleaning the shapes fit together: no overlap, no gap."),
    "bset_clean_invalid": ("Sau khi làm sạch, các vùng vẫn chưa ghép khít nhau. Hãy sửa tệp bằng phần mềm GIS.",
                           "After cleaning the shapes still do not fit together. Fix the file in GIS software."),
    "bset_emptied": ("Các đối tượng sau mất hết diện tích khi bỏ chồng lấn (vùng nằm trọn trong vùng bên cạnh): "
                     "{features}.",
                     "These features lost all their area when overlaps were removed (each lies inside a "
                     "neighbour): {features}."),
    "bset_simplify": ("Bản đơn giản hóa để hiển thị (dung sai {tolerance} m): {vertices_before} → {vertices_after} đỉnh, "
                      "GeoJSON {kb_before} KB → {kb_after} KB, lệch tối đa {displacement} m.",
                      "Display version (tolerance {tolerance} m): {vertices_before} → {vertices_after} vertices, "
                      "GeoJSON {kb_before} KB → {kb_after} KB, at most {displacement} m off."),
    "bset_dry_run": ("Chạy thử (--dry-run): không lưu gì.", "Dry run (--dry-run): nothing was saved."),
    "bset_not_saved": ("Không lưu: {count} đối tượng chưa khớp chắc chắn hoặc không còn vùng. Hãy sửa tệp (hoặc "
                       "chọn cột khác) rồi chạy lại.",
                       "Not saved: {count} features are not matched with certainty or have no shape left. "
                       "Correct the file (or choose other columns) and run again."),
    "bset_saved": ("Đã lưu bộ ranh giới {id} ({features} đơn vị); bản đồ chưa dùng bộ này. Để dùng: python -m "
                   "dashboard boundaries --activate-version {id}",
                   "Saved the boundary set {id} ({features} units); the map does not use it yet. To use it: "
                   "python -m dashboard boundaries --activate-version {id}"),
    "bset_saved_active": ("Đã lưu bộ ranh giới {id} ({features} đơn vị) và bản đồ dùng bộ này.",
                          "Saved the boundary set {id} ({features} units); the map now uses it."),
    "bset_activated": ("Bản đồ dùng bộ ranh giới {id} (“{label}”, {features} đơn vị, từ tệp {source}).",
                       "The map now uses the boundary set {id} (“{label}”, {features} units, from {source})."),
    "bset_list_header": ("Các bộ ranh giới đã lưu trong {root} (* là bộ đang dùng):",
                         "Boundary sets saved in {root} (* is the one in use):"),
    "bset_list_row": ("{mark} {id} · “{label}” · {features} đơn vị · tệp {source} · {user} · {state}",
                      "{mark} {id} · “{label}” · {features} units · file {source} · {user} · {state}"),
    "bset_state_ok": ("nguyên vẹn", "intact"),
    "bset_state_unchecked": ("chưa có mã kiểm tra (lưu trước khi có kiểm tra)", "no checksum (saved before checks)"),
    "bset_damaged_missing": ("HỎNG: mất tệp communes.gpkg", "DAMAGED: communes.gpkg is missing"),
    "bset_damaged_unreadable": ("HỎNG: không đọc được tệp communes.gpkg (quyền truy cập hoặc lỗi ổ đĩa)",
                                "DAMAGED: communes.gpkg cannot be read (permissions or a disk error)"),
    "bset_active_gone": ("Bộ ranh giới đang kích hoạt {name} không còn thư mục: bản đồ đang hiển thị ranh giới "
                         "mặc định. Chạy --deactivate hoặc kích hoạt bộ khác.",
                         "The active boundary set {name} has no folder any more: the map shows the default "
                         "boundaries. Run --deactivate or activate another set."),
    "bpage_active_damaged": ("Bộ ranh giới đang kích hoạt “{label}” (phiên bản {id}) bị hỏng: bản đồ đang hiển thị "
                             "ranh giới mặc định. Vui lòng chọn bộ khác hoặc dùng tệp mặc định.",
                             "The active boundary set “{label}” (version {id}) is damaged: the map shows the default "
                             "boundaries. Choose another set or use the default file."),
    "bset_damaged_changed": ("HỎNG: tệp communes.gpkg đã bị thay đổi sau khi lưu (mã kiểm tra không khớp)",
                             "DAMAGED: communes.gpkg changed after it was saved (checksum differs)"),
    "bset_list_damaged_active": ("Bộ đang dùng bị hỏng: bản đồ đang hiển thị ranh giới mặc định. Kích hoạt bộ "
                                 "khác (--activate-version MÃ) hoặc quay về tệp mặc định (--deactivate).",
                                 "The set in use is damaged: the map shows the default boundaries. Activate "
                                 "another (--activate-version ID) or go back to the default file (--deactivate)."),
    "bset_deactivated": ("Bản đồ dùng lại tệp ranh giới mặc định {path}; các bộ đã lưu vẫn còn.",
                         "The map uses the default boundary file {path} again; the saved sets remain."),
    "bset_damaged_banner": ("Bộ ranh giới đang kích hoạt ({name}) không đọc được nên bản đồ đang dùng "
                            "ranh giới mặc định.",
                            "The active boundary set ({name}) cannot be read, so the map shows the "
                            "default boundaries."),
    "bset_damaged_staff": ("Cán bộ: kích hoạt bộ khác ở trang Ranh giới, hoặc chạy "
                           "`python -m dashboard boundaries --deactivate`.",
                           "Staff: activate another set on the Boundaries page, or run "
                           "`python -m dashboard boundaries --deactivate`."),
    "bset_list_empty": ("Chưa lưu bộ ranh giới nào trong {root}.", "No boundary set saved in {root} yet."),
    "bset_unknown_version": ("Không có bộ ranh giới “{id}”. Xem danh sách bằng: python -m dashboard boundaries --list",
                             "There is no boundary set “{id}”. List them with: python -m dashboard boundaries --list"),
    "bset_skipped_manifest": ("Bỏ qua thư mục {name}: tệp manifest.json hỏng hoặc không đúng ({detail}).",
                              "Skipped the folder {name}: its manifest.json is damaged or wrong ({detail})."),
    "bset_skipped_data": ("Bỏ qua thư mục {name}: thiếu tệp {detail}.",
                          "Skipped the folder {name}: {detail} is missing."),
    "bset_cli_what": ("Hãy cho tên tệp ranh giới, hoặc --list, --activate-version MÃ, --deactivate (chỉ một).",
                      "Give a boundary file, or --list, --activate-version ID, --deactivate (only one)."),
    "bset_cli_bad_crs": ("Không hiểu hệ tọa độ “{value}”. Viết EPSG:mã (vd. EPSG:32648), tm3:kinh tuyến trục "
                         "VN-2000 (vd. tm3:106, tm3:105.5) hoặc utm:48, utm:49.",
                         "Coordinate system “{value}” not understood. Write EPSG:code (e.g. EPSG:32648), "
                         "tm3:central meridian of VN-2000 (e.g. tm3:106, tm3:105.5) or utm:48, utm:49."),
    "bset_cli_bad_scope": ("Không có đơn vị hành chính nào cho tỉnh “{province}”, huyện “{district}” ({reason}).",
                           "No administrative units for province “{province}”, district “{district}” ({reason})."),
    "bset_cli_no_column": ("Tệp không có cột “{column}”. Các cột có: {columns}.",
                           "The file has no column “{column}”. Its columns: {columns}."),
    "bset_cli_no_key_column": ("Không đoán được cột mã xã hay tên xã. Các cột có: {columns}. Hãy chỉ rõ bằng "
                               "--code-column hoặc --name-column.",
                               "Could not tell the code or name column. Its columns: {columns}. Name one with "
                               "--code-column or --name-column."),
    # end of matching, cleaning, versions, command line
    # the codes of the national 2009 set, for review (geo/boundaries/national.py, dashboard/cli/areas.py)
    "areas_national_missing": ("Không tìm thấy tệp ranh giới xã toàn quốc: {path}. Hãy đặt biến môi trường "
                               "DVK_NATIONAL trỏ tới tệp communes-2009.gpkg (xem README).",
                               "National commune boundary file not found: {path}. Set DVK_NATIONAL to the "
                               "communes-2009.gpkg file (see README)."),
    "areas_summary": ("Bộ ranh giới xã toàn quốc năm 2009 ({path}): {total} vùng; {coded} vùng có mã đơn vị hành "
                      "chính, {uncoded} vùng chưa có mã.",
                      "National 2009 commune set ({path}): {total} polygons; {coded} with an administrative unit "
                      "code, {uncoded} without."),
    "areas_summary_district": ("  {count} vùng khớp theo tên huyện và tên xã.",
                               "  {count} matched by district and commune name."),
    "areas_summary_province": ("  {count} vùng khớp theo tên xã trong tỉnh (đơn vị đã chuyển sang huyện khác), có "
                               "xác nhận về vị trí: {touch} vùng giáp huyện mới, {predecessor} vùng thuộc huyện "
                               "tiền thân của huyện mới.",
                               "  {count} matched by commune name within the province (units that moved district), "
                               "confirmed by location: {touch} touch the new district, {predecessor} lie in a "
                               "predecessor of it."),
    "areas_summary_reason": ("  {count} vùng chưa có mã: {label}.", "  {count} without a code: {label}."),
    "areas_report_written": ("Đã ghi bảng mã của {rows} vùng vào {path} (mỗi vùng một dòng; UTF-8, mở được bằng "
                             "Excel).",
                             "Wrote the codes of {rows} polygons to {path} (one row per polygon; UTF-8, opens in "
                             "Excel)."),
    "areas_unit": ("{name} (mã {code}, {district})", "{name} (code {code}, {district})"),
    "areas_short_province_not_found": ("không tìm thấy tỉnh", "province not found"),
    "areas_short_district_not_found": ("huyện năm 2009 nay không còn tên này", "the 2009 district has another name now"),
    "areas_short_district_ambiguous": ("tên huyện ứng với nhiều huyện", "the district name fits several districts"),
    "areas_short_no_name": ("không có tên xã", "no commune name"),
    "areas_short_commune_unknown": ("huyện không có xã tên này (đã sắp xếp hoặc đổi tên)",
                                    "no unit of this name in the district (merged or renamed)"),
    "areas_short_commune_ambiguous": ("tên ứng với nhiều xã", "the name fits several units"),
    "areas_short_fallback_unconfirmed": ("cùng tên với đơn vị của huyện khác nhưng vị trí không xác nhận",
                                         "same name as a unit of another district, not confirmed by location"),
    "areas_short_code_claimed_twice": ("hai vùng cùng khớp một mã", "two polygons match one code"),
    "areas_reason_province_not_found": ("Tỉnh “{province}” (năm 2009) không có trong danh mục đơn vị hành chính.",
                                        "The province “{province}” (2009) is not in the list of administrative "
                                        "units."),
    "areas_reason_district_not_found": ("Huyện “{district}” (năm 2009) nay không còn tên này, và trong tỉnh không có "
                                        "đúng một đơn vị hành chính cấp xã chưa có vùng mang tên “{name}”.",
                                        "The district “{district}” (2009) has another name now, and the province has "
                                        "no single commune-level unit without a polygon named “{name}”."),
    "areas_reason_district_ambiguous": ("Tên huyện “{district}” (năm 2009) ứng với nhiều huyện hiện nay, và trong "
                                        "tỉnh không có đúng một đơn vị hành chính cấp xã chưa có vùng mang tên "
                                        "“{name}”.",
                                        "The district name “{district}” (2009) fits several districts today, and the "
                                        "province has no single commune-level unit without a polygon named "
                                        "“{name}”."),
    "areas_reason_no_name": ("Vùng không có tên xã.", "The polygon has no commune name."),
    "areas_reason_commune_unknown": ("{district} không có đơn vị hành chính cấp xã nào tên “{name}” (có thể đã được "
                                     "sắp xếp hoặc đổi tên), và trong tỉnh không có đúng một đơn vị chưa có vùng "
                                     "mang tên này.",
                                     "{district} has no commune-level unit named “{name}” (it may have been merged "
                                     "or renamed), and the province has no single unit without a polygon of that "
                                     "name."),
    "areas_reason_commune_ambiguous": ("Tên “{name}” ứng với nhiều đơn vị của huyện: {units}.",
                                       "“{name}” fits several units of the district: {units}."),
    "areas_reason_fallback_unconfirmed": ("Cùng tên với {units}, nhưng vùng này không giáp (trực tiếp hay qua các "
                                          "vùng được gán cùng huyện) vùng nào khớp theo tên với huyện đó, và "
                                          "{district} không phải huyện tiền thân của huyện đó: không gán mã.",
                                          "Same name as {units}, but this polygon does not touch (directly or "
                                          "through polygons given the same district) any polygon matched to that "
                                          "district by name, and {district} is not a predecessor of that district: "
                                          "left without a code."),
    "areas_reason_code_claimed_twice": ("Hai vùng cùng khớp với {units}; không biết vùng nào đúng nên không vùng nào "
                                        "được gán mã.",
                                        "Two polygons match {units}; which one is right is unknown, so neither gets "
                                        "the code."),
    # end of the national set's codes
    # the staff page (dashboard/staff/boundary_page.py)
    "page_boundaries": ("Ranh giới", "Boundaries"),
    "bpage_title": ("Bộ ranh giới xã", "Commune boundary sets"),
    "bpage_active": ("Bản đồ đang dùng bộ ranh giới “{label}” (phiên bản {id}).",
                     "The map draws the boundary set “{label}” (version {id})."),
    "bpage_active_default": ("Bản đồ đang dùng tệp ranh giới mặc định ({name}).",
                             "The map draws the default boundary file ({name})."),
    "bpage_area_note": ("Bạn đang xem {area} từ bộ ranh giới toàn quốc (mục “Khu vực”). Các bộ ranh giới dưới đây "
                        "là của bản đồ mặc định; chọn “Bộ ranh giới mặc định của hệ thống” trong mục “Khu vực” để "
                        "xem.",
                        "You are looking at {area} from the national boundary set (“Area”). The sets below are the "
                        "default map's; choose “The system's default boundary set” under “Area” to see them."),
    "bpage_no_versions": ("Chưa tải lên bộ ranh giới nào.", "No boundary set has been uploaded yet."),
    "bpage_col_active": ("Đang dùng", "In use"),
    "bpage_col_label": ("Tên", "Label"),
    "bpage_col_created": ("Tải lên lúc (giờ Việt Nam)", "Uploaded (Vietnam time)"),
    "bpage_col_source": ("Tệp gốc", "Source file"),
    "bpage_col_features": ("Số đơn vị", "Units"),
    "bpage_col_user": ("Người tải lên", "Uploaded by"),
    "bpage_col_id": ("Phiên bản", "Version"),
    "bpage_pick": ("Chọn phiên bản khác", "Pick another version"),
    "bpage_pick_none": ("— chọn —", "— choose —"),
    "bpage_use": ("Dùng bộ này", "Use this set"),
    "bpage_use_default": ("Dùng tệp mặc định", "Use the default file"),
    "bpage_col_state": ("Tình trạng", "State"),
    "bpage_switched_default": ("Bản đồ đã quay về tệp ranh giới mặc định; các phiên bản đã tải lên vẫn được giữ.",
                               "The map is back on the default boundary file; the uploaded versions are kept."),
    "bpage_switch_failed": ("Không đổi được bộ ranh giới ({reason}).", "Could not switch the boundary set ({reason})."),
    "bpage_load": ("Tải lên bộ ranh giới mới", "Upload a new boundary set"),
    "bpage_help": ("Tệp GeoJSON, GeoPackage, Shapefile nén .zip (kèm .prj, .cpg nếu có) hoặc KML, tối đa {limit} MB. "
                   "Mỗi vùng phải là một xã, phường, thị trấn; có cột mã đơn vị hành chính cấp xã (5 chữ số) hoặc tên xã. Tệp được kiểm "
                   "tra, làm sạch và xem trước; chỉ lưu khi mọi vùng khớp chắc chắn với danh mục.",
                   "GeoJSON, GeoPackage, zipped Shapefile (with its .prj and .cpg if any) or KML, up to {limit} MB. "
                   "Each polygon must be one commune, with a column of 5-digit commune codes or of names. The file "
                   "is checked, cleaned and previewed; it is saved only when every polygon certainly matches the "
                   "unit list."),
    "bpage_file": ("Tệp ranh giới", "Boundary file"),
    "bpage_needs_zone": ("Tệp không có hệ tọa độ (thiếu tệp .prj) mà tọa độ tính bằng mét, có lẽ là VN-2000. Hãy "
                         "chọn múi chiếu; múi có khả năng nhất đứng đầu. Xem bản đồ xem trước để kiểm tra vị trí.",
                         "The file has no coordinate system (no .prj) and its coordinates are metres, probably "
                         "VN-2000. Pick the zone; the likeliest comes first. Check the position on the preview map."),
    "bpage_zone": ("Múi chiếu VN-2000", "VN-2000 zone"),
    "bpage_zone_other": ("Hệ tọa độ khác (gõ vào)…", "Another coordinate system (type it)…"),
    "bpage_crs_text": ("Hệ tọa độ của tệp", "The file's coordinate system"),
    "bpage_crs_help": ("Ví dụ: tm3:105.5 (VN-2000 múi 3° kinh tuyến trục 105°30'), utm:48 (VN-2000 UTM 48), "
                       "EPSG:32648.",
                       "For example: tm3:105.5 (VN-2000 3° zone, central meridian 105°30'), utm:48 (VN-2000 UTM "
                       "48), EPSG:32648."),
    "bpage_column_code": ("Cột mã xã", "Code column"),
    "bpage_column_name": ("Cột tên xã", "Name column"),
    "bpage_column_population": ("Cột dân số", "Population column"),
    "bpage_column_none": ("(không có)", "(none)"),
    "bpage_need_key_column": ("Hãy chọn cột mã xã hoặc cột tên xã.", "Choose the code column or the name column."),
    "bpage_checking": ("Đang đối chiếu và làm sạch ranh giới…", "Matching and cleaning the boundaries…"),
    "bpage_count_matched": ("Khớp", "Matched"),
    "bpage_count_unmatched": ("Không tìm thấy", "Not found"),
    "bpage_count_ambiguous": ("Chưa rõ", "Ambiguous"),
    "bpage_count_duplicate": ("Trùng", "Duplicates"),
    "bpage_count_bad_code": ("Mã sai", "Bad codes"),
    "bpage_preview": ("Xem trước", "Preview"),
    "bpage_preview_unmatched": ("Vùng chưa khớp đơn vị nào (xem báo cáo ở trên)",
                                "Polygon not matched to a unit (see the report above)"),
    "bpage_preview_legend": ("Xanh lam: vùng khớp với một đơn vị (đã làm sạch, đơn giản hóa để hiển thị); đỏ: "
                             "vùng chưa khớp. Nền xám: các huyện xung quanh của bản đồ hiện tại.",
                             "Blue: polygons matched to a unit (cleaned, simplified for display); red: not matched. "
                             "Grey background: the current map's surroundings."),
    "bpage_label": ("Tên phiên bản", "Version label"),
    "bpage_activate": ("Dùng ngay bộ này trên bản đồ", "Show this set on the map at once"),
    "bpage_save": ("Lưu thành phiên bản mới", "Save as a new version"),
    "bpage_saved": ("Đã lưu phiên bản {id} ({features} đơn vị); bản đồ vẫn dùng bộ cũ cho đến khi chọn bộ này.",
                    "Saved version {id} ({features} units); the map keeps the current set until you pick this one."),
    "bpage_save_failed": ("Không lưu được ({reason}); không có gì thay đổi.", "Could not save ({reason}); nothing changed."),
}
