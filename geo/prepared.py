"""The whole country, prepared once per version of the national file and kept on disk.

Cleaning the 9,465 coded communes of the country into a coverage and
thinning it takes one to several minutes (geo.dataset.area_map), far too
long for a process start or a leader's click. So it is done once per
version of the national file and stored under the git-ignored `cache/`
folder, in a folder named by a hash of the national file's content and of
how it was prepared (FORMAT, the reform data's version): a new file or a new
preparation is a new folder, and a folder never changes meaning.

    cache/areas/<key>/country-communes.parquet   the map-ready communes (today's names, label points)
                      country-context.parquet    uncoded polygons and province outlines
                      country-units-2025.parquet the 2025 units (absent when they cannot be built)
                      country.json               title, uncoded list, display report, timings (written last)

Files are written into a temporary folder beside it which is then renamed
into place in one step, so a process never reads half a country; two
processes preparing at once wait for the first (a lock file beside the
folder) and, should that fail, still keep one copy. Loading the folder takes
about a second. `python -m dashboard areas --prepare`
builds it ahead of time; the app builds it on first use when it is missing.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

import geopandas as gpd
import pandas as pd

from geo import dataset
from geo.boundaries.national import National, load_national
from geo.places.registry import legacy_units

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "cache" / "areas"  # git-ignored, like everything built from ../shared/data
# Bump when the preparation changes what it stores (cleaning, columns, context): older folders are then
# left alone and a new one is built.
FORMAT = 1
MANIFEST = "country.json"
FILES = {"communes": "country-communes.parquet", "context": "country-context.parquet",
         "units_2025": "country-units-2025.parquet"}


@dataclass(frozen=True)
class Country:
    """The country's map (geo.dataset.AreaMap) and its 2025 units (None when they cannot be built)."""
    area: dataset.AreaMap
    units_2025: gpd.GeoDataFrame | None
    folder: Path | None = None


@dataclass
class Prepared:
    """What `prepare` did: built (and how long each step took) or found, where, and the files' sizes.

    `error` says why a country that was built could not be stored (it is still usable, in memory).
    """
    country: Country
    folder: Path
    built: bool
    seconds: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    error: str | None = None


