"""VN-2000 coordinate reference systems, and a guess for files that lost theirs.

Vietnamese cadastral and administrative boundary files are usually in VN-2000:
either national UTM (zones 48N/49N) or the provincial TM-3 zones of Circular
973/2001/TT-TCĐC (Transverse Mercator, k = 0.9999, false easting 500 000 m,
one central meridian per province). Shapefiles often arrive without their
`.prj`; reading such metres as degrees would put the map somewhere off Africa,
and picking the wrong meridian shifts it by tens of kilometres. So this module
*suggests* ranked zones for the user to confirm and never picks one silently.

Datum shift. VN-2000 uses the WGS 84 ellipsoid but a local datum; the official
7 parameters (Decision 05/2007/QĐ-BTNMT, EPSG:6960 "VN-2000 to WGS 84 (2)",
accuracy 1 m, all onshore Vietnam) are

    dX=-191.90441429 dY=-39.30318279 dZ=-111.45032835 m,
    rX=-0.00928836 rY=+0.01975479 rZ=-0.00427372 arc-seconds, dS=+0.252906278 ppm

in the *coordinate frame* rotation convention. PROJ's `+towgs84` uses the
*position vector* convention, so the rotations are written with their signs
flipped (TOWGS84 below); pasting the official numbers straight into +towgs84
(as often seen online) rotates the wrong way, an error of about 1 m. We pin
the transformation in every CRS (a BoundCRS) rather than rely on PROJ to
choose, because PROJ also knows EPSG:5194 (a Mekong-delta oil-company fit,
"VN-2000 to WGS 84 (1)") and may pick it by area; the two differ by ~1-2 m.
"""
import re
from typing import NamedTuple, Sequence

import pyproj
from pyproj.crs import BoundCRS, ProjectedCRS
from pyproj.crs.coordinate_operation import (
    ToWGS84Transformation,
    TransverseMercatorConversion,
    UTMConversion,
)

# Official parameters (coordinate frame convention, as published / EPSG:6960).
OFFICIAL_HELMERT_CF = (-191.90441429, -39.30318279, -111.45032835,
                       -0.00928836, 0.01975479, -0.00427372, 0.252906278)
# The same, in the position-vector convention that TOWGS84 / +towgs84 expects.
TOWGS84 = OFFICIAL_HELMERT_CF[:3] + tuple(-r for r in OFFICIAL_HELMERT_CF[3:6]) + OFFICIAL_HELMERT_CF[6:]

VIETNAM_BBOX = (102.1, 8.4, 109.5, 23.4)  # lon_min, lat_min, lon_max, lat_max

# Province -> TM-3 central meridian (degrees), Circular 973/2001/TT-TCĐC, for the
# 63 provinces before the 2025 merger. Cross-checked against the areas of use of
# the EPSG "VN-2000 / TM-3 ..." CRSs (EPSG:5897-5899, 9205-9218).
PROVINCE_MERIDIANS: dict[str, float] = {
    # North-west and north
    "Lai Châu": 103.0, "Điện Biên": 103.0, "Sơn La": 104.0,
    "Lào Cai": 104.75, "Yên Bái": 104.75, "Phú Thọ": 104.75,
    "Hà Giang": 105.5, "Cao Bằng": 105.75, "Tuyên Quang": 106.0, "Hòa Bình": 106.0,
    "Bắc Kạn": 106.5, "Thái Nguyên": 106.5, "Lạng Sơn": 107.25, "Bắc Giang": 107.0,
    "Quảng Ninh": 107.75, "Vĩnh Phúc": 105.0, "Hà Nội": 105.0,
    # Red River delta
    "Bắc Ninh": 105.5, "Hải Dương": 105.5, "Hưng Yên": 105.5, "Hải Phòng": 105.75,
    "Hà Nam": 105.0, "Nam Định": 105.5, "Thái Bình": 105.5, "Ninh Bình": 105.0,
    # North and south central coast, central highlands
    "Thanh Hóa": 105.0, "Nghệ An": 104.75, "Hà Tĩnh": 105.5, "Quảng Bình": 106.0,
    "Quảng Trị": 106.25, "Thừa Thiên Huế": 107.0, "Đà Nẵng": 107.75, "Quảng Nam": 107.75,
    "Quảng Ngãi": 108.0, "Bình Định": 108.25, "Phú Yên": 108.5, "Khánh Hòa": 108.25,
    "Ninh Thuận": 108.25, "Bình Thuận": 108.5, "Kon Tum": 107.5, "Gia Lai": 108.5,
    "Đắk Lắk": 108.5, "Đắk Nông": 108.5, "Lâm Đồng": 107.75,
    # South-east
    "Bình Phước": 106.25, "Bình Dương": 105.75, "Đồng Nai": 107.75, "Tây Ninh": 105.5,
    "Bà Rịa - Vũng Tàu": 107.75, "Hồ Chí Minh": 105.75,
    # Mekong delta
    "Long An": 105.75, "Tiền Giang": 105.75, "Bến Tre": 105.75, "Đồng Tháp": 105.0,
    "Vĩnh Long": 105.5, "Trà Vinh": 105.5, "An Giang": 104.75, "Kiên Giang": 104.5,
    "Cần Thơ": 105.0, "Hậu Giang": 105.0, "Sóc Trăng": 105.5, "Bạc Liêu": 105.0,
    "Cà Mau": 104.5,
}

