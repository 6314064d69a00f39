"""Commune boundary sets loaded by staff: which column is which, which feature is which commune, versions.

A district's boundary file names its communes its own way: a code column
(gso_code, MA_XA, maxa, ...) or only names, in any spelling. `suggest_columns`
guesses the columns, `match` ties each feature to a unit of the registry
(geo.places.registry) and reports every feature it cannot tie with certainty: a
name is never turned into a code by guess, and two features claiming one
commune are both refused. Only a set whose matching is accepted should be
saved.

`BoundarySets` keeps every saved set as a version on disk (the app passes
var/boundaries, git-ignored): root/<id>/communes.gpkg plus manifest.json,
and root/active naming the set the app shows. Saving never replaces an
earlier version, so switching back is always possible; writes go to a
temporary folder first and are renamed into place, so a reader never sees
half a version. A folder that is damaged (by hand, a full disk, an attacker)
is skipped and reported, never a crash.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from itertools import count
from pathlib import Path
from typing import Callable, Hashable, Literal, NamedTuple

import geopandas as gpd
import pandas as pd

from geo.boundaries.layers import WGS84, BoundaryError
from geo.places.names import normalize
from geo.places.registry import CommuneRegistry, Unit

Status = Literal["matched", "unmatched", "ambiguous", "duplicate", "bad_code"]
STATUSES: tuple[Status, ...] = ("matched", "unmatched", "ambiguous", "duplicate", "bad_code")
COLUMNS = ["code", "name", "type", "population", "geometry"]

# Column names as offices write them, keyed without case, accents or separators
# ("MA_XA", "Mã xã" -> "maxa"); earlier entries win.
CODE_NAMES = ("gsocode", "maxa", "madvhc", "maxaphuong", "madonvi", "communecode", "wardcode", "code", "ma")
NAME_NAMES = ("tenxa", "name", "ten", "tendvhc", "tenxaphuong", "tendonvi", "commune", "communename",
              "communevn", "ward", "wardname", "xa", "fullname")
POPULATION_NAMES = ("danso", "population", "pop", "sodan", "sonhankhau")


def column_key(column) -> str:
    """"MA_XA", "Mã xã", "ma xa" -> "maxa": how column names are compared."""
    return normalize(str(column), keep_prefix=True).replace(" ", "")


def code_of(value) -> str | None:
    """A 5-digit GSO code from what a file holds: 2533, 2533.0, "02533" -> "02533"; else None.

    Spreadsheet-born files store codes as numbers, dropping the leading zero
    (as geo.boundaries.layers.load_communes accepts them).
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = re.sub(r"\.0+$", "", str(value).strip())
    return text.zfill(5) if re.fullmatch(r"\d{4,5}", text) else None


# --- which column is which ---------------------------------------------------------------------

def suggest_columns(frame: pd.DataFrame) -> dict[str, str | None]:
    """Best guesses for the code, name and population columns (None where nothing fits).

    By name first (the lists above, then names that start with one of them,
    like "pop_census2009"), if the values fit; a code column is also
    recognised by its values alone (every value a distinct 4-5 digit number)
    when no column is named like one.
    """
    columns = list(frame.select_dtypes(exclude="geometry").columns)
    code = _by_name(frame, columns, CODE_NAMES, _mostly_codes)
    name = _by_name(frame, [c for c in columns if c != code], NAME_NAMES, _looks_like_names)
    taken = {code, name}
    population = _by_name(frame, [c for c in columns if c not in taken], POPULATION_NAMES, _looks_numeric)
    if code is None:
        code = next((c for c in columns if c not in taken | {population} and _only_codes(frame[c])), None)
    return {"code": code, "name": name, "population": population}


def _by_name(frame: pd.DataFrame, columns: list, names: tuple[str, ...], fits: Callable) -> str | None:
    """The first column whose key is one of `names` (in their order), else one starting with one."""
    keys = {c: column_key(c) for c in columns}
    for test in (str.__eq__, str.startswith):
        for wanted in names:
            for column, key in keys.items():
                if test(key, wanted) and fits(frame[column]):
                    return column
    return None


