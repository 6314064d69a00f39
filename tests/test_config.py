"""Settings from the environment (dashboard.config)."""
from pathlib import Path

import pytest

from dashboard.config import NATIONAL, load_config, parse_area


@pytest.mark.parametrize("text, area", [
    ("08/075", ("08", "075")), ("8/75", ("08", "075")), (" 08 ", ("08", None)), ("08/", ("08", None)),
    ("", None), (None, None), ("/", None),
])
def test_area_setting(text, area):
    assert parse_area(text) == area


def test_defaults_and_overrides(tmp_path):
    assert load_config({}).area is None and load_config({}).national == NATIONAL
    config = load_config({"DVK_AREA": "08/076", "DVK_NATIONAL": str(tmp_path / "vn.gpkg"),
                          "DVK_BOUNDARY_SETS": str(tmp_path / "sets")})
    assert config.area == ("08", "076")
    assert config.national == tmp_path / "vn.gpkg" and config.boundary_sets == Path(tmp_path / "sets")


def test_one_scope_and_one_upload_limit():
    """Imports, exports and boundary loads read the district and the size limit from here, once."""
    assert load_config({}).scope == ("08", "075")
    assert load_config({"DVK_AREA": "08/076"}).scope == ("08", "076")
    assert load_config({}).max_upload_bytes == 20 * 2**20
    assert load_config({"DVK_MAX_UPLOAD_MB": "5"}).max_upload_bytes == 5 * 2**20
    for bad in ("", "abc", "0", "-3", "²"):
        assert load_config({"DVK_MAX_UPLOAD_MB": bad}).max_upload_mb == 20


@pytest.mark.parametrize("text, demo", [(None, True), ("", True), ("1", True), ("0", False), ("false", False),
                                        (" NO ", False), ("off", False), ("yes", True)])
def test_the_first_run_choice_demo_or_empty(text, demo):
    env = {} if text is None else {"DVK_DEMO": text}
    assert load_config(env).demo is demo
