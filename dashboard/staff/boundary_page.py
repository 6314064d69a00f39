"""Staff page: which boundary set the map draws, and loading a new one.

Upload → (zone, if the file has no CRS) → columns → matching, cleaning and
size report with a preview map → save as a new version (optionally shown at
once). Saved versions stay; any of them, or the configured file, can be made
the one the map draws again. The steps are geo.boundaries.pipeline's, the same as
`python -m dashboard boundaries`, and the size limit is the configured one
(Config.max_upload_mb) the command line uses too. Saving and switching are
guarded callbacks (dashboard.staff.guard). AppTest cannot drive
st.file_uploader, so tests call render_upload (everything below the uploader)
with a file's bytes.
"""
from __future__ import annotations

import hashlib

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard import state, url
from dashboard.config import load_config
from dashboard.data import Dataset, refresh, version_damage
from dashboard.words.boundary_report import report_lines
from dashboard.staff.display import flash, show_flash, upload_limit_mb, vn_time
from dashboard.staff.guard import BOUNDARIES, staff_action
from dashboard.assets import assets_url
from dashboard.words.i18n import number, t
from dashboard.words.markup import plain
from geo.choropleth import drawing as foliummap
from geo.boundaries.layers import BoundaryError
from geo.boundaries.file import RawLayer, read_boundary_file, to_wgs84
from geo.boundaries.pipeline import Prepared, prepare
from geo.boundaries.sets import BoundarySets, suggest_columns
from geo.boundaries.coverage import simplify
from geo.places.registry import CommuneRegistry, scope_label
from geo.boundaries.vn2000 import crs_from_text

TYPES = ["geojson", "json", "gpkg", "zip", "kml", "kmz"]
OTHER_CRS = "other"
CACHE_KEY = "boundary_upload"


def boundaries_page(view: url.View, data: Dataset) -> None:
    """The saved versions and the switch between them, then the upload of a new file."""
    lang = view.lang
    st.subheader(t("bpage_title", lang))
    show_flash()
    sets = BoundarySets(load_config().boundary_sets)
    if view.area is not None:
        st.info(t("bpage_area_note", lang, area=plain(data.title)))
    _versions(sets, data, lang)
    st.markdown(f"#### {t('bpage_load', lang)}")
    st.caption(t("bpage_help", lang, limit=upload_limit_mb()))
    generation = st.session_state.setdefault("boundary_generation", 0)
    upload = st.file_uploader(t("bpage_file", lang), type=TYPES, key=f"boundary_file_{generation}")
    if upload is not None:
        render_upload(view, data, upload.getvalue(), upload.name)


# --- versions ------------------------------------------------------------------------------------

def _versions(sets: BoundarySets, data: Dataset, lang: str) -> None:
    """The saved sets (newest first) and the switch between them and the configured file."""
    versions, skipped = sets.scan()
    active = next((v for v in versions if v.active), None)
    damaged = {v.id: version_damage(v) for v in versions}  # checked once per state of each file
    unreadable_active = sets.damaged_active()  # the active file names a folder that cannot be read
    if active and damaged[active.id]:
        st.warning(plain(t("bpage_active_damaged", lang, label=active.label, id=active.id)))
    else:
        st.markdown(plain(t("bpage_active", lang, label=active.label, id=active.id) if active
                          else t("bpage_active_default", lang, name=load_config().boundaries.name)))
    for folder in skipped:
        st.warning(plain(t(folder.key, lang, name=folder.name, detail=folder.detail)))
    if not versions:
        st.caption(t("bpage_no_versions", lang))
        if unreadable_active:
            st.button(t("bpage_use_default", lang), key="boundary_use_default", on_click=_switch,
                      args=(sets, None, lang))
        return
    st.dataframe(pd.DataFrame({
        t("bpage_col_active", lang): ["✓" if v.active else "" for v in versions],
        t("bpage_col_label", lang): [v.label for v in versions],
        t("bpage_col_created", lang): [vn_time(pd.Timestamp(v.created)) for v in versions],
        t("bpage_col_source", lang): [v.source_name for v in versions],
        t("bpage_col_features", lang): [v.features for v in versions],
        t("bpage_col_user", lang): [v.user for v in versions],
        t("bpage_col_id", lang): [v.id for v in versions],
        t("bpage_col_state", lang): [t(damaged[v.id] or ("bset_state_ok" if v.data_sha256 else "bset_state_unchecked"),
                                       lang) for v in versions],
    }), hide_index=True, width="stretch")
    choices = [""] + [v.id for v in versions if not v.active and not damaged[v.id]]
    labels = {v.id: f"{v.label} · {v.id}" for v in versions}
    pick, use, default = st.columns([3, 1, 1.3], vertical_alignment="bottom")
    chosen = pick.selectbox(t("bpage_pick", lang), choices, key="boundary_pick",
                            format_func=lambda i: labels.get(i, t("bpage_pick_none", lang)))
    use.button(t("bpage_use", lang), key="boundary_use", disabled=not chosen,
               on_click=_switch, args=(sets, chosen, lang))
    default.button(t("bpage_use_default", lang), key="boundary_use_default",
                   disabled=active is None and unreadable_active is None,
                   on_click=_switch, args=(sets, None, lang))


