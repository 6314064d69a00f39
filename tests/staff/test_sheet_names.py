"""A workbook whose sheet name is Markdown: the import page shows the name as written, never as a link."""
import io
import zipfile

from streamlit.testing.v1 import AppTest

from dashboard.words.markup import plain
from tests.intake.builders import simple_xlsx
from tests.staff.helpers import NEW_ROWS

EVIL = "[Bấm vào đây để xác nhận](https://evil.example/x)"


def _script():
    import os
    from dashboard import url
    from dashboard.staff import imports
    with open(os.environ["DVK_TEST_UPLOAD"], "rb") as f:
        imports.render_preview(url.View(), f.read(), "bao-cao.xlsx")


def renamed(data: bytes, new: str) -> bytes:
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/workbook.xml":
                body = body.replace(b'name="Sheet1"', f'name="{new}"'.encode())
            dst.writestr(item, body)
    return out.getvalue()


def test_a_sheet_name_in_markdown_is_shown_as_written(tmp_path, monkeypatch):
    path = tmp_path / "evil.xlsx"
    path.write_bytes(renamed(simple_xlsx(NEW_ROWS), EVIL))
    monkeypatch.setenv("DVK_TEST_UPLOAD", str(path))
    at = AppTest.from_function(_script, default_timeout=120).run()
    assert not at.exception, at.exception
    labels = [e.label for e in at.expander]
    assert not any(EVIL in label for label in labels), "sheet name reaches an expander label unescaped"
    assert any(plain(EVIL) in label for label in labels)
