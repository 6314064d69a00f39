"""Issue 13's clerk's day, walked in Chromium at 1440 x 1000, timed, with a screenshot of every step.

    python -m tests.benchmarks.clerk_walk                    # screenshots in cache/clerk-walk/
    python -m tests.benchmarks.clerk_walk --out /tmp/walk

Starts the app on a free port with one staff account and a fresh SQLite store holding the demo
records (stopped at the end whatever happens), warms it (`python -m dashboard warm`), then, as the
district clerk: signs in, downloads the template, uploads a commune's report (letterhead, merged
headers, old names such as "Thắng Quân" and "Quí Quân"), reads the preview and writes it; uploads a
file with errors and takes back the checked file with its "Lý do" column; uploads the first report
again (nothing added); opens the map (at its top, the new total); copies the share link; rolls the
batch back in the history. Prints the time of each step, and from sign-in to the link in hand.
Not a test: a walk to look at (the tests check each behaviour on its own).
"""
from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.staff import passwords  # noqa: E402
from tests.benchmarks import browser_bench_support as bs  # noqa: E402
from tests.intake.builders import report_workbook, simple_xlsx  # noqa: E402

USER, PASSWORD = "lan", "mật khẩu đi bộ 13"
WITH_ERRORS = [[1, "Mô hình A", "Kinh tế", "Xã Đội Binh xx", "", 2022, "", ""],
               [2, "Mô hình B", "Khác", "Xã Nhữ Hán", "", 2031, "", ""],
               [3, "Mô hình C", "Kinh tế", "Lực Hành", "", 2022, "", ""]]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
expect.set_options(timeout=60_000)  # a step waits as long as the app takes; the clock says how long


class Walk:
    """The clerk's page, the steps' clock and the screenshots."""

    def __init__(self, page, out: Path):
        self.page, self.out, self.times = page, out, []
        self.started = time.monotonic()
        self.sidebar = page.get_by_test_id("stSidebar")
        self.main = page.get_by_test_id("stMain")

    def step(self, name: str) -> None:
        """Close a step: its time, and a screenshot of the screen as the clerk sees it."""
        now = time.monotonic()
        self.times.append((name, now - self.started))
        self.page.screenshot(path=str(self.out / f"{len(self.times):02d}-{name}.png"))

    def upload(self, name: str, data: bytes) -> None:
        self.page.locator("input[type=file]").set_input_files(files=[{"name": name, "mimeType": XLSX, "buffer": data}])

    def total(self) -> str:
        return self.page.get_by_test_id("stMetric").first.get_by_test_id("stMetricValue").inner_text()


def walk(base: str, out: Path) -> list[tuple[str, float]]:
    with sync_playwright() as playwright:
        browser = bs.launch(playwright)
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN", accept_downloads=True)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(base)
        walker = Walk(page, out)
        expect(walker.page.get_by_test_id("stMetric").first).to_be_visible()
        before = walker.total()
        walker.started = time.monotonic()

        walker.sidebar.get_by_text("Đăng nhập cán bộ").click()
        walker.sidebar.get_by_label("Tên đăng nhập").fill(USER)
        walker.sidebar.get_by_label("Mật khẩu").fill(PASSWORD)
        walker.sidebar.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_text("Đã đăng nhập với tài khoản", exact=False)).to_be_visible()
        walker.step("signed-in")

        walker.main.get_by_role("button", name="Nhập dữ liệu").click()
        with page.expect_download() as template:
            page.get_by_role("button", name="Tải về tệp mẫu (.xlsx)").click()
        assert openpyxl.load_workbook(io.BytesIO(Path(template.value.path()).read_bytes())).sheetnames
        walker.step("template")

        walker.upload("bao-cao-xa.xlsx", report_workbook())
        write = page.get_by_role("button", name="Ghi vào cơ sở dữ liệu")
        expect(write).to_be_enabled()
        walker.step("preview")
        write.click()
        expect(page.get_by_text("Đã ghi đợt nhập", exact=False)).to_be_visible()
        walker.step("written")

        walker.upload("bao-cao-loi.xlsx", simple_xlsx(WITH_ERRORS))
        expect(page.get_by_text("Lý do từng dòng", exact=False)).to_be_visible()
        walker.step("errors")
        with page.expect_download() as checked:
            page.get_by_role("button", name="Tải về tệp đã kiểm tra", exact=False).click()
        sheet = openpyxl.load_workbook(io.BytesIO(Path(checked.value.path()).read_bytes())).active
        assert "Lý do" in [cell.value for row in sheet.iter_rows(max_row=3) for cell in row]
        walker.step("checked-file")

        walker.upload("bao-cao-xa.xlsx", report_workbook())
        expect(page.get_by_text(re.compile("đã được nhập trước đó|Không có dòng mới")).first).to_be_visible()
        walker.step("again")

        walker.sidebar.get_by_text("Bản đồ", exact=True).click()
        page.frame_locator('iframe[title*="mapcomponent"]').locator("path.leaflet-interactive").first.wait_for()
        expect(page.get_by_test_id("stMetric").first.get_by_test_id("stMetricValue")).not_to_have_text(before)
        assert page.get_by_test_id("stMain").evaluate("main => main.scrollTop") == 0
        walker.step("map")

        box = walker.sidebar.locator(".share-link")
        box.get_by_role("button", name="Sao chép").click()
        expect(box.get_by_role("button")).to_have_text("Đã sao chép đường dẫn")
        link = page.evaluate("navigator.clipboard.readText()")
        assert link.startswith(base)
        walker.step("link-in-hand")

        walker.sidebar.get_by_text("Lịch sử nhập", exact=True).click()
        page.get_by_role("button", name="Hoàn tác").first.click()
        page.get_by_role("button", name="Xác nhận hoàn tác").click()
        expect(page.get_by_text("Đã hoàn tác", exact=False).first).to_be_visible()
        walker.step("rolled-back")
        walker.sidebar.get_by_text("Bản đồ", exact=True).click()
        expect(page.get_by_test_id("stMetric").first.get_by_test_id("stMetricValue")).to_have_text(before)
        walker.step("map-again")
        browser.close()
        return walker.times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "cache" / "clerk-walk")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    bs.require_chromium()
    folder = Path(tempfile.mkdtemp(prefix="clerk-walk-"))
    env = {"DVK_STAFF": f"{USER}:{passwords.hash_password(PASSWORD)}", "DATABASE_URL": f"sqlite:///{folder}/dvk.sqlite3",
           "DVK_BOUNDARY_SETS": str(folder)}
    with bs.servers(("app", "streamlit_app.py", env, ["--server.scriptHealthCheckEnabled", "true"])) as (app,):
        subprocess.run([sys.executable, "-m", "dashboard", "warm", "--url", app.url], cwd=ROOT, check=True)
        times = walk(app.url, args.out)
    previous = 0.0
    for name, at in times:
        print(f"{name:14} {at - previous:6.1f} s   (at {at:5.1f} s)")
        previous = at
    print(f"sign-in to a link in hand: {dict(times)['link-in-hand']:.1f} s; screenshots in {args.out}")


if __name__ == "__main__":
    main()
