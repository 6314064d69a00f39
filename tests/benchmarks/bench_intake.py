"""Benchmark: previewing an import of N rows, against just reading the cells.

    python tests/benchmarks/bench_intake.py [N_ROWS]

Builds a report-style workbook (title block, merged two-row header, numbering
row, fields/years/communes written many ways, a total row) of 10,000 rows by
default, and the same rows as a UTF-8 CSV, then times preview() on each
(wall clock and CPU of this process: other work on the machine inflates the
first, not the second). The baseline is openpyxl's own read-only reading of
every cell value, the least any .xlsx import must do. Not run by the test suite.
"""
import csv
import io
import sys
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from geo.intake import preview  # noqa: E402
from geo.intake.preview import default_registry  # noqa: E402

YEN_SON = ("08", "075")   # the district the rows name (Config's default scope)
COMMUNES = ["Xã Đội Bình", "Doi Binh", "đội bình", "Thắng Quân", "TT Yên Sơn", "Quí Quân", "Lực Hành",
            "Chiêu Yên", "Kim Quan", "Xã Trung Trực", "Phúc Ninh", "Nhữ Hán"]
FIELDS = ["Kinh tế", "KINH TẾ", "Văn hóa - Xã hội", "VH-XH", "QP-AN", "Quốc phòng, an ninh", "Xây dựng NTM",
          "Nông thôn mới", "XD hệ thống chính trị", "Xây dựng HTCT", "Khác"]
YEARS = [2020, "2021", "Năm 2022", 2021.0, 44300]


def rows(n: int) -> list[list]:
    return [[i + 1, f"Mô hình {['trồng bưởi', 'nuôi ong', 'hiến đất làm đường', 'tổ tự quản'][i % 4]} số {i + 1}",
             FIELDS[i % len(FIELDS)], COMMUNES[i % len(COMMUNES)], f"Chi bộ thôn {i % 17}", YEARS[i % len(YEARS)],
             "Vận động nhân dân cùng làm", "Tăng thu nhập cho các hộ"] for i in range(n)]


def workbook(data: list[list]) -> bytes:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("2021")
    ws.append(["BÁO CÁO DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2021"])
    ws.append([])
    ws.append(["STT", "Tên mô hình, điển hình", "Lĩnh vực", "Địa bàn", None, "Năm đăng ký", "Nội dung", "Kết quả"])
    ws.append([None, None, None, "Xã, thị trấn", "Đơn vị thực hiện"])
    ws.append([f"({i})" for i in range(1, 9)])
    for row in data:
        ws.append(row)
    ws.append(["Tổng cộng", None, len(data)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def as_csv(data: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["STT", "Tên mô hình", "Lĩnh vực", "Xã, thị trấn", "Đơn vị thực hiện", "Năm", "Mô tả", "Kết quả"])
    writer.writerows(data)
    return buf.getvalue().encode("utf-8")


def timed(label: str, fn, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    print(f"{label:<52} {time.perf_counter() - wall:7.2f} s wall {time.process_time() - cpu:7.2f} s CPU")
    return result


def read_cells(data: bytes) -> int:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    wb.close()
    return count


def main(n: int) -> None:
    data = rows(n)
    xlsx, text = workbook(data), as_csv(data)
    print(f"{n:,} rows: .xlsx {len(xlsx) / 2**20:.1f} MB, .csv {len(text) / 2**20:.1f} MB")
    default_registry(*YEN_SON)                        # load the unit list once, as a running app has
    timed("baseline: openpyxl read-only, every cell value", read_cells, xlsx)
    for label in ("preview .xlsx (first run)", "preview .xlsx (again, warm caches)"):
        result = timed(label, preview, xlsx, "bench.xlsx", scope=YEN_SON)
    print("   ", result.counts(), "header rows", result.sheets[0].header_rows)
    result = timed("preview .csv", preview, text, "bench.csv", scope=YEN_SON)
    print("   ", result.counts())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