# EPSG codes of the same TM-3 zones: only used to look up each zone's area of use
# (which provinces use it) when ranking guesses.
_EPSG_TM3 = {103.0: 9205, 104.0: 9206, 104.5: 9207, 104.75: 9208, 105.0: 5897,
             105.5: 9209, 105.75: 9210, 106.0: 9211, 106.25: 9212, 106.5: 9213,
             107.0: 9214, 107.25: 9215, 107.5: 9216, 107.75: 5899, 108.0: 5898,
             108.25: 9217, 108.5: 9218}
_EPSG_UTM = {48: 3405, 49: 3406}

# Plausible VN-2000 metres: UTM 48N/49N eastings over Vietnam stay within about
# 170-830 km (TM-3 ones within ~400-600 km); northings 8.4-23.4 N are 0.93-2.59 Mm.
_EASTING = (150_000.0, 850_000.0)
_NORTHING = (900_000.0, 2_620_000.0)


def _geodetic() -> pyproj.CRS:
    return pyproj.CRS("EPSG:4756")  # VN-2000 geographic (WGS 84 ellipsoid)


def _bound(projected: ProjectedCRS) -> pyproj.CRS:
    """Pin the official datum shift to the CRS so PROJ cannot choose another one."""
    return BoundCRS(source_crs=projected, target_crs="EPSG:4326",
                    transformation=ToWGS84Transformation(projected.geodetic_crs, *TOWGS84))


def dms_label(degrees: float) -> str:
    """106.25 -> "106°15'", the way meridians are written in Vietnamese documents."""
    whole = int(degrees)
    return f"{whole}°{round((degrees - whole) * 60):02d}'"


def vn2000_tm3(central_meridian_deg: float) -> pyproj.CRS:
    """VN-2000 provincial TM-3 zone: k=0.9999, false easting 500 km, official datum shift."""
    projected = ProjectedCRS(
        name=f"VN-2000 / TM-3 {dms_label(central_meridian_deg)}",
        conversion=TransverseMercatorConversion(
            latitude_natural_origin=0, longitude_natural_origin=central_meridian_deg,
            false_easting=500_000, false_northing=0, scale_factor_natural_origin=0.9999),
        geodetic_crs=_geodetic())
    return _bound(projected)


def vn2000_utm(zone: int) -> pyproj.CRS:
    """VN-2000 / UTM zone 48N or 49N (EPSG:3405/3406) with the official datum shift pinned."""
    if zone not in _EPSG_UTM:
        raise ValueError(f"VN-2000 uses UTM zones 48 and 49, not {zone}")
    projected = ProjectedCRS(name=f"VN-2000 / UTM zone {zone}N",
                             conversion=UTMConversion(zone), geodetic_crs=_geodetic())
    return _bound(projected)


class Suggestion(NamedTuple):
    """One zone a file without CRS may be in, for a person to confirm: never applied by itself."""
    label: str            # e.g. "VN-2000 / TM-3 106°00' (Tuyên Quang, Hòa Bình, Quảng Bình)"
    crs: pyproj.CRS
    score: float          # higher is likelier; equal scores mean the file cannot tell them apart
    lonlat: tuple[float, float]  # where the file's centre lands in WGS 84 under this CRS


def looks_projected_vn2000(bounds: Sequence[float]) -> bool:
    """True if (minx, miny, maxx, maxy) are metres that fit VN-2000 UTM/TM-3 over Vietnam."""
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    if not all(abs(v) < float("inf") for v in (minx, miny, maxx, maxy)):
        return False
    return (_EASTING[0] <= minx <= maxx <= _EASTING[1]
            and _NORTHING[0] <= miny <= maxy <= _NORTHING[1])


def _inside(lon: float, lat: float, bbox: Sequence[float] | None) -> bool:
    """Whether a point falls in the district the app shows (no bbox: nothing is inside)."""
    return bbox is not None and bbox[0] <= lon <= bbox[2] and bbox[1] <= lat <= bbox[3]


