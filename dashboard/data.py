"""Cached loading of boundaries, context and records for the Streamlit app.

The loaders and the assembly of a dataset are pure and live in geo/
(geo.dataset, geo.boundaries); this edge wraps them in st.cache_resource so a
file is read and prepared once per process, not on every rerun. Geometry is
cached apart from the records, so an import redoes only the join. The cached
objects are shared between sessions and must be treated as read-only.

Records come from the record store (geo/records/store.py; DATABASE_URL or the SQLite
file var/dvk.sqlite3, created and filled with the demo records on first run),
or, when DVK_RECORDS is set, straight from that CSV file (read-only mode).
Other processes write to the same store (the command line, other app
processes behind a proxy), so every run first reads the data's stamp
(records_stamp: the store's data_version, or the CSV's size and time) and the
cached records and datasets are keyed by it: a write anywhere shows on each
process's next run.

The whole country is too slow to prepare per process (minutes of cleaning):
it is kept on disk under cache/areas (geo.prepared), built once per version
of the national file by whichever comes first, `python -m dashboard areas
--prepare` or the first session that asks for it.
"""

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard import state, url
from dashboard.config import Config, load_config
from dashboard.words.i18n import VIETNAM, t
from geo import dataset, prepared
from geo.boundaries import layers, national
from geo.boundaries.sets import BoundarySets, Version, data_damage
from geo.dataset import Dataset
from geo.records import asof as records_asof
from geo.records import store
from geo.records.database import display_url, open_app_store
from geo.records.schema import RecordsError, load_records

LOG = logging.getLogger(__name__)
RETRY_AFTER = 30.0  # s: how long an unreachable store is not asked again for its stamp
MOMENTS_KEPT = 2  # past moments (links as of one) whose records a process keeps at once: each is a copy
DEFAULT_COLUMNS = ("gso_code", "name", "pop_census2009")  # of DVK_BOUNDARIES (../shared/data/yen-son)
SET_COLUMNS = ("code", "name", "population")  # of a saved boundary set (geo/boundaries/sets.py)


@st.cache_resource(show_spinner=False)
def load_communes(path: str, columns: tuple[str, str, str] = DEFAULT_COLUMNS) -> gpd.GeoDataFrame:
    """A boundary file's communes, map-ready; `columns` names its code, name and population columns."""
    return dataset.map_ready(layers.load_communes(path, *columns))


@st.cache_resource(show_spinner=False)
def load_national(path: str) -> national.National:
    """The national commune set with GSO codes matched by name (about 1 s; once per process)."""
    return national.load_national(path)


def area_catalogue(config: Config) -> pd.DataFrame | None:
    """Provinces and districts the national set offers, or None when it is not installed."""
    if not config.national.is_file():
        return None
    try:
        return _catalogue(str(config.national))
    except layers.BoundaryError:
        return None


def area_keys(catalogue: pd.DataFrame | None) -> frozenset:
    """Every (province, district) and (province, None) the national set can show (none without it)."""
    if catalogue is None:
        return frozenset()
    return (frozenset(zip(catalogue["province_code"], catalogue["district_code"]))
            | {(p, None) for p in catalogue["province_code"]})


def default_area(config: Config) -> tuple[str, str | None] | None:
    """The area shown when a link names none: a boundary set staff activated (None) wins over DVK_AREA."""
    return None if usable_version(config)[0] else config.area


def view_context(data: Dataset, pages: tuple[str, ...], areas: frozenset, default: tuple | None,
                 history: bool = False) -> url.Context:
    """What a link's values may be with this data: its years, its units in either system, `pages` and `areas`,
    and whether it may name a past moment (`history`, has_history)."""
    reformed = data.reformed
    return url.Context(years=data_years(data), communes=frozenset(data.communes["code"]),
                       new_communes=frozenset(reformed.communes["code"]) if reformed is not None else frozenset(),
                       pages=pages, areas=areas, default_area=default, history=history)


def link_asof(link: url.Link, config: Config) -> str:
    """The moment a link's records are shown at (url.Link.asof), "" for today's; a moment the records
    cannot go back to (a CSV has no history) is dropped with a notice."""
    asof = link.asof(datetime.now(VIETNAM))
    if asof and not has_history(config):
        link.notices.append(url.Notice("asof_no_history", ()))
        return ""
    return asof


def data_years(data: Dataset) -> tuple[int, int]:
    """The records' first and last year (this year alone when every record was removed)."""
    years = data.records["year"]
    if years.empty:
        return date.today().year, date.today().year
    return int(years.min()), int(years.max())