def _mostly_codes(values: pd.Series) -> bool:
    """A column named like a code column is one if most values are codes: the rest are reported, not hidden."""
    codes = [code_of(v) for v in values]
    return sum(c is not None for c in codes) > len(codes) / 2


def _only_codes(values: pd.Series) -> bool:
    """A column named otherwise must hold nothing but distinct codes (areas and counts can look alike)."""
    codes = [code_of(v) for v in values]
    return bool(codes) and None not in codes and len(set(codes)) == len(codes)


def _looks_like_names(values: pd.Series) -> bool:
    """Mostly text: a name column, not a code or a number read as text by accident."""
    present = values.dropna()
    return len(present) > 0 and present.map(lambda v: isinstance(v, str)).mean() > 0.9


def _looks_numeric(values: pd.Series) -> bool:
    """Mostly numbers: what a population column holds."""
    return pd.to_numeric(values, errors="coerce").notna().mean() > 0.5


# --- which feature is which commune ------------------------------------------------------------

@dataclass(frozen=True)
class FeatureMatch:
    """One feature of the file and the unit it stands for, if certain.

    unit: the matched unit (also for duplicates: the unit claimed twice);
    suggestions: candidates of an ambiguous name, close spellings of an
    unknown one, or the unit the name column names when the code is unknown;
    name_in_file: the file's name when it names another unit than the code.
    """
    row: Hashable
    value: str
    status: Status
    unit: Unit | None = None
    suggestions: tuple[Unit, ...] = ()
    name_in_file: str | None = None

    @property
    def code(self) -> str | None:
        return self.unit.code if self.unit else None

    @property
    def registry_name(self) -> str | None:
        return self.unit.full_name if self.unit else None


@dataclass(frozen=True)
class Matching:
    """The matching report of one file: every feature, and the units no feature stands for."""
    by: Literal["code", "name"]
    column: str
    features: tuple[FeatureMatch, ...]
    missing: tuple[Unit, ...]

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(f.status for f in self.features)
        return {status: found.get(status, 0) for status in STATUSES}

    @property
    def conflicts(self) -> tuple[FeatureMatch, ...]:
        """Matched by code, but the name column names another unit: worth a look, not an error."""
        return tuple(f for f in self.features if f.name_in_file is not None)

    @property
    def accepted(self) -> bool:
        """Every feature matched exactly one unit of its own: only then may the set be saved."""
        return bool(self.features) and all(f.status == "matched" for f in self.features)

    def summary(self) -> dict:
        """JSON-ready, for a version's manifest."""
        return {"by": self.by, "column": str(self.column), "features": len(self.features), **self.counts,
                "name_conflicts": len(self.conflicts), "missing": [u.code for u in self.missing]}

    def communes(self, gdf: gpd.GeoDataFrame, population_column: str | None = None) -> gpd.GeoDataFrame:
        """The matched features as the app's communes: code, name, type (the registry's), population, geometry."""
        matched = [f for f in self.features if f.status == "matched"]
        rows = [f.row for f in matched]
        population = population_numbers(gdf.loc[rows, population_column]) if population_column else float("nan")
        out = gpd.GeoDataFrame({
            "code": [f.unit.code for f in matched], "name": [f.unit.name for f in matched],
            "type": [f.unit.type for f in matched], "population": population,
        }, geometry=gdf.geometry.loc[rows].to_numpy(), crs=gdf.crs)
        return out.sort_values("code").reset_index(drop=True)


_GROUPED = re.compile(r"\d{1,3}(?:([.,  ])\d{3})(?:\1\d{3})*")  # 12.345 / 12,345 / 12 345