def _overlap(box: Sequence[float], bbox: Sequence[float] | None) -> float:
    """Share of `box` (lon/lat) lying inside `bbox`: 1.0 all inside, 0.0 none or no bbox."""
    if bbox is None:
        return 0.0
    width = max(min(box[2], bbox[2]) - max(box[0], bbox[0]), 0.0)
    height = max(min(box[3], bbox[3]) - max(box[1], bbox[1]), 0.0)
    area = (box[2] - box[0]) * (box[3] - box[1])
    return width * height / area if area > 0 else float(_inside(box[0], box[1], bbox))


def _area_of_use(epsg: int) -> tuple[float, float, float, float] | None:
    """Where EPSG says a zone is meant to be used: a file landing there is likelier in that zone."""
    area = pyproj.CRS.from_epsg(epsg).area_of_use
    return (area.west, area.south, area.east, area.north) if area else None


def _candidates() -> list[tuple[str, pyproj.CRS, int]]:
    """Every VN-2000 zone a file may be in (label, CRS, EPSG code), labelled with the provinces that use it."""
    out = [(f"VN-2000 / UTM zone {zone}N", vn2000_utm(zone), epsg) for zone, epsg in _EPSG_UTM.items()]
    for meridian, epsg in sorted(_EPSG_TM3.items()):
        provinces = ", ".join(p for p, m in PROVINCE_MERIDIANS.items() if m == meridian)
        out.append((f"VN-2000 / TM-3 {dms_label(meridian)} ({provinces})", vn2000_tm3(meridian), epsg))
    return out


def guess_zone(bounds: Sequence[float], expected_bbox: Sequence[float] | None = None) -> list[Suggestion]:
    """Rank the VN-2000 zones a CRS-less projected file may be in; [] if it doesn't look like VN-2000.

    The centre of `bounds` is moved to WGS 84 under every candidate (UTM 48/49,
    each provincial TM-3 meridian). Score: +1 if it lands in Vietnam, +1 if in
    the area of use of that zone (the provinces that use it), up to +2 for the
    share of the file's reprojected bounds inside `expected_bbox` (lon_min,
    lat_min, lon_max, lat_max of the province or district the app is
    configured for) -- only that last test can really tell neighbouring
    meridians apart, since TM-3 coordinates look alike in every zone. Ties keep a fixed order (UTM first, then meridians west to
    east); the caller must show the list and let the user choose.
    """
    if not looks_projected_vn2000(bounds):
        return []
    x = (float(bounds[0]) + float(bounds[2])) / 2
    y = (float(bounds[1]) + float(bounds[3])) / 2
    ranked = []
    for order, (label, crs, epsg) in enumerate(_candidates()):
        transformer = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        lon, lat = transformer.transform(x, y)
        box = transformer.transform_bounds(*(float(b) for b in bounds))
        score = (_inside(lon, lat, VIETNAM_BBOX) + _inside(lon, lat, _area_of_use(epsg))
                 + 2 * _overlap(box, expected_bbox))
        ranked.append((-score, order, Suggestion(label, crs, float(score), (lon, lat))))
    return [s for *_, s in sorted(ranked, key=lambda r: r[:2])]


_TM3 = re.compile(r"tm3:(\d{2,3}(?:\.\d+)?)")
_UTM = re.compile(r"utm:(\d{2})")


def crs_from_text(text: str) -> pyproj.CRS:
    """A CRS as staff type it: "tm3:106" / "tm3:105.5" (VN-2000 provincial zone), "utm:48"
    (VN-2000 UTM), or anything pyproj reads ("EPSG:9210"). ValueError when it is none of these."""
    value = text.strip().lower()
    try:
        if tm3 := _TM3.fullmatch(value):
            return vn2000_tm3(float(tm3[1]))
        if utm := _UTM.fullmatch(value):
            return vn2000_utm(int(utm[1]))
        return pyproj.CRS.from_user_input(text.strip())
    except pyproj.exceptions.CRSError as exc:
        raise ValueError(f"not a CRS: {text!r}") from exc


def crs_text(crs: pyproj.CRS) -> str:
    """The short text that gives back a VN-2000 zone of this module ("tm3:106", "utm:48")."""
    operation = crs.source_crs.coordinate_operation
    if operation.name.startswith("UTM zone"):
        return "utm:" + re.sub(r"\D", "", operation.name)
    meridian = next(p.value for p in operation.params if p.name == "Longitude of natural origin")
    return f"tm3:{meridian:g}"