@staff_action(BOUNDARIES)
def _switch(_user: str, sets: BoundarySets, version_id: str | None, lang: str) -> None:
    """Make a version (None: the configured file) the one the map draws (BoundarySets keeps no
    name for a switch, so the signed-in user is not recorded)."""
    try:
        if version_id is None:
            sets.deactivate()
            flash("success", t("bpage_switched_default", lang))
        else:
            version = sets.activate(version_id)
            flash("success", t("bset_activated", lang, id=version.id, label=version.label,
                                features=version.features, source=version.source_name))
    except BoundaryError as exc:
        flash("error", t("bpage_switch_failed", lang, reason=t(exc.key, lang, **exc.values())))
        return
    except OSError as exc:
        flash("error", t("bpage_switch_failed", lang, reason=exc.strerror or type(exc).__name__))
        return
    _map_changed()


def _map_changed() -> None:
    """Reload the map's data; the commune filter and selection are cleared, as the new set may lack their codes."""
    refresh()
    state.set_view(url.with_filter(state.current(), communes=(), selected=None))


# --- a new file ----------------------------------------------------------------------------------

def render_upload(view: url.View, data: Dataset, file_bytes: bytes, filename: str) -> None:
    """Everything below the uploader for one file: zone, columns, report, preview, save."""
    lang = view.lang
    filename = (filename or "upload")[:200]
    raw = _read(file_bytes, filename, data)
    if isinstance(raw, BoundaryError):
        _error(raw, lang)
        return
    st.caption(plain(t("bset_file", lang, filename=filename, format=raw.format, features=len(raw.frame),
                       encoding=raw.encoding or "—")))
    for key, params in raw.notes:
        st.warning(plain(t(key, lang, **params)))
    gdf, crs_text = _in_wgs84(raw, lang)
    if gdf is None:
        return
    columns = _columns(gdf, lang)
    if not (columns["code"] or columns["name"]):
        st.warning(t("bpage_need_key_column", lang))
        return
    registry = _registry()
    prepared = _prepared(gdf, columns, registry, crs_text, lang)
    _report(prepared, scope_label(registry), lang)
    _preview_map(prepared, gdf, data, lang)
    _save_section(prepared, raw, file_bytes, filename, crs_text, lang)


def _read(file_bytes: bytes, filename: str, data: Dataset) -> RawLayer | BoundaryError:
    """The file read once per upload (kept in the session by its sha256): reading a zip is not free."""
    sha = hashlib.sha256(file_bytes).hexdigest()
    cache = st.session_state.get(CACHE_KEY)
    if not cache or cache["sha"] != sha:
        try:
            raw = read_boundary_file(file_bytes, filename, upload_limit_mb() * 2**20,
                                     expected_bbox=tuple(data.registered.communes.total_bounds))
        except BoundaryError as exc:
            raw = exc
        cache = {"sha": sha, "raw": raw, "prepared": {}}
        st.session_state[CACHE_KEY] = cache
    return cache["raw"]


def _error(exc: BoundaryError, lang: str) -> None:
    """A file that cannot be used, said in words (its details may quote the file, so escaped)."""
    st.error(plain(t(exc.key, lang, **exc.values())))


def _in_wgs84(raw: RawLayer, lang: str) -> tuple[gpd.GeoDataFrame | None, str]:
    """The layer in WGS 84 and the name of the CRS the user chose ("": the file's own).

    A file without a CRS in metres is never placed by guess: the user picks
    the zone (the likeliest first) or types a CRS.
    """
    chosen = None
    if raw.crs is None and raw.suggestions:
        st.warning(t("bpage_needs_zone", lang))
        options = [s.label for s in raw.suggestions] + [OTHER_CRS]
        label = st.selectbox(t("bpage_zone", lang), options, key="boundary_zone",
                             format_func=lambda o: t("bpage_zone_other", lang) if o == OTHER_CRS else o)
        chosen = next((s.crs for s in raw.suggestions if s.label == label), OTHER_CRS)
    if chosen is not OTHER_CRS:
        try:
            gdf = to_wgs84(raw, chosen)
            return gdf, chosen.name if chosen is not None else ""
        except BoundaryError as exc:
            _error(exc, lang)
            if exc.key != "boundary_needs_crs":
                return None, ""
    return _typed_crs(raw, lang)


def _typed_crs(raw: RawLayer, lang: str) -> tuple[gpd.GeoDataFrame | None, str]:
    """A CRS the user types ("tm3:105.5", "utm:48", "EPSG:9210"), for files no suggestion fits."""
    text = st.text_input(t("bpage_crs_text", lang), key="boundary_crs_text", help=t("bpage_crs_help", lang))
    if not text.strip():
        return None, ""
    try:
        crs = crs_from_text(text)
        return to_wgs84(raw, crs), crs.name
    except ValueError:  # BoundaryError is a ValueError too
        st.error(plain(t("bset_cli_bad_crs", lang, value=text)))
        return None, ""