def population_numbers(values: pd.Series):
    """Head counts as numbers. Text columns (every KML attribute is text) write thousands
    the Vietnamese way, "12.345", or the English way, "12,345": both are 12345 people, since
    a population has no fractions. Anything else that is not a number becomes NaN."""
    def one(value):
        if isinstance(value, str):
            text = value.strip()
            return text.translate(str.maketrans("", "", ".,  ")) if _GROUPED.fullmatch(text) else text
        return value
    return pd.to_numeric(values.map(one), errors="coerce").to_numpy(dtype=float)


def match(frame: pd.DataFrame, code_column: str | None = None, name_column: str | None = None,
          registry: CommuneRegistry | None = None, province=None, district=None) -> Matching:
    """Tie each feature to a unit of the registry (limited to province/district), by code if there is one.

    With a code column each code is looked up (the name column, if given, only
    checks it); with names only, each name goes through registry.resolve and
    only a certain match counts.
    """
    if code_column is None and name_column is None:
        raise ValueError("match needs a code column or a name column")
    registry = (registry or CommuneRegistry.legacy()).within(province, district)
    names = frame[name_column] if name_column is not None else pd.Series(None, index=frame.index)
    if code_column is not None:
        found = [_by_code(row, value, names[row], registry) for row, value in frame[code_column].items()]
    else:
        found = [_by_name_only(row, value, registry) for row, value in names.items()]
    found = _mark_duplicates(found)
    seen = {f.code for f in found if f.unit}
    return Matching("code" if code_column is not None else "name", code_column or name_column, tuple(found),
                    tuple(u for u in registry.units if u.code not in seen))


