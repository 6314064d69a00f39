/*
 * The choropleth map frame of the "Dân vận khéo" dashboard (a Streamlit v1 component).
 *
 * Python sends small per-unit values on every rerun (contract section 2); the polygons come once,
 * from a static gzip file named by its content hash, kept in IndexedDB so a second visit downloads
 * nothing. A new set of values recolours the existing Leaflet layers in place: no rebuild, no refit.
 * A map of thousands of units is first drawn from an overview file, thinned for its zoomed-out
 * first view; its display geometry (args.detail) gives the layers their outlines while zoomed in.
 *
 * Plain browser JavaScript on purpose: no npm, no build step, no CDN. Streamlit's component
 * protocol is a handful of postMessage calls, written out below.
 * Every string from the data goes into the page with textContent, never as HTML.
 */
"use strict";

(function () {
  // ---------------------------------------------------------------- constants (the contract's styles)

  const CONTEXT_STYLES = { // level -> [pane, style]; "province" and "province_line" go over the units
    province_neighbour: ["dvk-below", { color: "#a6a6a6", weight: 1.0, fillColor: "#e6e4de", fillOpacity: 1 }],
    district: ["dvk-below", { color: "#8c8c8c", weight: 1.2, fillColor: "#f2f0eb", fillOpacity: 1 }],
    uncoded: ["dvk-below", { color: "#8c8c8c", weight: 0.8, fillColor: "#e3d9c6", fillOpacity: 1, dashArray: "2 3" }],
    province: ["dvk-above", { color: "#5c5c5c", weight: 2.4, fillOpacity: 0 }],
    province_line: ["dvk-above", { color: "#5c5c5c", weight: 1.2, fillOpacity: 0 }],
  };
  const CONTEXT_LABEL_COLOURS = { province_neighbour: "#9a9a9a", district: "#7a7a7a" };
  const UNIT_LABEL_COLOUR = "#1a1a1a";
  const UNIT_STYLE = { color: "#555555", weight: 0.8, fillOpacity: 0.9, lineCap: "round" };
  const APPROX_OUTLINE = { color: "#6a3d9a", weight: 2.2, dashArray: "1 5", lineCap: "round" };
  const HOVER_STYLE = { weight: 3, color: "#d95f02" };
  const SELECTED_STYLE = { color: "#d95f02", weight: 4, fillOpacity: 0, interactive: false };
  const MISSING_FILL = "#bdbdbd"; // a unit the fill string does not cover (never expected): grey, like no data

  const LABELS_ALWAYS_UP_TO = 40; // more names than this pile up; beyond, names show only zoomed in
  const LABELS_FROM_ZOOM = 11;
  const LABELS_AT_MOST = 150;
  const THIN_ABOVE_UNITS = 2000; // a province or the country (geo.choropleth.shapes.OVERVIEW_ABOVE_UNITS too)
  const THIN_BELOW_ZOOM = 8;
  const CANVAS_ABOVE_UNITS = 3000; // one SVG path per unit gets slow beyond this
  const DETAIL_FROM_ZOOM = 7; // the overview's thinning (shapes.OVERVIEW_TOLERANCE) shows from here

  const OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  const OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"; // a constant: the only HTML Leaflet is given
  const FAILED = {
    vi: "Không tải được bản đồ. Vui lòng tải lại trang.",
    en: "The map could not be loaded. Please reload the page.",
  };
  const CACHE_DB = "dvk-geometry";
  const CACHE_STORE = "files";
  const CLICK_COUNTER = "dvk-map-clicks"; // sessionStorage key

  const root = document.documentElement;
  const mapDiv = document.getElementById("map");
  const messageDiv = document.getElementById("message");

  // What the frame holds between renders.
  const S = {
    args: null, // the args of the last paint
    geometryUrl: null, // the geometry the layers were built from
    failedUrl: null, // a geometry that could not be loaded (not retried until the page reloads)
    geo: null, // the decoded geometry document the layers were built from
    outlines: null, // a map built from an overview: its outline documents (showOutlines)
    map: null,
    renderers: [],
    group: null, // FeatureGroup of the units: one tooltip and one set of handlers for all
    units: [], // L.Polygon per unit, in file order (paint arrays follow it)
    styleKeys: [], // the style each unit has now, so a recolour touches only what changed
    context: [], // context polygons, in file order
    contextLabels: [], // their names
    unitLabels: new Map(), // unit index -> label marker
    sizes: null, // each unit's bounding box area, for declutter() (once asked)
    selected: null, // { index, layer } of the outlined unit
    hovered: null,
    thin: false, // large set zoomed out: fills only
    tiles: null,
    pendingFit: null, // bounds to fit once the frame has a size
    paints: 0,
  };

  // ---------------------------------------------------------------- Streamlit's component protocol (v1)

  function send(type, data) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data), "*");
  }

  let sentHeight = null;
  function setFrameHeight(height) {
    if (height !== sentHeight) {
      sentHeight = height;
      send("streamlit:setFrameHeight", { height: height });
    }
  }

  function setComponentValue(value) {
    send("streamlit:setComponentValue", { value: value, dataType: "json" });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) return; // only the Streamlit page drives the map
    const message = event.data;
    if (message && message.type === "streamlit:render" && message.args) onRender(message.args);
  });

  // Renders can arrive while the geometry is still loading: keep only the newest args and apply
  // them one at a time, so a slow first load is followed by one paint with the latest values.
  let latestArgs = null;
  let busy = false;
  function onRender(args) {
    latestArgs = args;
    if (!busy) pump();
  }

  async function pump() {
    busy = true;
    while (latestArgs) {
      const args = latestArgs;
      latestArgs = null;
      try {
        await apply(args);
      } catch (error) {
        console.error("dvk map:", error);
      }
    }
    busy = false;
  }

  // ---------------------------------------------------------------- one render

  async function apply(args) {
    const height = Math.max(100, Number(args.height) || 560);
    // args.stretch (projector mode): the page's CSS sizes the frame to the screen, and the map fills the frame.
    mapDiv.style.height = args.stretch ? "100vh" : height + "px";
    setFrameHeight(height);
    root.lang = args.lang === "en" ? "en" : "vi";
    // A new geometry starts loading now, beside Leaflet, not after it.
    const url = String(args.geometry || "");
    const geometry = args.geometry !== S.geometryUrl && url !== S.failedUrl ? settled(loadGeometry(url)) : null;
    try {
      await loadLeaflet(String(args.assets || ""));
    } catch (error) {
      showError(args.lang);
      throw error;
    }
    ensureMap();
    setTiles(Boolean(args.tiles));
    if (args.geometry !== S.geometryUrl && !(await switchGeometry(url, geometry, args))) return;
    paint(args);
  }

  // A promise that never rejects, so one left unawaited (Leaflet failed) is no unhandled rejection.
  function settled(promise) {
    return promise.then(function (value) { return { value: value }; }, function (error) { return { error: error }; });
  }

  // The geometry changed (first paint, another area or unit system): rebuild and fit, once.
  // `loading`: the geometry's settled load, started by apply(); null for one that failed before.
  async function switchGeometry(url, loading, args) {
    if (!loading) return false; // already said so; a reload tries again
    const loaded = await loading;
    if (loaded.error) {
      console.error("dvk map: geometry", url, loaded.error);
      S.failedUrl = url;
      showError(args.lang);
      return false;
    }
    build(loaded.value, args);
    S.geometryUrl = url;
    S.outlines = args.detail ? { overview: loaded.value, display: null, url: String(args.detail), loading: false,
                                 fresh: false, failed: false } : null;
    root.dataset.geometry = S.outlines ? "overview" : "display";
    fitWhenSized(loaded.value.bounds);
    return true;
  }

  // Recolour in place: only the units whose look changed get a new style.
  function paint(args) {
    S.args = args;
    S.thin = isThin(); // the zoom may have changed (a fit) while no args applied to these units
    restyleUnits();
    setSelected(args.selected);
    updateUnitLabels();
    refreshOpenTooltip();
    hideError(); // a map is on screen again (after a geometry that failed, or Leaflet on a retry)
    markPainted();
    fitOutlines(); // a fit may have zoomed in past the overview
  }

  // Set once the browser has drawn: Leaflet's canvas draws in the next animation frame, and this
  // callback, asked for later, runs after it. A hidden page gets no animation frames: mark at once
  // there, and the timeout covers a frame the browser stops animating some other way.
  function markPainted() {
    let done = false;
    const mark = function () {
      if (done) return;
      done = true;
      S.paints += 1;
      root.dataset.units = String(S.units.length);
      root.dataset.painted = String(S.paints);
    };
    if (document.hidden) return mark();
    requestAnimationFrame(mark);
    setTimeout(mark, 2000);
  }

  function showError(lang) {
    messageDiv.textContent = FAILED[lang] || FAILED.vi;
    messageDiv.hidden = false;
    root.dataset.error = "1";
  }

  function hideError() {
    messageDiv.hidden = true;
    delete root.dataset.error;
  }

  // ---------------------------------------------------------------- Leaflet, from the app's static files

  let leafletLoading = null;
  function loadLeaflet(assets) {
    if (window.L) return Promise.resolve(window.L);
    if (!leafletLoading) {
      const css = addTag("link", { rel: "stylesheet", href: assets + "/leaflet.css" });
      const js = addTag("script", { src: assets + "/leaflet.js" });
      // The stylesheet must be in before the map measures itself; a missing one is not fatal.
      leafletLoading = Promise.all([css.catch(function () {}), js]).then(function () { return window.L; });
      leafletLoading.catch(function () { leafletLoading = null; }); // the next render tries again
    }
    return leafletLoading;
  }

  function addTag(name, attributes) {
    return new Promise(function (resolve, reject) {
      const tag = document.createElement(name);
      Object.assign(tag, attributes);
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("cannot load " + (attributes.src || attributes.href))); };
      document.head.appendChild(tag);
    });
  }

  function ensureMap() {
    if (S.map) return;
    const map = L.map(mapDiv, { zoomSnap: 0.25, zoomControl: true });
    L.control.scale({ imperial: false }).addTo(map);  // metres and kilometres only (issue 13)
    // Panes fix the drawing order whatever order layers are added in; the ones over the units
    // never take the mouse, so hovering and clicking reach the units beneath.
    addPane(map, "dvk-below", 380, true);
    addPane(map, "dvk-units", 400, true);
    addPane(map, "dvk-above", 410, false);
    addPane(map, "dvk-selected", 420, false);
    addPane(map, "dvk-labels", 450, false);
    map.on("zoomend", onZoom);
    map.on("moveend", updateUnitLabels);
    new ResizeObserver(onResize).observe(mapDiv);
    S.map = map;
  }

  function addPane(map, name, zIndex, mouse) {
    const pane = map.createPane(name);
    pane.style.zIndex = String(zIndex);
    if (!mouse) pane.style.pointerEvents = "none";
  }

  function onResize() {
    if (!S.map) return;
    S.map.invalidateSize();
    if (S.pendingFit) fitWhenSized(S.pendingFit);
  }

  // A frame with no size yet (a hidden tab, before Streamlit shows the iframe) cannot fit bounds:
  // wait for the ResizeObserver.
  function fitWhenSized(bounds) {
    const size = S.map.getSize();
    if (size.x > 0 && size.y > 0) {
      S.map.fitBounds(bounds);
      S.pendingFit = null;
    } else {
      S.pendingFit = bounds;
    }
  }

  function setTiles(on) {
    if (on && !S.tiles) {
      S.tiles = L.tileLayer(OSM_TILES, { attribution: OSM_ATTRIBUTION, maxZoom: 18 }).addTo(S.map);
    } else if (!on && S.tiles) {
      S.tiles.remove();
      S.tiles = null;
    }
  }

  // ---------------------------------------------------------------- geometry file: cache, fetch, decode

  // `fresh`: download it even if this browser keeps a copy (which the download then replaces).
  async function loadGeometry(url, fresh) {
    const name = fileName(url);
    const cached = fresh ? null : await cacheRead(name);
    if (cached) {
      try {
        return await decode(cached);
      } catch (error) {
        console.warn("dvk map: cached geometry unreadable, fetching it again", error);
      }
    }
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error("HTTP " + response.status);
    const bytes = await response.arrayBuffer();
    const doc = await decode(bytes); // decoded before it is kept: a broken file is never cached
    cacheWrite(name, bytes);
    return doc;
  }

  // The name is a content hash, so a cached file is never stale.
  function fileName(url) {
    return url.split(/[?#]/)[0].split("/").pop();
  }

  // Gzip bytes to the geometry document. Bytes without the gzip magic number are read as plain JSON
  // (a proxy may have undone the compression on the way).
  async function decode(bytes) {
    const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
    let stream = new Blob([bytes]).stream();
    if (head[0] === 0x1f && head[1] === 0x8b) stream = stream.pipeThrough(new DecompressionStream("gzip"));
    const doc = await new Response(stream).json();
    if (!doc || doc.v !== 1 || !Array.isArray(doc.units) || !(doc.scale > 0) || !Array.isArray(doc.bounds)) {
      throw new Error("not a geometry document (v1)");
    }
    if (!Array.isArray(doc.context)) doc.context = [];
    return doc;
  }

  // IndexedDB may be missing or refused (private windows, storage settings): then every visit
  // simply downloads the file. A stalled open must not hold the map, hence the timeout.
  let cacheOpening = null;
  function cacheDb() {
    if (!cacheOpening) {
      cacheOpening = new Promise(function (resolve, reject) {
        const request = indexedDB.open(CACHE_DB, 1);
        request.onupgradeneeded = function () { request.result.createObjectStore(CACHE_STORE); };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
        request.onblocked = function () { reject(new Error("IndexedDB blocked")); };
        setTimeout(function () { reject(new Error("IndexedDB timeout")); }, 3000);
      });
    }
    return cacheOpening;
  }

  async function cacheRead(name) {
    try {
      const db = await cacheDb();
      const value = await requestDone(db.transaction(CACHE_STORE).objectStore(CACHE_STORE).get(name));
      return value instanceof ArrayBuffer ? value : null;
    } catch (error) {
      return null;
    }
  }

  function cacheWrite(name, bytes) {
    cacheDb().then(function (db) {
      db.transaction(CACHE_STORE, "readwrite").objectStore(CACHE_STORE).put(bytes, name);
    }).catch(function (error) { console.warn("dvk map: geometry not cached", error); });
  }

  function requestDone(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // A ring is [x0, y0, dx1, dy1, ...]: quantised lon/lat, then deltas from the previous vertex.
  function ringLatLngs(ring, scale) {
    const points = new Array(ring.length >> 1);
    let x = 0;
    let y = 0;
    for (let i = 0; i + 1 < ring.length; i += 2) {
      x += ring[i];
      y += ring[i + 1];
      points[i >> 1] = [y / scale, x / scale];
    }
    return points;
  }

  // polys = [[outer, hole, ...], ...] -> Leaflet's multi-polygon nesting, same shape. A ring of
  // fewer than 3 vertices (the encoder may leave an empty one) is skipped; without its outer ring a
  // polygon is skipped whole, lest a hole be drawn as land.
  function polysLatLngs(polys, scale) {
    const out = [];
    (Array.isArray(polys) ? polys : []).forEach(function (rings) {
      if (!Array.isArray(rings) || !isRing(rings[0])) return;
      out.push(rings.filter(isRing).map(function (ring) { return ringLatLngs(ring, scale); }));
    });
    return out;
  }

  function isRing(ring) {
    return Array.isArray(ring) && ring.length >= 6;
  }

  // ---------------------------------------------------------------- building the layers (per geometry)

  // `args`: the render that brought this geometry, whose colours the units are built with, so
  // that they are drawn once in them rather than in Leaflet's blue and then restyled (paint()
  // then touches only what the fit changes: the country's 9,474 units drawn once, not twice).
  function build(geo, args) {
    clearLayers();
    S.geo = geo;
    S.thin = geo.units.length > THIN_ABOVE_UNITS; // until the fit: a province or the country opens zoomed out
    const canvas = geo.units.length > CANVAS_ABOVE_UNITS;
    const renderers = {};
    ["dvk-below", "dvk-units", "dvk-above"].forEach(function (pane) {
      renderers[pane] = canvas ? new (pathCachingCanvas())({ pane: pane }) : L.svg({ pane: pane });
    });
    renderers["dvk-selected"] = L.svg({ pane: "dvk-selected" });
    S.renderers = Object.values(renderers);
    S.renderersByPane = renderers;
    buildContext(geo, renderers);
    buildUnits(geo, renderers["dvk-units"], args);
    S.args = null; // the last args were for other units: nothing is styled from them until paint()
  }

  // Leaflet's canvas redraws every polygon vertex by vertex from JavaScript on each change; a
  // recolour does not move anything, so each polygon keeps its outline as a Path2D and the redraw
  // is only fill and stroke calls (10,000 units: about 4 times faster). The path is rebuilt when
  // Leaflet re-projects or re-clips the layer, which gives it a new `_parts` array.
  // This overrides Canvas._updatePoly and _fillStroke of Leaflet 1.9 (XStatic-Leaflet pins it).
  let PathCachingCanvas = null;
  function pathCachingCanvas() {
    if (!PathCachingCanvas) {
      PathCachingCanvas = L.Canvas.extend({
        _updatePoly: function (layer, closed) {
          if (!this._drawing || !layer._parts.length) return;
          if (layer._dvkParts !== layer._parts) {
            layer._dvkPath = outlinePath(layer._parts, closed);
            layer._dvkParts = layer._parts;
          }
          fillStroke(this._ctx, layer, layer._dvkPath);
        },
      });
    }
    return PathCachingCanvas;
  }

  function outlinePath(parts, closed) {
    const path = new Path2D();
    parts.forEach(function (part) {
      part.forEach(function (point, j) {
        if (j) path.lineTo(point.x, point.y);
        else path.moveTo(point.x, point.y);
      });
      if (closed) path.closePath();
    });
    return path;
  }

  // Leaflet's Canvas._fillStroke, on a given path instead of the context's current one.
  function fillStroke(ctx, layer, path) {
    const options = layer.options;
    if (options.fill) {
      ctx.globalAlpha = options.fillOpacity;
      ctx.fillStyle = options.fillColor || options.color;
      ctx.fill(path, options.fillRule || "evenodd");
    }
    if (options.stroke && options.weight !== 0) {
      ctx.setLineDash(options._dashArray || []);
      ctx.globalAlpha = options.opacity;
      ctx.lineWidth = options.weight;
      ctx.strokeStyle = options.color;
      ctx.lineCap = options.lineCap;
      ctx.lineJoin = options.lineJoin;
      ctx.stroke(path);
    }
  }

  function clearLayers() {
    if (S.group) S.group.remove();
    S.context.concat(S.contextLabels).forEach(function (layer) { layer.remove(); });
    S.unitLabels.forEach(function (marker) { marker.remove(); });
    if (S.selected) S.selected.layer.remove();
    S.renderers.forEach(function (renderer) { renderer.remove(); });
    Object.assign(S, { group: null, units: [], styleKeys: [], context: [], contextLabels: [], renderers: [],
                       unitLabels: new Map(), sizes: null, selected: null, hovered: null });
  }

  // Context in file order (later on top), each level in its pane; names of neighbours and districts.
  function buildContext(geo, renderers) {
    drawnContext(geo).forEach(function (item) {
      const level = CONTEXT_STYLES[item.level];
      const options = Object.assign({ pane: level[0], renderer: renderers[level[0]], interactive: false }, level[1]);
      S.context.push(L.polygon(polysLatLngs(item.polys, geo.scale), options).addTo(S.map));
      const colour = CONTEXT_LABEL_COLOURS[item.level];
      if (colour && item.name && Array.isArray(item.label)) {
        S.contextLabels.push(labelMarker(item.label, item.name, colour).addTo(S.map));
      }
    });
  }

  // The context items of a document that are drawn: those of a level the contract knows.
  function drawnContext(geo) {
    return geo.context.filter(function (item) { return item && CONTEXT_STYLES[item.level]; });
  }

  function buildUnits(geo, renderer, args) {
    // smoothFactor 0: Leaflet would otherwise simplify each polygon on its own, which opens gaps
    // between neighbours and drops units only a pixel or two wide (a commune in the country view).
    const UNIT_OPTIONS = { pane: "dvk-units", renderer: renderer, smoothFactor: 0 };
    const group = L.featureGroup();
    geo.units.forEach(function (unit, index) {
      const layer = L.polygon(polysLatLngs(unit.polys, geo.scale),
                              Object.assign({}, UNIT_OPTIONS, unitStyle(args, index)));
      layer.unitIndex = index;
      group.addLayer(layer);
      S.units.push(layer);
      S.styleKeys.push(styleKey(args, index));
    });
    // One tooltip for the group: its content is built when it opens, from the latest args.
    group.bindTooltip(function (layer) { return tooltipNode(layer.unitIndex); }, { sticky: true });
    group.on("mouseover", function (event) { hover(event.layer); });
    group.on("mouseout", function (event) { unhover(event.layer); });
    group.on("click", function (event) { click(event.layer); });
    S.group = group.addTo(S.map);
  }

  function labelMarker(latlng, text, colour, className) {
    const span = document.createElement("span");
    span.className = className || "map-label";
    span.style.color = colour;
    span.textContent = String(text);
    const icon = L.divIcon({ html: span, className: "map-label-icon", iconSize: [0, 0] });
    return L.marker(latlng, { icon: icon, interactive: false, keyboard: false, pane: "dvk-labels" });
  }

  // ---------------------------------------------------------------- styling units from the args

  function unitStyle(args, index) {
    const dim = typeof args.dim === "string" && args.dim.charAt(index) === "1";
    const style = Object.assign({}, UNIT_STYLE, {
      fillColor: fillColour(args, index),
      opacity: dim ? 0.6 : 1,
      dashArray: dim ? "3 3" : null,
    });
    if (S.geo.units[index].approx) Object.assign(style, APPROX_OUTLINE);
    if (S.thin) style.weight = 0;
    return style;
  }

  // fill: one base-36 character per unit, an index into the palette.
  function fillColour(args, index) {
    const palette = Array.isArray(args.palette) ? args.palette : [];
    const slot = parseInt(String(args.fill || "").charAt(index), 36);
    const colour = palette[slot];
    return typeof colour === "string" ? colour : MISSING_FILL;
  }

  // What unitStyle() depends on, as a string: equal keys, equal styles.
  function styleKey(args, index) {
    const dim = typeof args.dim === "string" && args.dim.charAt(index) === "1";
    return fillColour(args, index) + (dim ? "d" : "") + (S.thin ? "t" : "");
  }

  function restyleUnits() {
    for (let index = 0; index < S.units.length; index += 1) {
      const key = styleKey(S.args, index);
      if (key === S.styleKeys[index]) continue;
      S.styleKeys[index] = key;
      S.units[index].setStyle(unitStyle(S.args, index));
    }
    if (S.hovered) S.hovered.setStyle(HOVER_STYLE); // a recolour under the mouse keeps the highlight
  }

  function isThin() {
    return S.units.length > THIN_ABOVE_UNITS && S.map.getZoom() < THIN_BELOW_ZOOM;
  }

  function onZoom() {
    if (!S.args || !S.geo) return;
    fitOutlines();
    const thin = isThin();
    if (thin !== S.thin) {
      S.thin = thin;
      restyleUnits();
    }
  }

  function setSelected(value) {
    const index = Number.isInteger(value) && value >= 0 && value < S.units.length ? value : null;
    if ((S.selected ? S.selected.index : null) === index) return;
    if (S.selected) S.selected.layer.remove();
    S.selected = null;
    if (index === null) return;
    const options = Object.assign({ pane: "dvk-selected", renderer: S.renderersByPane["dvk-selected"] },
                                  SELECTED_STYLE);
    S.selected = { index: index, layer: L.polygon(S.units[index].getLatLngs(), options).addTo(S.map) };
  }

  // ---------------------------------------------------------------- outlines: the overview zoomed out, in detail zoomed in

  // A map built from an overview takes its display geometry from zoom DETAIL_FROM_ZOOM, fetched (or
  // read from IndexedDB) the first time, and goes back to the overview below it, where drawing the
  // display geometry's vertices would make every zoom and pan slower. Until the display geometry
  // comes (a download that fails is tried again at the next zoom or recolour), the overview stays.
  function fitOutlines() {
    const outlines = S.outlines;
    const zoom = S.map.getZoom();
    if (!outlines || !(zoom >= 0)) return; // no view yet: no zoom
    if (zoom < DETAIL_FROM_ZOOM) showOutlines(outlines.overview, "overview");
    else if (outlines.display) showOutlines(outlines.display, "display");
    else if (!outlines.loading && !outlines.failed) loadDisplay(outlines);
  }

  // A document that does not list this map's units and context (a stale copy in this browser's
  // cache) is downloaded once more at the next zoom; if that one does not match either, the
  // overview stays for good.
  function loadDisplay(outlines) {
    outlines.loading = true;
    loadGeometry(outlines.url, outlines.fresh).then(function (doc) {
      outlines.loading = false;
      if (S.outlines !== outlines) return; // another map since
      if (sameShapes(doc)) {
        outlines.display = doc;
        fitOutlines();
      } else {
        console.warn("dvk map: the display geometry does not match the overview", outlines.url);
        outlines.failed = outlines.fresh;
        outlines.fresh = true;
      }
    }, function (error) {
      outlines.loading = false;
      console.warn("dvk map: display geometry", outlines.url, error);
    });
  }

  // The same units (by code) and context shapes (by level), in the same order, as the layers.
  function sameShapes(doc) {
    const shapes = drawnContext(doc);
    const built = drawnContext(S.geo);
    return doc.units.length === S.units.length && shapes.length === built.length
      && doc.units.every(function (unit, i) { return unit && unit.code === S.geo.units[i].code; })
      && shapes.every(function (item, i) { return item.level === built[i].level; });
  }

  // Every unit and context polygon takes its outline from `doc`, in place: colours, hover, tooltip
  // and names stay (they are read from the document the layers were built from); the selection's
  // outline is drawn again on the new shape.
  function showOutlines(doc, name) {
    if (root.dataset.geometry === name) return;
    S.units.forEach(function (layer, i) { layer.setLatLngs(polysLatLngs(doc.units[i].polys, doc.scale)); });
    drawnContext(doc).forEach(function (item, i) { S.context[i].setLatLngs(polysLatLngs(item.polys, doc.scale)); });
    S.sizes = null;
    const selected = S.selected ? S.selected.index : null;
    setSelected(null);
    setSelected(selected);
    root.dataset.geometry = name;
  }

  // ---------------------------------------------------------------- hover, click, tooltip

  function hover(layer) {
    S.hovered = layer;
    layer.setStyle(HOVER_STYLE);
  }

  function unhover(layer) {
    if (S.hovered === layer) S.hovered = null;
    layer.setStyle(unitStyle(S.args, layer.unitIndex));
  }

  // The counter lives in sessionStorage so it keeps rising if the frame is reloaded: Python takes
  // a value equal to the last one for a rerun, not a click.
  function click(layer) {
    setComponentValue({ code: String(S.geo.units[layer.unitIndex].code), n: nextClick() });
  }

  let clicks = 0;
  function nextClick() {
    try {
      clicks = Math.max(clicks, Number(sessionStorage.getItem(CLICK_COUNTER)) || 0);
    } catch (error) { /* no storage: count in memory */ }
    clicks += 1;
    try {
      sessionStorage.setItem(CLICK_COUNTER, String(clicks));
    } catch (error) { /* idem */ }
    return clicks;
  }

  // Bold name; approximate note; the unit's note; then no data, or total, per 1,000 and per field.
  function tooltipNode(index) {
    const args = S.args;
    const words = args.words || {};
    const unit = S.geo.units[index];
    const box = element("div", "map-tip");
    line(box).appendChild(element("b", null, unit.name));
    if (unit.approx) line(box).appendChild(element("i", null, "* " + text(words.approximate)));
    const notes = args.notes || {};
    if (Object.prototype.hasOwnProperty.call(notes, String(index)) && notes[index]) line(box, notes[index]);
    const count = Array.isArray(args.counts) ? args.counts[index] : undefined;
    if (typeof count !== "number" || count < 0) {
      line(box, words.no_data);
      return box;
    }
    line(box, text(words.total) + ": ").appendChild(element("b", null, number(count, args.lang)));
    if (unit.pop > 0) line(box, text(words.per1000) + ": " + number((count / unit.pop) * 1000, args.lang));
    const perField = Array.isArray(args.fields) ? args.fields[index] : null;
    if (Array.isArray(perField) && Array.isArray(words.fields)) {
      words.fields.forEach(function (label, k) { line(box, text(label) + ": " + number(perField[k], args.lang)); });
    }
    return box;
  }

  function element(name, className, content) {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = text(content);
    return node;
  }

  function line(box, content) {
    return box.appendChild(element("div", null, content));
  }

  function text(value) {
    return value === undefined || value === null ? "" : String(value);
  }

  // A recolour while a tooltip is open: show the new numbers, not the old ones.
  function refreshOpenTooltip() {
    const tooltip = S.group && S.group.getTooltip();
    if (tooltip && tooltip.isOpen()) tooltip.update();
  }

  // ---------------------------------------------------------------- numbers, the way the app writes them

  // vi 1.234,5 ; en 1,234.5 ; whole numbers without decimals (dashboard/words/i18n.py number()).
  function number(value, lang) {
    if (typeof value !== "number" || !Number.isFinite(value)) return "–";
    const decimals = Number.isInteger(value) ? 0 : 1;
    const parts = pythonFixed(value, decimals).split(".");
    const whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    const written = parts.length > 1 ? whole + "." + parts[1] : whole;
    return lang === "vi" ? written.replace(/[.,]/g, function (c) { return c === "," ? "." : ","; }) : written;
  }

  // toFixed rounds exact ties away from zero, Python to even: they differ only on x.25 (-> x.2).
  function pythonFixed(value, decimals) {
    const quarters = Math.abs(value) * 4;
    const tie = decimals === 1 && Number.isInteger(quarters) && quarters % 4 === 1;
    return (tie ? value - Math.sign(value) * 0.01 : value).toFixed(decimals);
  }

  // ---------------------------------------------------------------- unit names

  // Up to 40 units: every name, always. More: names only zoomed in, for the units in view nearest
  // the centre, at most 150, so a province never turns into a carpet of text.
  function updateUnitLabels() {
    if (!S.args || !S.geo) return;
    const wanted = new Set(wantedLabels());
    S.unitLabels.forEach(function (marker, index) {
      if (!wanted.has(index)) {
        marker.remove();
        S.unitLabels.delete(index);
      }
    });
    wanted.forEach(function (index) {
      if (S.unitLabels.has(index)) return;
      const unit = S.geo.units[index];
      const name = unit.approx ? unit.name + " *" : unit.name; // the star the legend explains
      S.unitLabels.set(index, labelMarker(unit.label, name, UNIT_LABEL_COLOUR, "map-label map-label-unit").addTo(S.map));
    });
    declutter();
  }

  // A name that would overlap one already shown is hidden, the larger unit keeping its own: on a
  // phone, Yên Sơn's 28 names do not fit at the district's zoom, and two names over each other read
  // as neither. Zooming in gives them room again (this runs after every move and zoom).
  function declutter() {
    const shown = [];
    const sizes = unitSizes();
    Array.from(S.unitLabels.keys()).sort(function (a, b) { return sizes[b] - sizes[a]; }).forEach(function (index) {
      const icon = S.unitLabels.get(index).getElement();
      const label = icon && icon.firstChild;
      if (!label) return;
      label.classList.remove("map-label-hidden");
      const box = label.getBoundingClientRect();
      const clash = shown.some(function (other) {
        return box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom;
      });
      if (clash) label.classList.add("map-label-hidden");
      else shown.push(box);
    });
  }

  function unitSizes() {
    if (!S.sizes) {
      S.sizes = S.units.map(function (layer) {
        const box = layer.getBounds();
        return (box.getNorth() - box.getSouth()) * (box.getEast() - box.getWest());
      });
    }
    return S.sizes;
  }

  function wantedLabels() {
    const units = S.geo.units;
    // args.label_limit is geo.choropleth.paint.LABELS_UP_TO; the default only guards a missing value
    const always = Number.isInteger(S.args.label_limit) ? S.args.label_limit : LABELS_ALWAYS_UP_TO;
    if (!S.args.labels) return [];
    if (units.length > always && S.map.getZoom() < LABELS_FROM_ZOOM) return [];
    const labelled = [];
    units.forEach(function (unit, index) { if (Array.isArray(unit.label) && unit.name) labelled.push(index); });
    if (units.length <= always) return labelled;
    const view = S.map.getBounds();
    const centre = S.map.getCenter();
    const distance = function (index) {
      const point = units[index].label;
      return (point[0] - centre.lat) ** 2 + (point[1] - centre.lng) ** 2;
    };
    return labelled.filter(function (index) { return view.contains(units[index].label); })
      .sort(function (a, b) { return distance(a) - distance(b); })
      .slice(0, LABELS_AT_MOST);
  }

  send("streamlit:componentReady", { apiVersion: 1 });
})();
