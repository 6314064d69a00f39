"""The map's geometry files as the page hands them to the frame (dashboard/viewer/map_view.py)."""
import geopandas as gpd
import shapely

from dashboard.viewer import map_view
from geo.boundaries.layers import WGS84, label_points
from geo.choropleth import shapes


def test_the_files_are_written_once_per_frame_and_again_when_gone(tmp_path, monkeypatch):
    communes = gpd.GeoDataFrame({"code": ["02431", "02434"], "name": ["A", "B"], "population": [10.0, 20.0]},
                                geometry=[shapely.box(105.2, 21.8, 105.3, 21.9), shapely.box(105.3, 21.8, 105.4, 21.9)],
                                crs=WGS84)
    communes = communes.assign(label=label_points(communes))
    monkeypatch.setattr(map_view, "GEOMETRY_DIR", tmp_path)
    written = []
    monkeypatch.setattr(shapes, "write_map", lambda *a, write=shapes.write_map: written.append(1) or write(*a))
    first = map_view.geometry_files(communes, None)
    assert map_view.geometry_files(communes, None) == first and len(written) == 1  # remembered
    (tmp_path / first[0]).unlink()  # static/ cleared while the server runs
    assert map_view.geometry_files(communes, None) == first and len(written) == 2 and (tmp_path / first[0]).is_file()