def _text(value) -> str:
    """A cell as text to show and match; empty cells (None, NaN) are "", not "nan"."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def _by_code(row, value, name, registry: CommuneRegistry) -> FeatureMatch:
    """A feature with a code column: the code decides; a name that disagrees is kept to show, not to refuse."""
    code = code_of(value)
    if code is None:
        return FeatureMatch(row, _text(value), "bad_code")
    unit = registry.by_code.get(code)
    said = registry.resolve(name) if _text(name) else None
    if unit is None:
        return FeatureMatch(row, code, "unmatched", suggestions=said.candidates if said else ())
    differs = said is not None and unit not in said.candidates
    return FeatureMatch(row, code, "matched", unit, name_in_file=_text(name) if differs else None)


def _by_name_only(row, value, registry: CommuneRegistry) -> FeatureMatch:
    """A feature with only a name: matched only when the registry is certain, else its candidates to choose from."""
    text = _text(value)
    said = registry.resolve(text)
    if said.status == "matched":
        return FeatureMatch(row, text, "matched", said.candidates[0])
    status = "ambiguous" if said.status == "ambiguous" else "unmatched"
    return FeatureMatch(row, text, status, suggestions=said.candidates)


def _mark_duplicates(found: list[FeatureMatch]) -> list[FeatureMatch]:
    """Two features claiming one unit: neither is accepted (which one is right is for a person to say)."""
    claims = Counter(f.code for f in found if f.status == "matched")
    return [FeatureMatch(f.row, f.value, "duplicate", f.unit, f.suggestions, f.name_in_file)
            if f.status == "matched" and claims[f.code] > 1 else f for f in found]


# --- versions on disk --------------------------------------------------------------------------

ID_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}T\d{6}Z-\d{1,6}")
MANIFEST, DATA, ACTIVE = "manifest.json", "communes.gpkg", "active"
MAX_MANIFEST_BYTES = 1_000_000  # a manifest is a few kB: anything larger is not ours


@dataclass(frozen=True)
class Version:
    """One saved boundary set, as its manifest describes it."""
    id: str
    created: str          # ISO 8601, UTC
    label: str
    source_name: str
    user: str
    features: int
    source_sha256: str
    report: dict = field(default_factory=dict)
    folder: Path = Path()
    active: bool = False
    data_sha256: str = ""  # of communes.gpkg as saved ("" in sets saved before it was recorded)

    @property
    def path(self) -> Path:
        return self.folder / DATA


class Skipped(NamedTuple):
    """A version folder that could not be read: its name, a message key and what was wrong."""
    name: str
    key: str
    detail: str


def _sort_key(version_id: str) -> tuple[str, int]:
    """Ids sort by time, then by their counter as a number ("-10" after "-9")."""
    stamp, number = version_id.rsplit("-", 1)
    return stamp, int(number)


class BoundarySets:
    """The saved boundary sets under `root`, one folder each, and which one is active."""

    def __init__(self, root: Path, now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.root = Path(root)
        self._now = now

    def save(self, communes: gpd.GeoDataFrame, *, label: str, source_name: str, user: str, report: dict,
             source_sha256: str = "", activate: bool = False) -> Version:
        """Write a new version (communes in EPSG:4326 + manifest); activate it only if asked."""
        self.root.mkdir(parents=True, exist_ok=True)
        created = self._now().astimezone(timezone.utc)
        frame = communes[COLUMNS].to_crs(WGS84)
        work = Path(tempfile.mkdtemp(prefix=".saving-", dir=self.root))
        try:
            frame.to_file(work / DATA, layer="communes", driver="GPKG", engine="pyogrio")
            data_sha256 = file_sha256(work / DATA)
            for number in count(1):
                version_id = f"{created:%Y-%m-%dT%H%M%SZ}-{number}"
                version = Version(version_id, created.isoformat(timespec="seconds"), label, source_name, user,
                                  len(frame), source_sha256, report, self.root / version_id,
                                  data_sha256=data_sha256)
                (work / MANIFEST).write_text(json.dumps(_manifest(version), ensure_ascii=False, indent=2),
                                             encoding="utf-8")
                if _claim(work, version.folder):
                    break
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return self.activate(version.id) if activate else version

    def scan(self) -> tuple[list[Version], list[Skipped]]:
        """Every readable version, newest first (with its active flag), and the folders skipped."""
        versions, skipped = [], []
        folders = sorted(self.root.iterdir()) if self.root.is_dir() else []
        for folder in folders:
            if not (folder.is_dir() and ID_PATTERN.fullmatch(folder.name)):
                continue  # temporary folders of a save in progress, the active file
            try:
                versions.append(_load(folder))
            except _Unreadable as exc:
                skipped.append(Skipped(folder.name, exc.key, exc.detail))
        active = self._active_id()
        versions = [replace(v, active=v.id == active) for v in versions]
        return sorted(versions, key=lambda v: _sort_key(v.id), reverse=True), skipped

    def versions(self) -> list[Version]:
        return self.scan()[0]

    def active(self) -> Version | None:
        """The version the app should show, None if none was activated (or it is gone or damaged)."""
        return next((v for v in self.versions() if v.active), None)

    def damaged_active(self) -> Skipped | None:
        """The folder the active file names, when it cannot be read (its data deleted, its manifest broken):
        the app then shows the configured file and must say why."""
        active = self._active_id()
        if not active:
            return None
        skipped = next((s for s in self.scan()[1] if s.name == active), None)
        if skipped is None and not (self.root / active).is_dir():
            skipped = Skipped(active, "bset_active_gone", "")  # the whole folder deleted
        return skipped

    def activate(self, version_id: str) -> Version:
        """Make a saved version the active one; the file is replaced atomically, earlier versions stay."""
        version = self.get(version_id)
        damage = self.damage(version)
        if damage:
            raise BoundaryError(damage, name=version_id, detail="")
        handle, temporary = tempfile.mkstemp(prefix=".active-", dir=self.root)
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(version.id)
        os.replace(temporary, self.root / ACTIVE)
        return replace(version, active=True)

    def deactivate(self) -> None:
        """Back to the app's configured boundary file; every saved version stays."""
        (self.root / ACTIVE).unlink(missing_ok=True)

    def get(self, version_id: str) -> Version:
        """One readable version by id; BoundaryError("bset_unknown_version") otherwise."""
        folder = self.root / version_id
        if not ID_PATTERN.fullmatch(str(version_id)) or not folder.is_dir():
            raise BoundaryError("bset_unknown_version", id=str(version_id))
        try:
            version = _load(folder)
        except _Unreadable as exc:
            raise BoundaryError(exc.key, name=version_id, detail=exc.detail) from None
        return replace(version, active=version.id == self._active_id())

    def damage(self, version: Version) -> str | None:
        """Why a saved version's data cannot be trusted (a message key), None if it is as saved.

        A set whose file was truncated, edited or replaced after saving no longer has the
        checksum its manifest recorded; a set saved before checksums were kept is only
        checked for its file.
        """
        try:
            return data_damage(version.path, version.data_sha256)
        except OSError:
            return "bset_damaged_unreadable"

    def path(self, version_id: str) -> Path:
        """The communes.gpkg of a readable version."""
        return self.get(version_id).path

    def _active_id(self) -> str | None:
        """The id the active file names, if it looks like one of ours (the file may be damaged or planted)."""
        try:
            text = (self.root / ACTIVE).read_text(encoding="ascii", errors="replace")[:100].strip()
        except OSError:
            return None
        return text if ID_PATTERN.fullmatch(text) else None


