"""Every text the intake can show, Vietnamese first, English second.

Same shape as the dashboard's tables ((vi, en) tuples with {placeholders}):
`dashboard.words.i18n` merges this one into its STRINGS, while `geo` itself
never imports the dashboard. Vietnamese texts are written for office staff:
say what is wrong and what to do in Excel, not how the parser works. No key
is also a dashboard key (tests/intake/test_messages.py, tests/words/test_i18n.py).
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- the whole file cannot be read (IntakeError) ----
    "file_empty": (
        "Tệp trống, không có dữ liệu.",
        "The file is empty."),
    "file_too_large": (
        "Tệp quá lớn ({size_mb} MB). Chỉ nhận tệp tối đa {limit_mb} MB; hãy tách thành nhiều tệp nhỏ hơn.",
        "The file is too large ({size_mb} MB). The limit is {limit_mb} MB; split it into smaller files."),
    "workbook_too_large": (
        "Tệp Excel khi giải nén lớn bất thường ({size_mb} MB, tối đa {limit_mb} MB). Tệp có thể bị hỏng "
        "hoặc chứa rất nhiều ô trống đã định dạng; hãy chép bảng sang một tệp mới rồi thử lại.",
        "The workbook unpacks to an unusually large size ({size_mb} MB, limit {limit_mb} MB). It may be "
        "damaged or hold many formatted empty cells; copy the table into a new file and try again."),
    "unsupported_extension": (
        "Không nhận tệp đuôi “{ext}”. Chỉ nhận tệp Excel (.xlsx, .xls) hoặc CSV (.csv).",
        "Files ending in “{ext}” are not accepted. Only Excel (.xlsx, .xls) or CSV (.csv) files."),
    "not_a_spreadsheet": (
        "Tệp này không phải bảng tính Excel hay CSV (nội dung là: {detected}). Hãy chọn đúng tệp danh sách mô hình.",
        "This file is not an Excel or CSV spreadsheet (its content is: {detected}). Choose the list of models."),
    "encrypted_workbook": (
        "Tệp Excel đang được đặt mật khẩu nên không đọc được. Hãy mở tệp trong Excel, gỡ mật khẩu "
        "(Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại rồi tải lên.",
        "The workbook is password-protected and cannot be read. Open it in Excel, remove the password "
        "(File → Info → Protect Workbook → Encrypt with Password, clear it), save and upload again."),
    "resave_as_xlsx": (
        "Tệp có đuôi Excel nhưng thực chất là {format}. Hãy mở tệp bằng Excel, chọn Lưu Như (Save As) → "
        "Sổ làm việc Excel (.xlsx) rồi tải lên lại.",
        "The file has an Excel name but is really {format}. Open it in Excel, use Save As → "
        "Excel Workbook (.xlsx) and upload again."),
    "corrupt_workbook": (
        "Tệp bị hỏng hoặc không đọc được ({detail}). Hãy mở tệp bằng Excel, lưu lại thành .xlsx rồi thử lại.",
        "The file is damaged or unreadable ({detail}). Open it in Excel, save it as .xlsx and try again."),
    "csv_unreadable": (
        "Không đọc được tệp CSV ({detail}). Hãy mở bằng Excel và lưu lại dạng .xlsx.",
        "The CSV file cannot be read ({detail}). Open it in Excel and save it as .xlsx."),
    "no_header_found": (
        "Không tìm thấy dòng tiêu đề cột. Bảng cần có cột “Tên mô hình” và ít nhất một trong các cột "
        "“Lĩnh vực”, “Năm”, “Xã, phường, thị trấn”, “Đơn vị thực hiện”.",
        "No column header row was found. The table needs a “Tên mô hình” (name) column and at least one of "
        "“Lĩnh vực” (field), “Năm” (year), “Xã, phường, thị trấn” (commune), “Đơn vị thực hiện” (unit)."),
    "no_data_rows": (
        "Tệp có dòng tiêu đề nhưng không có dòng dữ liệu nào.",
        "The file has a header row but no data rows."),
    "too_many_rows": (
        "Tệp có hơn {limit} dòng dữ liệu. Hãy tách thành nhiều tệp nhỏ hơn.",
        "The file has more than {limit} data rows. Split it into smaller files."),
    "intake_failed": (
        "Hệ thống gặp lỗi khi đọc tệp này ({detail}); dữ liệu chưa được ghi. Hãy gửi tệp cho bộ phận kỹ thuật.",
        "The system failed while reading this file ({detail}); nothing was written. Send the file to support."),
    "bad_mapping_override": (
        "Không áp dụng được lựa chọn cột: “{target}” → “{column}”.",
        "This column choice cannot be applied: “{target}” → “{column}”."),
    "mapping_without_name": (
        "Trang tính “{sheet}” chưa có cột tên mô hình; hãy chọn cột chứa tên mô hình, điển hình.",
        "Sheet “{sheet}” has no name column; choose the column that holds the model names."),

    "rows_in_error": (
        "{count} dòng có lỗi; không ghi dòng nào của tệp.",
        "{count} rows in error; nothing of the file was written."),

    # ---- about the file, shown above the rows (Preview.notices, warnings) ----
    "extension_mismatch": (
        "Tệp có đuôi “{ext}” nhưng nội dung là {actual}; đã đọc theo nội dung.",
        "The file ends in “{ext}” but its content is {actual}; it was read by its content."),
    "csv_encoding": (
        "Đã đọc tệp CSV theo bảng mã {encoding}, dấu phân cách “{delimiter}”.",
        "The CSV file was read as {encoding}, separator “{delimiter}”."),
    "mixed_encoding": (
        "{count} dòng của tệp CSV dùng bảng mã khác các dòng còn lại; đã đọc từng dòng theo bảng mã phù hợp. "
        "Hãy kiểm tra lại chữ có dấu.",
        "{count} lines of the CSV file use a different encoding from the rest; each line was read with its "
        "own. Check the accented text."),
    "sheet_no_header": (
        "Bỏ qua trang tính “{sheet}”: không tìm thấy dòng tiêu đề cột.",
        "Sheet “{sheet}” skipped: no column header row found."),
    "sheet_empty": (
        "Trang tính “{sheet}” trống.",
        "Sheet “{sheet}” is empty."),
    "sheet_hidden": (
        "Bỏ qua trang tính ẩn “{sheet}”.",
        "Hidden sheet “{sheet}” skipped."),
    "columns_truncated": (
        "Trang tính “{sheet}” có hơn {limit} cột; chỉ đọc {limit} cột đầu.",
        "Sheet “{sheet}” has more than {limit} columns; only the first {limit} were read."),

    # ---- about one row (Reason) ----
    "missing_name": (
        "Thiếu tên mô hình, điển hình.",
        "The model name is missing."),
    "missing_field": (
        "Thiếu lĩnh vực.",
        "The field is missing."),
    "unknown_field": (
        "Lĩnh vực “{value}” không thuộc 6 lĩnh vực: Kinh tế; Văn hóa – xã hội; Quốc phòng – an ninh; "
        "Xây dựng hệ thống chính trị; Xây dựng nông thôn mới; Khác.",
        "Field “{value}” is not one of the six fields: Kinh tế; Văn hóa – xã hội; Quốc phòng – an ninh; "
        "Xây dựng hệ thống chính trị; Xây dựng nông thôn mới; Khác."),
    "field_from_section": (
        "Dòng không ghi lĩnh vực; lấy theo tiêu đề mục “{value}”.",
        "No field on the row; taken from the section heading “{value}”."),
    "commune_from_section": (
        "Dòng không ghi xã; lấy theo tiêu đề mục “{value}”.",
        "No commune on the row; taken from the section heading “{value}”."),
    "missing_year": (
        "Thiếu năm đăng ký.",
        "The registration year is missing."),
    "bad_year": (
        "Năm “{value}” không hợp lệ (cần một năm, ví dụ 2021).",
        "Year “{value}” is not valid (one year expected, e.g. 2021)."),
    "year_out_of_range": (
        "Năm {year} không hợp lệ: năm đăng ký phải từ {min} đến năm hiện tại ({max}).",
        "Year {year} is not allowed: the registration year must be from {min} to the current year ({max})."),
    "year_from_sheet": (
        "Dòng không ghi năm; lấy năm {year} theo tên hoặc tiêu đề của trang tính “{sheet}”.",
        "No year on the row; took {year} from the name or title of sheet “{sheet}”."),
    "missing_commune": (
        "Thiếu xã, phường, thị trấn.",
        "The commune is missing."),
    "unknown_commune": (
        "Không tìm thấy xã, phường, thị trấn “{name}” ({scope}). Tên gần giống: {suggestions}.",
        "Commune “{name}” was not found ({scope}). Closest names: {suggestions}."),
    "ambiguous_commune": (
        "Tên “{name}” khớp nhiều xã, phường, thị trấn: {candidates}. Hãy ghi rõ hơn (kèm “xã”, “phường” "
        "hoặc “thị trấn”, đủ dấu) hoặc ghi mã xã.",
        "“{name}” matches several communes: {candidates}. Write it more precisely (with “xã”, “phường” "
        "or “thị trấn” and full diacritics) or give the commune code."),
    "commune_from_unit": (
        "Không ghi xã; lấy xã “{commune}” theo đơn vị thực hiện “{unit}”.",
        "No commune given; took “{commune}” from the responsible unit “{unit}”."),
    "commune_former_name": (
        "Tên cũ: {old} → {unit} từ {since} (mã {code}); trong tệp ghi “{written}”.",
        "Former name: {old} → {unit} since {since} (code {code}); the file says “{written}”."),
    "commune_recognised": (
        "Đã nhận “{written}” là {unit} (mã {code}).",
        "“{written}” was recognised as {unit} (code {code})."),
    "commune_mismatch": (
        "Mã xã {code} không khớp với tên xã “{name}”.",
        "Commune code {code} does not match the commune name “{name}”."),
    "unknown_kind": (
        "Loại “{value}” không rõ; coi là mô hình.",
        "Kind “{value}” not recognised; taken as a model (mô hình)."),
    "legacy_encoding_converted": (
        "Cột “{column}”: chữ gõ bằng bảng mã {encoding} (“{original}”) đã được chuyển sang Unicode: "
        "“{converted}”. Hãy kiểm tra lại.",
        "Column “{column}”: text typed in {encoding} (“{original}”) was converted to Unicode: "
        "“{converted}”. Please check it."),
    "legacy_encoding_unreadable": (
        "Cột “{column}”: chữ “{value}” có vẻ được gõ bằng phông cũ TCVN3 (ABC) hoặc VNI nhưng không chuyển "
        "đổi chắc chắn được. Hãy chuyển bảng mã sang Unicode (ví dụ Unikey → Công cụ chuyển mã) rồi tải lên lại.",
        "Column “{column}”: the text “{value}” seems to be typed with old TCVN3 (ABC) or VNI fonts but could "
        "not be converted with confidence. Convert it to Unicode (e.g. Unikey's converter) and upload again."),
    "formula_without_value": (
        "Ô {cell} (cột “{column}”) là công thức chưa có kết quả. Hãy mở tệp bằng Excel, lưu lại rồi tải lên.",
        "Cell {cell} (column “{column}”) is a formula without a computed value. Open the file in Excel, "
        "save it and upload again."),
    "formula_error": (
        "Ô {cell} (cột “{column}”) có lỗi công thức {value}.",
        "Cell {cell} (column “{column}”) holds the formula error {value}."),
    "text_too_long": (
        "Cột “{column}” quá dài ({length} ký tự, tối đa {limit}).",
        "Column “{column}” is too long ({length} characters, at most {limit})."),
    "duplicate_in_file": (
        "Trùng với dòng {row} của trang tính “{sheet}” (cùng tên, xã, năm và lĩnh vực); dòng này không được nhập.",
        "Same as row {row} of sheet “{sheet}” (same name, commune, year and field); this row is not imported."),
    "duplicate_existing": (
        "Mô hình này đã có trong dữ liệu (cùng tên, xã, năm và lĩnh vực); dòng này không được nhập.",
        "This model is already recorded (same name, commune, year and field); this row is not imported."),

    # ---- rows skipped on purpose (Preview.skipped) ----
    "skipped_total": ("Dòng tổng cộng", "Total row"),
    "skipped_header": ("Dòng tiêu đề lặp lại", "Repeated header row"),
    "skipped_numbering": ("Dòng đánh số cột", "Column numbering row"),
    "skipped_section": ("Dòng tiêu đề mục", "Section heading row"),
    "skipped_footer": ("Phần ký tên cuối bảng", "Signature block below the table"),

    # ---- labels for the preview screen ----
    "intake_status_ready": ("Sẵn sàng", "Ready"),
    "intake_status_warning": ("Cần xem lại", "To check"),
    "intake_status_error": ("Lỗi – không nhập", "Error – not imported"),
    "intake_target_name": ("Tên mô hình, điển hình", "Name"),
    "intake_target_kind": ("Loại (mô hình/điển hình)", "Kind"),
    "intake_target_field": ("Lĩnh vực", "Field"),
    "intake_target_year": ("Năm", "Year"),
    "intake_target_commune_name": ("Xã, phường, thị trấn", "Commune"),
    "intake_target_commune_code": ("Mã xã", "Commune code"),
    "intake_target_unit": ("Đơn vị thực hiện", "Responsible unit"),
    "intake_target_description": ("Mô tả, nội dung", "Description"),
    "intake_target_result": ("Kết quả", "Result"),
    "intake_target_stt": ("STT", "No."),
    "intake_target_note": ("Ghi chú", "Note"),
}