def key(national_path: Path | str) -> str:
    """The cache folder's name: a hash of the national file's bytes and of how it is prepared (16 hex digits)."""
    digest = hashlib.sha256()
    with open(national_path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    digest.update(f"\0format={FORMAT};reform={_reform_version()}".encode())
    return digest.hexdigest()[:16]


def _reform_version() -> str:
    """The version of the unit lists and crosswalk (vietnamadminunits): today's names and the 2025 units."""
    try:
        return metadata.version("vietnamadminunits")
    except metadata.PackageNotFoundError:
        return "none"


def folder(cache: Path | str, national_path: Path | str) -> Path:
    """Where the country of this national file is (or will be) kept."""
    return Path(cache) / key(national_path)


def is_prepared(where: Path) -> bool:
    """Whether the folder holds a complete country (its manifest is written last)."""
    return (where / MANIFEST).is_file()


def build(national: National) -> tuple[Country, dict[str, float]]:
    """Assemble the country from the coded national set (the slow part), with the seconds of each step."""
    seconds = {}
    start = time.perf_counter()
    area = dataset.area_map(national, None, None)
    seconds["communes"] = time.perf_counter() - start
    start = time.perf_counter()
    units = dataset.dissolved_units(area.communes)
    seconds["units_2025"] = time.perf_counter() - start
    return Country(area, units), seconds


def save(country: Country, where: Path, seconds: dict[str, float] | None = None) -> Path:
    """Write the country into `where` atomically: all files into a temporary folder, then one rename.

    If another process got there first, its copy is kept and this one dropped.
    """
    where.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{where.name}-", dir=where.parent))
    try:
        os.chmod(temp, 0o755)  # mkdtemp makes it private: app processes may run as another user
        frames = {"communes": country.area.communes, "context": country.area.context,
                  "units_2025": country.units_2025}
        for name, frame in frames.items():
            if frame is not None:
                frame.to_parquet(temp / FILES[name], index=False)
        (temp / MANIFEST).write_text(json.dumps(_manifest(country, seconds or {}), ensure_ascii=False, indent=1),
                                     encoding="utf-8")
        _move(temp, where)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return where


def _move(temp: Path, where: Path) -> None:
    """Rename the written folder into place; a complete copy already there (another process's) wins."""
    try:
        os.replace(temp, where)
    except OSError:
        if is_prepared(where):
            return
        shutil.rmtree(where, ignore_errors=True)  # an incomplete leftover (not ours to keep): replaced
        os.replace(temp, where)


def _manifest(country: Country, seconds: dict[str, float]) -> dict:
    """What is not a frame: the title, the uncoded polygons' names and reasons, the display report, timings."""
    area = country.area
    return {"format": FORMAT, "reform": _reform_version(), "title": area.title,
            "uncoded": area.uncoded[["name", "reason"]].astype(str).values.tolist(),
            "display": area.communes.attrs.get("display"), "units_2025": country.units_2025 is not None,
            "seconds": {k: round(v, 1) for k, v in seconds.items()},
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def load(where: Path) -> Country | None:
    """The country kept in `where`, map-ready (spatial indexes built); None when it is not complete."""
    if not is_prepared(where):
        return None
    manifest = json.loads((where / MANIFEST).read_text(encoding="utf-8"))
    communes = _read(where / FILES["communes"])
    communes.attrs = {"display": manifest["display"]} if manifest["display"] else {}
    units = None
    if manifest["units_2025"]:
        units = _read(where / FILES["units_2025"])
        units["members"] = [tuple(m) for m in units["members"]]
    uncoded = pd.DataFrame(manifest["uncoded"], columns=["name", "reason"])
    area = dataset.AreaMap(communes, gpd.read_parquet(where / FILES["context"]), manifest["title"], uncoded,
                           frozenset(u.code for u in legacy_units()))
    return Country(area, units, where)


def _read(path: Path) -> gpd.GeoDataFrame:
    """A stored unit frame as it was built: codes as Python strings, spatial index ready for clicks."""
    frame = gpd.read_parquet(path)
    frame["code"] = frame["code"].astype(object)
    frame.sindex
    return frame


def prepare(national_path: Path | str, cache: Path | str | None = None,
            loader: Callable[[Path | str], National] = load_national) -> Prepared:
    """The country of this national file: loaded from the cache (default CACHE), else built and stored.

    `loader` reads the national set, only when the country must be built.
    Processes asking at the same time wait for the first one's copy instead
    of each spending minutes on their own.
    """
    where = folder(CACHE if cache is None else cache, national_path)
    with _one_at_a_time(where):
        return _load_or_build(national_path, where, loader)


@contextmanager
def _one_at_a_time(where: Path):
    """An exclusive lock beside the folder (a lock file: released when its holder ends, however it ends).

    Where no lock file can be made (a read-only cache), everyone goes ahead:
    the copies are the same, and `save` keeps the first.
    """
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        lock = open(where.parent / f".{where.name}.lock", "ab")
    except OSError:
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _load_or_build(national_path: Path | str, where: Path, loader) -> Prepared:
    """Read the folder back; if it is missing or damaged, build the country and store it there."""
    start = time.perf_counter()
    try:
        found = load(where)
    except (OSError, ValueError, KeyError):  # a damaged copy (disk full, edited by hand): built again
        shutil.rmtree(where, ignore_errors=True)
        found = None
    if found is not None:
        return Prepared(found, where, False, {"load": time.perf_counter() - start}, sizes(where))
    national = loader(national_path)
    seconds = {"national": time.perf_counter() - start}
    country, steps = build(national)
    seconds |= steps
    start = time.perf_counter()
    try:
        save(country, where, seconds)
    except OSError as exc:  # a read-only or full disk: the country still serves this process
        return Prepared(country, where, True, seconds, error=str(exc))
    seconds["save"] = time.perf_counter() - start
    return Prepared(Country(country.area, country.units_2025, where), where, True, seconds, sizes(where))


def sizes(where: Path) -> dict[str, int]:
    """Bytes of each file in the folder."""
    return {p.name: p.stat().st_size for p in sorted(where.iterdir()) if p.is_file()}