def data_damage(path: Path, expected_sha256: str) -> str | None:
    """"bset_damaged_missing", "bset_damaged_changed" (not the checksum saved) or None (as saved, or
    saved without a checksum). Other errors reading it (permissions, a failing disk) are raised."""
    try:
        actual = file_sha256(path)
    except FileNotFoundError:
        return "bset_damaged_missing"
    return "bset_damaged_changed" if expected_sha256 and actual != expected_sha256 else None


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file, read in blocks (a national set is tens of MB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(version: Version) -> dict:
    """What manifest.json holds: every field of the version but its folder (which moves with it)."""
    return {"id": version.id, "created": version.created, "label": version.label,
            "source_name": version.source_name, "user": version.user, "features": version.features,
            "source_sha256": version.source_sha256, "report": version.report, "data_sha256": version.data_sha256}


def _claim(work: Path, target: Path) -> bool:
    """Rename the finished folder into place; False if another save took that id first."""
    try:
        os.rename(work, target)
    except OSError as exc:
        if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
            return False
        raise
    return True


class _Unreadable(Exception):
    """A folder that is not a version we wrote: skipped with this key and detail, never a crash."""

    def __init__(self, key: str, detail: str):
        super().__init__(detail)
        self.key, self.detail = key, detail


# Manifest field -> the type it must have; anything else means the folder is not a version we wrote.
_FIELDS = {"id": str, "created": str, "label": str, "source_name": str, "user": str, "features": int,
           "source_sha256": str, "report": dict}


def _load(folder: Path) -> Version:
    """Read and check one version folder; _Unreadable says why it cannot be used."""
    try:
        with (folder / MANIFEST).open("rb") as handle:
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
        if len(raw) > MAX_MANIFEST_BYTES:
            raise ValueError("manifest too large")
        manifest = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise _Unreadable("bset_skipped_manifest", str(exc)[:200]) from None
    if not isinstance(manifest, dict):
        raise _Unreadable("bset_skipped_manifest", "not a JSON object")
    for name, kind in _FIELDS.items():
        value = manifest.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _Unreadable("bset_skipped_manifest", f"field {name!r} missing or not {kind.__name__}")
    if manifest["id"] != folder.name:
        raise _Unreadable("bset_skipped_manifest", "id differs from the folder name")
    if not (folder / DATA).is_file():
        raise _Unreadable("bset_skipped_data", DATA)
    checksum = manifest.get("data_sha256", "")
    if not (isinstance(checksum, str) and re.fullmatch(r"[0-9a-f]{64}|", checksum)):
        raise _Unreadable("bset_skipped_manifest", "field 'data_sha256' not a SHA-256")
    return Version(**{name: manifest[name] for name in _FIELDS}, folder=folder, data_sha256=checksum)
