"""Words of the staff-only screens and the command line (import, export, editing, sign-in).

Kept apart from the viewer's words (viewer.py) so each file stays readable;
i18n.STRINGS merges this table, so t() finds every key.
"""
MESSAGES: dict[str, tuple[str, str]] = {
    # (Vietnamese, English)
    # command line (dashboard/cli/records.py)
    "cli_file_missing": ("Không đọc được tệp {path}: {reason}", "Cannot read the file {path}: {reason}"),
    "cli_file_rejected": ("Không nhập được tệp {path}: {reason}", "The file {path} cannot be imported: {reason}"),
    "cli_report_file": ("Tệp “{filename}” ({kind})", "File “{filename}” ({kind})"),
    "cli_report_sheet": ("Trang tính “{sheet}”: dòng tiêu đề {header}, {rows} dòng dữ liệu, bỏ qua {skipped} dòng",
                         "Sheet “{sheet}”: header row {header}, {rows} data rows, {skipped} rows skipped"),
    "cli_report_row": ("{sheet} · dòng {row} · {status}", "{sheet} · row {row} · {status}"),
    "cli_summary": ("Tổng {total} dòng: {ready} sẵn sàng, {warning} cần xem lại, {error} lỗi.",
                    "{total} rows: {ready} ready, {warning} to check, {error} in error."),
    "cli_dry_run": ("Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu.",
                    "Dry run (--dry-run): nothing was written to the database."),
    "cli_not_written": ("Có {count} dòng lỗi nên không ghi gì vào cơ sở dữ liệu (hệ thống chỉ ghi khi tất cả các "
                        "dòng đều hợp lệ). Hãy sửa tệp rồi chạy lại.",
                        "{count} rows are in error, so nothing was written to the database (a file is imported "
                        "whole or not at all). Correct the file and run again."),
    "cli_imported": ("Đã ghi đợt nhập số {batch_id}: thêm {added} mô hình, điển hình; bỏ qua {skipped} dòng trùng.",
                     "Imported as batch {batch_id}: {added} models and exemplars added, {skipped} duplicates "
                     "skipped."),
    "cli_already_imported": ("Tệp này đã được ghi ở đợt nhập số {batch_id} ({when}, {user}); không nhập lại, "
                             "không ghi gì thêm.",
                             "This file was already imported as batch {batch_id} ({when}, {user}); nothing "
                             "was added."),
    "cli_store_refused": ("Cơ sở dữ liệu từ chối ghi ({detail}); không có gì được ghi.",
                          "The database refused the write ({detail}); nothing was written."),
    "cli_database_unreachable": ("Không mở được cơ sở dữ liệu {where}: {reason}",
                                 "Cannot open the database {where}: {reason}"),
    "cli_read_only": ("Đang ở chế độ chỉ đọc (DVK_RECORDS={path}): không nhập vào cơ sở dữ liệu. Bỏ biến "
                      "DVK_RECORDS rồi chạy lại.",
                      "Read-only mode (DVK_RECORDS={path}): nothing can be imported. Unset DVK_RECORDS and "
                      "run again."),
    "cli_bad_field": ("Không nhận ra lĩnh vực “{value}”. Các lĩnh vực: {fields}.",
                      "Field “{value}” not recognised. The fields: {fields}."),
    "cli_bad_commune": ("Không nhận ra xã, phường, thị trấn “{value}”. Tên gần giống: {suggestions}.",
                        "Commune “{value}” not recognised. Closest names: {suggestions}."),
    "cli_bad_years": ("Năm đầu {start} lớn hơn năm cuối {end}.", "The first year {start} is after the last {end}."),
    "cli_xlsx_to_terminal": ("Không in tệp .xlsx ra màn hình được; hãy ghi ra tệp bằng --out TÊN_TỆP.xlsx.",
                             "An .xlsx file cannot be printed to the terminal; write it with --out FILE.xlsx."),
    "cli_cannot_write": ("Không ghi được tệp {path}: {reason}", "Cannot write the file {path}: {reason}"),
    "cli_exported": ("Đã ghi {count} mô hình, điển hình vào {path}.", "Wrote {count} models and exemplars to {path}."),
    "cli_template_written": ("Đã ghi tệp mẫu nhập liệu vào {path}.", "Wrote the import template to {path}."),
    # backup and restore (dashboard/cli/backup.py, geo/records/backup.py)
    "cli_backup_done": ("Đã sao lưu vào {path}: {records} mô hình, điển hình, {batches} đợt nhập, {changes} dòng nhật "
                        "ký thay đổi, phiên bản dữ liệu {version} ({size}, {seconds} giây).",
                        "Backed up to {path}: {records} models and exemplars, {batches} import batches, {changes} "
                        "audit rows, data version {version} ({size}, {seconds} s)."),
    "cli_restore_done": ("Đã khôi phục {records} mô hình, điển hình, {batches} đợt nhập và {changes} dòng nhật ký thay "
                         "đổi từ {path} vào {where}; phiên bản dữ liệu nay là {version} ({seconds} giây).",
                         "Restored {records} models and exemplars, {batches} import batches and {changes} audit rows "
                         "from {path} into {where}; the data version is now {version} ({seconds} s)."),
    "cli_migrate_done": ("Đã nâng cấp lược đồ cơ sở dữ liệu {where} từ phiên bản {before} lên {after} ({seconds} "
                         "giây).",
                         "Upgraded the schema of the database {where} from revision {before} to {after} ({seconds} s)."),
    "cli_migrate_current": ("Lược đồ cơ sở dữ liệu {where} đã ở phiên bản mới nhất ({after}); không cần nâng cấp "
                            "({seconds} giây).",
                            "The schema of the database {where} is already at the newest revision ({after}); nothing "
                            "to upgrade ({seconds} s)."),
    "cli_migrate_empty": ("(chưa có bảng)", "(no tables yet)"),
    "database_nothing": ("Không có cơ sở dữ liệu {where} để sao lưu (tệp không tồn tại hoặc không chứa dữ liệu của hệ "
                         "thống); không ghi tệp sao lưu nào.",
                         "There is no database {where} to back up (the file does not exist or holds no records "
                         "store); no backup was written."),
    "backup_exists": ("Tệp {path} đã có; không ghi đè lên bản sao lưu cũ. Hãy chọn tên tệp khác (ví dụ có ngày sao "
                      "lưu trong tên).",
                      "{path} already exists; an earlier backup is never overwritten. Choose another file name "
                      "(e.g. with the date in it)."),
    "backup_unwritable": ("Không ghi được tệp sao lưu {path}: {reason}", "Cannot write the backup file {path}: {reason}"),
    "backup_missing": ("Không đọc được tệp sao lưu {path}: {reason}", "Cannot read the backup file {path}: {reason}"),
    "backup_unreadable": ("Tệp {path} không phải là bản sao lưu dữ liệu của hệ thống này (tạo bằng python -m "
                          "dashboard backup); không khôi phục gì.",
                          "{path} is not a backup of this dashboard's data (made with python -m dashboard backup); "
                          "nothing was restored."),
    "backup_too_new": ("Bản sao lưu {path} do phiên bản mới hơn của hệ thống tạo ra (lược đồ {revision}); cần cập nhật "
                       "hệ thống trước khi khôi phục.",
                       "The backup {path} was made by a newer version of the dashboard (schema {revision}); update "
                       "the dashboard before restoring it."),
    "restore_not_empty": ("Cơ sở dữ liệu {where} đang có dữ liệu ({records} mô hình, điển hình, {batches} đợt nhập, "
                          "{changes} dòng nhật ký thay đổi) nên không khôi phục đè lên; không có gì thay đổi. Nếu thật "
                          "sự muốn thay toàn bộ bằng bản sao lưu, hãy sao lưu dữ liệu hiện có rồi chạy lại với --force.",
                          "The database {where} holds data ({records} models and exemplars, {batches} import batches, "
                          "{changes} audit rows), so nothing was restored over it. To replace all of it with the "
                          "backup, back up the current data first, then run again with --force."),
    # end of command line
    # staff UI
    "page_import": ("Nhập dữ liệu", "Import"),
    "page_batches": ("Lịch sử nhập", "Import history"),
    "staff_only_page": ("Trang “{page}” chỉ dành cho cán bộ đã đăng nhập; đang hiển thị bản đồ.",
                        "The “{page}” page is for signed-in staff only; showing the map instead."),
    "staff_read_only": ("Đang ở chế độ chỉ đọc (biến DVK_RECORDS): không thể nhập, sửa hay hoàn tác dữ liệu.",
                        "Read-only mode (DVK_RECORDS is set): importing, editing and rollback are disabled."),
    "staff_write_failed": ("Không ghi được vào cơ sở dữ liệu: {reason}. Dữ liệu không thay đổi.",
                           "The database refused the change: {reason}. Nothing was changed."),
    "staff_action_needs_sign_in": ("Việc này chỉ dành cho cán bộ đã đăng nhập; dữ liệu không thay đổi.",
                                   "This is for signed-in staff only; nothing was changed."),
    # sign-in
    "auth_title": ("Đăng nhập cán bộ", "Staff sign-in"),
    "auth_username": ("Tên đăng nhập", "User name"),
    "auth_password": ("Mật khẩu", "Password"),
    "auth_sign_in": ("Đăng nhập", "Sign in"),
    "auth_sign_out": ("Đăng xuất", "Sign out"),
    "auth_signed_in_as": ("Đã đăng nhập: **{user}**", "Signed in as **{user}**"),
    "auth_welcome_main": ("Đã đăng nhập với tài khoản **{user}**. Đồng chí có thể nhập dữ liệu từ tệp Excel, "
                          "xem lịch sử các đợt nhập và quản lý ranh giới; các trang này có ở đầu thanh bên trái.",
                          "Signed in as **{user}**. You can now import records from Excel files, see the import "
                          "history and manage boundaries; these pages are at the top of the left sidebar."),
    "auth_welcome": ("Xin chào {user}.", "Welcome, {user}."),
    "auth_not_configured": ("Chưa cấu hình tài khoản cán bộ (xem hướng dẫn cấu hình tài khoản cán bộ trong tệp README).",
                            "No staff accounts are configured (see “Staff accounts” in the README)."),
    "auth_wrong": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."),
    "auth_wrong_wait": ("Sai tên đăng nhập hoặc mật khẩu. Đã sai nhiều lần: hãy đợi {seconds} giây rồi thử lại.",
                        "Wrong user name or password. Too many failures: wait {seconds} seconds before trying again."),
    "auth_wait": ("Đã đăng nhập sai nhiều lần. Hãy đợi {seconds} giây rồi thử lại.",
                  "Too many failed sign-ins. Wait {seconds} seconds before trying again."),
    "cli_warm_done": ("Máy chủ đã sẵn sàng: trang đầu tiên đã được chuẩn bị trong {seconds} giây.",
                      "The server is ready: the first page was prepared in {seconds} s."),
    "cli_warm_failed": ("Không chuẩn bị được trang đầu tiên tại {url} (mã trả về {status}). Hãy xem nhật ký "
                        "của máy chủ; máy chủ cần được chạy bằng `make run` hoặc `python -m dashboard serve` "
                        "(có bật server.scriptHealthCheckEnabled).",
                        "Could not prepare the first page at {url} (status {status}). See the server's log; "
                        "the server must run through `make run` or `python -m dashboard serve` (which turn on "
                        "server.scriptHealthCheckEnabled)."),
    # python -m dashboard handout (dashboard/cli/handout.py)
    "cli_handout_written": ("Đã ghi bản in của màn hình vào {path}.", "Wrote the handout of the view to {path}."),
    "cli_handout_bad_out": ("Tệp bản in phải có đuôi .pdf hoặc .png: {path}",
                            "The handout file must end in .pdf or .png: {path}"),
    "cli_handout_bad_link": ("Đường dẫn không dùng được để lập bản in, vì có {problems}. Hãy sao chép lại đường dẫn "
                             "từ mục “Đường dẫn chia sẻ” của hệ thống.",
                             "The link cannot be used for a handout: it has {problems}. Copy the link again from "
                             "“Share this view” in the dashboard."),
    "auth_cli_new": ("Mật khẩu mới: ", "New password: "),
    "auth_cli_repeat": ("Nhập lại mật khẩu: ", "Repeat the password: "),
    "auth_cli_empty": ("Mật khẩu không được để trống.", "The password cannot be empty."),
    "auth_cli_mismatch": ("Hai lần nhập không khớp.", "The two entries differ."),
    # import page
    "import_title": ("Nhập danh sách mô hình từ tệp Excel hoặc CSV", "Import models from an Excel or CSV file"),
    "import_help": ("Chọn tệp .xlsx, .xls hoặc .csv (tối đa {limit} MB). Hệ thống đọc thử và hiển thị từng dòng; "
                    "chưa có gì được ghi cho tới khi bấm “Ghi vào cơ sở dữ liệu”.",
                    "Choose an .xlsx, .xls or .csv file (at most {limit} MB). The file is read and every row is "
                    "shown; nothing is written until you press “Write to the database”."),
    "import_file": ("Tệp danh sách mô hình", "File with the list of models"),
    "import_template": ("Tải về tệp mẫu (.xlsx)", "Download the template (.xlsx)"),
    "import_template_help": ("Tệp mẫu có sẵn danh sách chọn lĩnh vực và xã, phường, thị trấn.",
                             "The template has drop-down lists for field and commune."),
    "import_reading": ("Đang đọc tệp…", "Reading the file…"),
    "import_file_info": ("Tệp “{name}” ({kind}, {size} KB).", "File “{name}” ({kind}, {size} KB)."),
    "import_notices": ("Lưu ý về tệp:", "About the file:"),
    "import_sheets": ("Các trang tính và cột đã nhận", "Sheets and columns found"),
    "import_sheet": ("Trang tính “{sheet}”", "Sheet “{sheet}”"),
    "import_sheet_used": ("Dòng tiêu đề: {rows} · {data} dòng dữ liệu · {skipped} dòng bỏ qua (tổng, tiêu đề mục, ký tên…)",
                          "Header row: {rows} · {data} data rows · {skipped} rows skipped (totals, headings, signatures…)"),
    "import_sheet_year": ("Năm theo tên/tiêu đề trang tính: {year}", "Year from the sheet name/title: {year}"),
    "import_sheet_no_header": ("không tìm thấy dòng tiêu đề, bỏ qua", "no header row found, skipped"),
    "import_sheet_empty": ("trống", "empty"),
    "import_sheet_hidden": ("trang tính ẩn, bỏ qua", "hidden, skipped"),
    "import_mapping_help": ("Nếu hệ thống nhận sai cột, hãy chọn lại rồi bấm “Áp dụng”.",
                            "If a column was recognised wrongly, choose the right one and press “Apply”."),
    "import_header_row": ("Dòng tiêu đề (số dòng trong Excel)", "Header row (Excel row number)"),
    "import_column_none": ("(không dùng)", "(not used)"),
    "import_apply": ("Áp dụng", "Apply"),
    "import_reset_mapping": ("Bỏ các lựa chọn cột, dùng cột tự nhận", "Drop my column choices, use the detected ones"),
    "import_columns_missing": ("Chưa nhận ra cột: {columns}. Hãy chọn cột ở mục “Chọn lại cột” bên dưới rồi bấm "
                               "“Áp dụng”.",
                               "Columns not recognised: {columns}. Choose them under “Choose the columns” below "
                               "and press “Apply”."),
    "import_columns_found": ("Đã nhận đủ các cột cần thiết; mở mục “Chọn lại cột” nếu cần sửa.",
                             "Every column needed was recognised; open “Choose the columns” to change them."),
    "import_mapping_title": ("Chọn lại cột – trang tính “{sheet}”", "Choose the columns – sheet “{sheet}”"),
    "import_reasons_title": ("Lý do từng dòng", "Reasons, row by row"),
    "import_reason_row": ("Dòng {row}", "Row {row}"),
    "import_reason_no_commune": ("(chưa rõ xã, phường, thị trấn)", "(commune unknown)"),
    "import_reasons_more": ("Chỉ liệt kê {shown} trên {total} dòng; tệp đã kiểm tra (nút tải về ở trên) có lý do "
                            "của mọi dòng.",
                            "Only {shown} of {total} rows are listed; the checked file (download above) has the "
                            "reasons of every row."),
    "import_returned": ("Tải về tệp đã kiểm tra (kèm cột “Lý do”)", "Download the checked file (with a “Reasons” column)"),
    "import_returned_help": ("Tệp đã tải lên, giữ nguyên các trang tính và các cột, thêm cột “Trạng thái” và “Lý do” "
                             "ở từng dòng, để gửi lại cho xã sửa.",
                             "The uploaded file with its sheets and columns as they are, plus a “Status” and a "
                             "“Reasons” column on every row, to send back to the commune for correction."),
    "import_status_skipped": ("Bỏ qua", "Skipped"),
    "import_counts": ("Kết quả đọc thử", "Preview result"),
    "import_count_ready": ("Sẵn sàng", "Ready"),
    "import_count_warning": ("Cần xem lại (vẫn nhập)", "To check (still imported)"),
    "import_count_duplicate": ("Trùng, bỏ qua", "Duplicates, skipped"),
    "import_count_error": ("Lỗi", "Errors"),
    "import_status_duplicate": ("Trùng – bỏ qua", "Duplicate – skipped"),
    "import_show": ("Hiện các dòng", "Show rows"),
    "import_show_all": ("Tất cả", "All"),
    "import_show_problems": ("Lỗi và cần xem lại", "Errors and rows to check"),
    "import_col_sheet": ("Trang tính", "Sheet"),
    "import_col_row": ("Dòng", "Row"),
    "import_col_status": ("Trạng thái", "Status"),
    "import_col_reasons": ("Lý do", "Reasons"),
    "import_commit": ("Ghi vào cơ sở dữ liệu", "Write to the database"),
    "import_commit_ready": ("Sẽ ghi {count} mô hình, điển hình thành một đợt nhập; có thể hoàn tác cả đợt nhập ở "
                            "trang “Lịch sử nhập”.",
                            "{count} models will be written as one batch; the whole batch can be undone on the "
                            "“Import history” page."),
    "import_blocked_errors": ("Chưa ghi được: {count} dòng có lỗi. Hệ thống chỉ ghi khi tất cả các dòng đều hợp "
                              "lệ: hãy sửa tệp (hoặc chọn lại cột) rồi tải lên lại.",
                              "Cannot write yet: {count} rows have errors. Writing is all or nothing: fix the file "
                              "(or the column choices) and upload it again."),
    "import_nothing_new": ("Không có dòng mới nào để ghi (tất cả đều trùng với dữ liệu đã có).",
                           "There is no new row to write (every row is already recorded)."),
    "import_done": ("Đã ghi đợt nhập số {batch} từ tệp “{name}”: thêm {added} mô hình, điển hình; bỏ qua "
                    "{duplicates} dòng trùng.",
                    "Batch {batch} from “{name}” written: {added} models added; {duplicates} duplicate rows skipped."),
    "import_already": ("Tệp “{name}” đã được nhập trước đó (đợt nhập đó vẫn còn hiệu lực); không ghi thêm gì.",
                       "“{name}” was already imported (its batch is still active); nothing was added."),
    "import_failed": ("Không ghi được: {reason}. Dữ liệu không thay đổi.",
                      "Nothing was written: {reason}. The data is unchanged."),
    # import history page: refused uploads and the demo records (issue 13)
    "refused_title": ("Tệp tải lên bị từ chối", "Uploads refused"),
    "refused_col_size": ("Dung lượng (KB)", "Size (KB)"),
    "refused_col_reason": ("Lý do từ chối", "Why it was refused"),
    "batch_demo_file": ("Dữ liệu giả định ({file})", "Illustrative data ({file})"),
    "batch_status_demo_removed": ("Đã xóa", "Removed"),
    "batch_is_demo": ("Đợt nhập {batch_id} là dữ liệu giả định, không hoàn tác được; hãy dùng “Xóa dữ liệu giả "
                      "định”.",
                      "Batch {batch_id} is the illustrative data, which is not undone; use “Remove the "
                      "illustrative data”."),
    "demo_not_found": ("Không còn dữ liệu giả định để xóa.", "There is no illustrative data left to remove."),
    "demo_title": ("Dữ liệu giả định", "Illustrative data"),
    "demo_help": ("Hệ thống được khởi tạo kèm {rows} mô hình, điển hình là dữ liệu giả định ({when}) để minh họa "
                  "cách dùng. Đây không phải đợt nhập của cán bộ nên không có nút hoàn tác; khi đơn vị bắt đầu "
                  "dùng số liệu thực tế, hãy xóa dữ liệu giả định bằng nút dưới đây. Các đợt nhập của cán bộ "
                  "không bị ảnh hưởng.",
                  "The system started with {rows} illustrative models and exemplars ({when}) to show how it "
                  "works. They are not a staff import, so they have no undo button; when the office starts "
                  "with real figures, remove them with the button below. Staff imports are not affected."),
    "demo_remove": ("Xóa dữ liệu giả định", "Remove the illustrative data"),
    "demo_remove_confirm": ("Xóa hẳn {rows} mô hình, điển hình giả định khỏi bản đồ? Việc xóa được ghi vào lịch "
                            "sử thay đổi và không làm lại được trên trang này.",
                            "Remove the {rows} illustrative models and exemplars from the map for good? The "
                            "removal is recorded in the change history and cannot be redone on this page."),
    "demo_remove_yes": ("Xác nhận xóa dữ liệu giả định", "Confirm: remove the illustrative data"),
    "demo_removed": ("Đã xóa dữ liệu giả định: {count} mô hình, điển hình.",
                     "Illustrative data removed: {count} models and exemplars."),
    # import history page
    "batches_title": ("Lịch sử nhập dữ liệu", "Import history"),
    "batches_empty": ("Chưa có đợt nhập nào.", "No import batch yet."),
    "batches_time_note": ("Giờ Việt Nam (UTC+7).", "Vietnam time (UTC+7)."),
    "batch_col_id": ("Đợt nhập", "Batch"),
    "batch_col_when": ("Thời gian", "When"),
    "batch_col_user": ("Người nhập", "By"),
    "batch_col_file": ("Tệp", "File"),
    "batch_col_rows": ("Số mô hình, điển hình đã thêm", "Models and exemplars added"),
    "batch_col_skipped": ("Dòng trùng bỏ qua", "Duplicates skipped"),
    "batch_col_status": ("Trạng thái", "Status"),
    "batch_col_rolled_back": ("Hoàn tác lúc", "Rolled back at"),
    "batch_col_rolled_back_by": ("Người hoàn tác", "Rolled back by"),
    "batch_status_active": ("Còn hiệu lực", "Active"),
    "batch_status_rolled_back": ("Đã hoàn tác", "Rolled back"),
    "batches_rollback_title": ("Hoàn tác một đợt nhập", "Roll back a batch"),
    "batches_rollback_help": ("Khi hoàn tác, các mô hình, điển hình do đợt nhập đó thêm vào (còn trong dữ liệu) "
                              "sẽ bị xóa. Việc hoàn tác cũng được ghi vào lịch sử thay đổi.",
                              "On rollback, the models and exemplars the batch added (those still stored) are "
                              "deleted. The rollback itself is recorded in the change history."),
    "batch_line": ("Đợt nhập {batch} · {file} · {rows} mô hình, điển hình · {when} · {user}",
                   "Batch {batch} · {file} · {rows} models and exemplars · {when} · {user}"),
    "batch_rollback": ("Hoàn tác", "Roll back"),
    "batch_rollback_confirm": ("Hoàn tác đợt nhập {batch} (tệp “{file}”)? {rows} mô hình, điển hình của đợt nhập "
                               "này sẽ bị xóa khỏi dữ liệu.",
                               "Roll back batch {batch} (file “{file}”)? Its {rows} models will be removed."),
    "batch_rollback_yes": ("Xác nhận hoàn tác", "Confirm rollback"),
    "staff_cancel": ("Hủy", "Cancel"),
    "batch_rolled_back": ("Đã hoàn tác đợt nhập {batch}: xóa {count} mô hình, điển hình.", "Batch {batch} rolled back: {count} models and exemplars removed."),
    "batches_more": ("Chỉ hiện {shown} đợt nhập mới nhất còn hiệu lực.", "Only the {shown} newest active batches are shown."),
    # record editing (records page)
    "edit_title": ("Sửa dữ liệu (cán bộ)", "Edit records (staff)"),
    "edit_add": ("Thêm mô hình mới", "Add a model"),
    "edit_add_submit": ("Thêm", "Add"),
    "edit_selected": ("Sửa mô hình đang chọn: {name}", "Edit the selected model: {name}"),
    "edit_pick_hint": ("Chọn một mô hình ở ô “Chi tiết mô hình” phía trên để sửa hoặc xóa.",
                       "Pick a model in “Record detail” above to edit or delete it."),
    "edit_save": ("Lưu thay đổi", "Save changes"),
    "edit_delete": ("Xóa mô hình này", "Delete this model"),
    "edit_delete_confirm": ("Xóa hẳn mô hình “{name}”? Việc xóa được ghi vào lịch sử thay đổi.",
                            "Delete “{name}”? The deletion is recorded in the change history."),
    "edit_delete_yes": ("Xác nhận xóa", "Confirm deletion"),
    "edit_name_missing": ("Hãy nhập tên mô hình, điển hình.", "Enter the model's name."),
    "edit_added": ("Đã thêm mô hình “{name}”.", "Model “{name}” added."),
    "edit_saved": ("Đã lưu thay đổi của “{name}”.", "Changes to “{name}” saved."),
    "edit_unchanged": ("Không có gì thay đổi.", "Nothing was changed."),
    "edit_deleted": ("Đã xóa mô hình “{name}”.", "Model “{name}” deleted."),
    "edit_not_found": ("Mô hình này không còn trong dữ liệu (có thể người khác vừa xóa).",
                       "This model is no longer stored (someone may just have deleted it)."),
    "edit_history": ("Lịch sử thay đổi của mô hình này", "Change history of this model"),
    "history_col_at": ("Thời gian", "When"),
    "history_col_user": ("Người thực hiện", "By"),
    "history_col_action": ("Thao tác", "Action"),
    "history_col_changes": ("Nội dung thay đổi", "What changed"),
    "history_col_source": ("Nguồn", "Source"),
    "action_insert": ("Thêm", "Added"),
    "action_update": ("Sửa", "Edited"),
    "action_delete": ("Xóa", "Deleted"),
    "action_rollback": ("Hoàn tác đợt nhập", "Batch rolled back"),
}