@st.cache_resource(show_spinner=False)
def _catalogue(path: str) -> pd.DataFrame:
    """Listing the areas walks the whole national set: once per process."""
    return national.areas(load_national(path))


def _frame_key(gdf: gpd.GeoDataFrame) -> tuple:
    """Cache key of a commune set: its codes and extent (hashing the geometry itself is slow)."""
    return tuple(gdf["code"]), tuple(gdf.total_bounds)


@st.cache_resource(show_spinner=False, hash_funcs={gpd.GeoDataFrame: _frame_key})
def load_context(path: str, communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """The context layer is optional: without it the map still works."""
    try:
        return layers.load_context(path, communes).assign(
            geometry=lambda g: g.geometry.simplify(0.001, preserve_topology=True))
    except layers.BoundaryError:
        return None


@st.cache_resource(show_spinner=False)
def open_records_store(database_url: str | None) -> store.Store:
    """The store, migrated and on its very first run filled with the demo records or started empty
    (DVK_DEMO); once per process."""
    return open_app_store(database_url, demo=load_config().demo)


def load_dataset(config: Config, area: tuple[str, str | None] | None = None, asof: str = "") -> Dataset:
    """Boundaries, context and records of the deployment's own boundary set, of an `area`
    (province, district) of the national set, or of the whole country (url.COUNTRY). Records
    come from the store, or from the CSV in read-only mode (DVK_RECORDS), as they are now
    (see records_stamp) or, from the store, as they stood at the moment `asof` (url.asof_value)."""
    csv_path = str(config.records) if config.read_only else None
    now = stamp(config)
    point = _trail_point(config.database_url, now, asof) if asof and not csv_path else None
    source = (csv_path, config.database_url, now, point)
    if area is None:
        version, _ = usable_version(config)
        files = (str(version.path), SET_COLUMNS) if version else (str(config.boundaries), DEFAULT_COLUMNS)
        return _kept(source, _dataset, *files, str(config.context), source, version)
    if area == url.COUNTRY:
        country(config)  # built first if need be, saying so
        return _kept(source, _country_dataset, *country_key(config), source)
    return _kept(source, _area_dataset, str(config.national), area[0], area[1], source)


def stamp(config: Config) -> object:
    """Which state of the configured records this run shows (records_stamp)."""
    return records_stamp(str(config.records) if config.read_only else None, config.database_url)


def country_key(config: Config) -> tuple[str, str, str]:
    """(national file, cache folder, key) of the country's prepared copy; the file is hashed once per version."""
    path = str(config.national)
    try:
        size, mtime = _file_stamp(path)
    except OSError:
        raise layers.BoundaryError("boundary_missing", path=path) from None
    return path, str(prepared.CACHE), _national_key(path, size, mtime)


@st.cache_resource(show_spinner=False, max_entries=4)
def _national_key(path: str, size: int, mtime_ns: int) -> str:
    """The national file's cache key (geo.prepared.key: 20-40 ms of hashing), once per size and time."""
    return prepared.key(path)


def country(config: Config) -> prepared.Country:
    """The whole country, map-ready: from memory, else from cache/areas (about a second), else built.

    Building takes minutes (the app says so while it works) and happens once
    per national file version, whichever process or `python -m dashboard areas
    --prepare` does it first; the copy on disk then serves every process.
    """
    path, cache, key = country_key(config)
    if prepared.is_prepared(Path(cache) / key):
        return _country(path, cache, key)
    with st.spinner(t("area_country_preparing", _lang())):
        return _country(path, cache, key)


@st.cache_resource(show_spinner=False, max_entries=1)
def _country(national_path: str, cache: str, key: str) -> prepared.Country:
    """The country for this `key` (of the national file's content): one copy per process."""
    return prepared.prepare(national_path, cache, loader=lambda path: load_national(str(path))).country


@st.cache_resource(show_spinner=False, max_entries=2)
def _country_dataset(national_path: str, cache: str, key: str, source: tuple) -> Dataset:
    """The country with the records of every legacy unit; `source` as for _records."""
    found = _country(national_path, cache, key)
    return dataset.area_dataset(found.area, _source_records(*source), found.units_2025)


def _lang() -> str:
    """The session's language, or before its first view the link's (for a message shown while loading)."""
    view = st.session_state.get(state.VIEW_KEY)
    return view.lang if view is not None else url.Link({"lang": st.query_params.get_all("lang")}).lang


@dataclass
class _Seen:
    """The stamp this process last read, and until when an unreachable store is not asked again."""
    stamp: object = None
    retry_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


@st.cache_resource(show_spinner=False)
def _seen(csv_path: str | None, database_url: str | None) -> _Seen:
    """One per process and source: what every session of the process last saw."""
    return _Seen()


def records_stamp(csv_path: str | None, database_url: str | None) -> object:
    """Which state of the records this run shows: read once per run (0.4 ms on SQLite, 0.8 on PostgreSQL).

    A new stamp drops the datasets of the old one, so a process holds one
    version of the records, not one per write. When the store cannot be reached
    the last stamp stays (the cached data is shown, as before; None when there
    is none, and loading then says why), and the store is left alone for
    RETRY_AFTER seconds so runs do not each wait for a dead server.
    """
    seen = _seen(csv_path, database_url)
    if time.monotonic() < seen.retry_at:
        return seen.stamp
    try:
        stamp = _file_stamp(csv_path) if csv_path else store.data_version(open_records_store(database_url))
    except (sa.exc.SQLAlchemyError, RecordsError, OSError):
        seen.retry_at = time.monotonic() + RETRY_AFTER
        return seen.stamp
    with seen.lock:
        if stamp != seen.stamp:
            seen.stamp = stamp
            _dataset.clear()
            _area_dataset.clear()
            _country_dataset.clear()
            _records_at.clear()
    return stamp


def _file_stamp(path: str) -> tuple[int, int]:
    """A records CSV's version without reading it: its size and modification time."""
    info = Path(path).stat()
    return info.st_size, info.st_mtime_ns


def active_version(config: Config) -> Version | None:
    """The boundary set staff made active (geo/boundaries/sets.py), if any; a damaged one is ignored."""
    try:
        return BoundarySets(config.boundary_sets).active()
    except OSError:
        return None


def usable_version(config: Config) -> tuple[Version | None, str | None]:
    """(the active boundary set if it can be shown, else None; what names the active set that cannot be).

    A set whose folder or file is gone, whose file no longer has its saved checksum or
    cannot be read is not shown: the map falls back to the configured boundaries and the
    app says so (one damaged set must not take the map, the sidebar and sign-in down with
    it). The file is checked once per state (its size and time), not on every run.
    """
    version = active_version(config)
    if version is None:
        return None, _unreadable_active(config)
    if version_damage(version):
        return None, f"“{version.label}”, {version.id}"
    return version, None


def version_damage(version: Version) -> str | None:
    """Why a saved set cannot be shown (a message key), None if it can; the checksum and a read are done
    once per state of its file. An error reading it (a disk that failed for a moment) is not remembered."""
    try:
        size, mtime = _file_stamp(str(version.path))
        return _damage(str(version.path), size, mtime, version.data_sha256)
    except FileNotFoundError:
        return "bset_damaged_missing"
    except OSError:
        return "bset_damaged_unreadable"


def _unreadable_active(config: Config) -> str | None:
    """The id of the active set when its folder cannot be read at all or is gone (no label to give)."""
    try:
        skipped = BoundarySets(config.boundary_sets).damaged_active()
    except OSError:
        return None
    return skipped.name if skipped else None


@st.cache_resource(show_spinner=False, max_entries=64)
def _damage(path: str, size: int, mtime_ns: int, expected_sha256: str) -> str | None:
    """Why a saved set's file cannot be shown (a message key), None if it can: checksum, then a read.
    An OSError is raised, so not cached (version_damage)."""
    problem = data_damage(Path(path), expected_sha256)
    if problem is None:
        try:
            load_communes(path, SET_COLUMNS)
        except layers.BoundaryError as exc:
            problem = exc.key
    if problem:
        LOG.error("active boundary set %s cannot be shown (%s): the configured boundaries are shown", path, problem)
    return problem


def refresh() -> None:
    """Forget the cached records and datasets at once (after this process's own write).

    The next run would see the write through records_stamp anyway; dropping
    them here frees the old copies without waiting for it.
    """
    _records.clear()
    _records_at.clear()
    _dataset.clear()
    _area_dataset.clear()
    _country_dataset.clear()


@st.cache_resource(show_spinner=False, max_entries=64)
def _area_map(national_path: str, province: str, district: str | None) -> dataset.AreaMap:
    """One district or province of the national set, map-ready (seconds for a big province; cached)."""
    return dataset.area_map(load_national(national_path), province, district)


@st.cache_resource(show_spinner=False, max_entries=64)
def _area_dataset(national_path: str, province: str, district: str | None, source: tuple) -> Dataset:
    """An area's map with the records of its units (others are left out); `source` as for _records."""
    area = _area_map(national_path, province, district)
    return dataset.area_dataset(area, _source_records(*source), _new_units(area.communes))


@st.cache_resource(show_spinner=False, max_entries=16)
def _dataset(boundaries_path: str, columns: tuple[str, str, str], context_path: str, source: tuple,
             version: Version | None) -> Dataset:
    """The configured (or staff-loaded `version` of the) boundary set with the records of `source`."""
    communes = load_communes(boundaries_path, columns)
    records = _source_records(*source)
    return dataset.assemble(communes, load_context(context_path, communes), records, _new_units(communes),
                            version=version)


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={gpd.GeoDataFrame: _frame_key})
def _new_units(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """The 2025 units of a commune set, map-ready; cached apart from the records."""
    return dataset.new_units(communes)


def has_history(config: Config) -> bool:
    """Whether the records have a history to show a past moment of: the store's, not a CSV's (read-only mode)."""
    return not config.read_only


def _source_records(csv_path: str | None, database_url: str | None, stamp: object,
                    point: int | None) -> pd.DataFrame:
    """The records of a dataset's `source`: as of `stamp`, or as they stood before the change `point` of the
    store's trail (_trail_point; never given for a CSV)."""
    if point is not None:
        return _records_at(database_url, stamp, point)
    return _records(csv_path, database_url, stamp)


@st.cache_resource(show_spinner=False, max_entries=256)
def _trail_point(database_url: str | None, stamp: object, asof: str) -> int | None:
    """Where the moment `asof` falls in the store's trail (geo.records.asof.first_change_after): the key of
    its records, the same for every moment with no write between them, so a link naming ever other seconds
    costs a look-up, not a rewind. None when nothing changed since: today's records."""
    with _readable(database_url):
        return records_asof.first_change_after(open_records_store(database_url), url.asof_moment(asof))


@st.cache_resource(show_spinner=False, max_entries=MOMENTS_KEPT)
def _records_at(database_url: str | None, stamp: object, point: int) -> pd.DataFrame:
    """The stored records as they stood before the trail's change `point` (geo.records.asof): rewound from
    today's (`stamp`).

    Kept apart from _records, so a room on a link as of the meeting and an office on
    the live records do not evict each other's copy.
    """
    live = _records(None, database_url, stamp)
    with _readable(database_url):
        return records_asof.records_from(open_records_store(database_url), point, live)


@dataclass
class _Moments:
    """The dataset calls made for each past moment's `source` (load_dataset), the oldest moment first."""
    calls: dict[tuple, list[tuple]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


@st.cache_resource(show_spinner=False)
def _moments() -> _Moments:
    """One per process."""
    return _Moments()


def _kept(source: tuple, cached, *args) -> Dataset:
    """`cached(*args)`, a dataset of the records of `source`. Each past moment's datasets hold their own copy
    of the records, so those of the MOMENTS_KEPT latest moments are kept and an older one's dropped: links
    naming ever other moments hold no more copies (today's datasets are cached as before)."""
    if source[-1] is not None:
        moments = _moments()
        with moments.lock:
            calls = moments.calls.pop(source, [])
            moments.calls[source] = calls if (cached, args) in calls else calls + [(cached, args)]
            while len(moments.calls) > MOMENTS_KEPT:
                for func, old in moments.calls.pop(next(iter(moments.calls))):
                    func.clear(*old)
    return cached(*args)


@st.cache_resource(show_spinner=False, max_entries=1)
def _records(csv_path: str | None, database_url: str | None, stamp: object) -> pd.DataFrame:
    """The records of the CSV in read-only mode, else of the store, as of `stamp`.

    Read once per stamp and shared by every area's dataset; one entry, so a
    million records are held once, not once per version or per area.
    """
    return load_records(csv_path) if csv_path else _store_records(database_url)


def _store_records(database_url: str | None) -> pd.DataFrame:
    """The stored records; a database that cannot be reached is a message, not a traceback."""
    with _readable(database_url):
        return store.read_records(open_records_store(database_url))


@contextmanager
def _readable(database_url: str | None) -> Iterator[None]:
    """A store that cannot be read raises RecordsError("records_unreadable"): a message, not a traceback."""
    try:
        yield
    except (sa.exc.SQLAlchemyError, store.StoreError, OSError) as exc:
        raise RecordsError("records_unreadable", path=display_url(database_url),
                           reason=str(exc).splitlines()[0]) from exc
