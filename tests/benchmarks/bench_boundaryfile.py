"""Benchmark: reading uploaded boundary files -- placement error and time, per format/CRS case.

    python tests/benchmarks/bench_boundaryfile.py

The Yên Sơn communes (../shared/data/yen-son, read at run time, written only
to a temporary folder) are written in every case the tests cover: GeoPackage
and zipped Shapefile in VN-2000 TM-3 106°00' and UTM 48N, .prj with and
without TOWGS84, no .prj (the first zone suggestion taken, as a user would
confirm it), GeoJSON in metres without "crs", KML. For each: the largest
distance in metres (pyproj.Geod) between a reference vertex and the vertex
read back, and the time of read_boundary_file + to_wgs84 against GDAL's bare
read of the same bytes (best of 5, wall clock). Then all 11,163 communes of
Vietnam (../shared/data/vn-communes-2009) as a Windows-1258 shapefile without
.cpg, to show what encoding detection costs at country scale. Not run by the
test suite.
"""
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from geo.boundaries.file import read_boundary_file, to_wgs84  # noqa: E402
from tests.boundaries.builders import (  # noqa: E402
    cp1258, placement_cases, placement_error, reference, shapefile_parts, yen_son_bbox, zipped)

NATIONAL = ROOT.parent / "shared" / "data" / "vn-communes-2009" / "communes-2009.gpkg"


def best_of(function, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def place(data: bytes, filename: str, pick: str | None) -> gpd.GeoDataFrame:
    raw = read_boundary_file(data, filename, expected_bbox=yen_son_bbox())
    return to_wgs84(raw, raw.suggestions[0].crs if pick else None)


def gdal_only(data: bytes, filename: str, folder: Path) -> None:
    """The least any reader must do: GDAL reading the same bytes from disk (zips through /vsizip/)."""
    path = folder / filename
    path.write_bytes(data)
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            shp = next(name for name in archive.namelist() if name.endswith(".shp"))
        pyogrio.read_dataframe(f"/vsizip/{path}/{shp}")
    else:
        pyogrio.read_dataframe(path)


def yen_son(folder: Path) -> None:
    ref = reference()
    print(f"{'case':<62} {'max error':>10} {'read+place':>11} {'GDAL only':>10}")
    for case, (data, filename, pick) in placement_cases(ref, folder).items():
        error = placement_error(place(data, filename, pick), ref)
        ours = best_of(lambda: place(data, filename, pick))
        bare = best_of(lambda: gdal_only(data, filename, folder))
        print(f"{case:<62} {error:>8.4f} m {ours * 1000:>8.1f} ms {bare * 1000:>7.1f} ms")


def national(folder: Path) -> None:
    if not NATIONAL.is_file():
        print(f"(no {NATIONAL}: country-scale timing skipped)")
        return
    raw = gpd.read_file(NATIONAL)
    names = raw["commune_vn"].fillna("")
    frame = gpd.GeoDataFrame({"name": names, "full_name": "Xã " + names},
                             geometry=raw.geometry, crs=raw.crs)
    data = zipped(shapefile_parts(frame, folder / "national", cp1258))
    read = read_boundary_file(data, "vn.zip")
    seconds = best_of(lambda: read_boundary_file(data, "vn.zip"), repeat=3)
    bare = best_of(lambda: gdal_only(data, "vn.zip", folder), repeat=3)
    print(f"\nVietnam, {len(frame):,} communes, cp1258 .dbf without .cpg ({len(data) / 1e6:.1f} MB zipped): "
          f"detected {read.encoding} {dict(read.notes).get('boundary_encoding_detected')}, "
          f"read {seconds:.2f} s against GDAL only {bare:.2f} s")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        yen_son(Path(folder))
        national(Path(folder))


if __name__ == "__main__":
    main()