def _columns(gdf: gpd.GeoDataFrame, lang: str) -> dict:
    """The code, name and population columns: guessed, then correctable."""
    guessed = suggest_columns(gdf)
    available = [""] + [str(c) for c in gdf.columns if c != gdf.geometry.name]
    chosen = {}
    for slot, widget in zip(("code", "name", "population"), st.columns(3)):
        default = str(guessed[slot]) if guessed[slot] is not None else ""
        chosen[slot] = widget.selectbox(t(f"bpage_column_{slot}", lang), available,
                                        index=available.index(default) if default in available else 0,
                                        format_func=lambda c: c or t("bpage_column_none", lang),
                                        key=f"boundary_column_{slot}") or None
    return chosen


def _registry() -> CommuneRegistry:
    """The units a new file is matched against: the deployment's district (Config.scope), as on the
    command line, whatever area a staff member happens to be viewing: a set saved from another
    district's file would leave the map with communes no import may name."""
    return CommuneRegistry.legacy(*load_config().scope)


def _prepared(gdf, columns: dict, registry, crs_text: str, lang: str) -> Prepared:
    """prepare() once per file, zone and columns (kept with the upload in the session)."""
    cache = st.session_state[CACHE_KEY]["prepared"]
    key = (crs_text, tuple(sorted((k, v or "") for k, v in columns.items())))
    if key not in cache:
        with st.spinner(t("bpage_checking", lang)):
            cache[key] = prepare(gdf, columns, registry)
    return cache[key]


def _report(prepared: Prepared, scope: str, lang: str) -> None:
    counts = prepared.matching.counts
    cells = st.columns(5)
    for cell, status in zip(cells, ("matched", "unmatched", "ambiguous", "duplicate", "bad_code")):
        cell.metric(t(f"bpage_count_{status}", lang), number(counts[status], lang))
    for line in report_lines(prepared, scope, lang):
        (st.error if line.problem else st.caption)(plain(line.text.strip()))


def _preview_map(prepared: Prepared, gdf: gpd.GeoDataFrame, data: Dataset, lang: str) -> None:
    """The new units over the current map's surroundings: matched ones blue, the rest red."""
    st.markdown(f"**{t('bpage_preview', lang)}**")
    shapes = prepared.communes
    if len(shapes) and prepared.cleaning.valid_after:
        shapes = simplify(shapes)[0]
    rejected = {f.row for f in prepared.matching.features if f.status != "matched"}
    bad = gdf.loc[[r for r in gdf.index if r in rejected]]
    minx, miny, maxx, maxy = gdf.total_bounds
    context = data.registered.context
    if context is None:
        context = gpd.GeoDataFrame({"name": [], "label": [], "level": []}, geometry=[], crs=gdf.crs)
    fmap = foliummap.base_map(context, ((miny, minx), (maxy, maxx)), assets_url())
    foliummap.preview_layer(shapes, bad, t("bpage_preview_unmatched", lang)).add_to(fmap)
    from streamlit_folium import st_folium  # here: importing it declares a component (a warning outside a run, ~1 s)
    st_folium(fmap, key="boundary_preview", height=420, use_container_width=True, returned_objects=[])
    st.caption(t("bpage_preview_legend", lang))


def _save_section(prepared: Prepared, raw: RawLayer, file_bytes: bytes, filename: str, crs_text: str,
                  lang: str) -> None:
    """The new version's label, whether the map shows it at once, and the save button (only for a file
    whose every feature matched)."""
    st.text_input(t("bpage_label", lang), value=filename.rsplit(".", 1)[0], key="boundary_label", max_chars=200)
    st.checkbox(t("bpage_activate", lang), value=True, key="boundary_activate")
    if not prepared.accepted:
        st.warning(t("bset_not_saved", lang, count=prepared.blocking))
    st.button(t("bpage_save", lang), key="boundary_save", type="primary", disabled=not prepared.accepted,
              on_click=_save_clicked, args=(prepared, raw, file_bytes, filename, crs_text, lang))


@staff_action(BOUNDARIES)
def _save_clicked(user: str, prepared: Prepared, raw: RawLayer, file_bytes: bytes, filename: str, crs_text: str,
                  lang: str) -> None:
    """Save the checked set as a new version under the signed-in name, with the label and the
    show-at-once choice as the form holds them when the button is pressed."""
    label = str(st.session_state.get("boundary_label") or "").strip() or filename
    activate = bool(st.session_state.get("boundary_activate", True))
    sets = BoundarySets(load_config().boundary_sets)
    try:
        version = sets.save(prepared.communes, label=label, source_name=filename, user=user,
                            report=prepared.report(crs_text or None, raw.notes),
                            source_sha256=hashlib.sha256(file_bytes).hexdigest(), activate=activate)
    except (OSError, ValueError) as exc:
        flash("error", t("bpage_save_failed", lang, reason=str(exc)))
        return
    flash("success", t("bset_saved_active" if version.active else "bpage_saved", lang, id=version.id,
                        features=version.features))
    st.session_state["boundary_generation"] = st.session_state.get("boundary_generation", 0) + 1
    st.session_state.pop(CACHE_KEY, None)
    if version.active:
        _map_changed()
