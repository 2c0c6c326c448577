// sitrep web map: events clustered by place, a time slider, filters, a source panel and control
// areas, all from the local REST API and the offline Natural Earth basemap (no network beyond
// this server). No build step: plain browser JavaScript over MapLibre GL JS.
"use strict";

(function () {
  const DAY = 86400000;
  const FILTER_KEYS = ["type", "actor", "source", "stance", "status"];
  // Exposed for tests and `sitrep bench web-load`: readiness, counts and timings.
  const probe = (window.sitrep = { ready: false, visible: 0, total: 0, timings: {} });
  const t0 = performance.now();
  // Two workers, so the basemap and the events are tiled side by side, started now, so that
  // their script is compiled while the style and the data are still on their way.
  maplibregl.setWorkerCount(2);
  maplibregl.prewarm();

  const state = {
    center: [40.5, 35.0],
    zoom: 5,
    date: null, // ISO day shown by the slider
    window: 0, // days before `date` to show; 0 = everything up to `date`
    filters: {},
    event: null, // event id open in the panel
  };
  let palette = { types: {}, status: {}, other: "#555" };
  let allEvents = []; // GeoJSON features from the API
  let controlSpans = [];
  let days = []; // slider positions as epoch ms
  let map = null;
  let playing = null;

  // --- URL hash: the view (center, zoom, date, window, filters, open event) ---------------

  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const view = (params.get("map") || "").split("/").map(Number);
    if (view.length === 3 && view.every(Number.isFinite)) {
      state.zoom = view[0];
      state.center = [view[2], view[1]];
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(params.get("date") || "")) state.date = params.get("date");
    state.window = Number(params.get("window") || 0) || 0;
    for (const key of FILTER_KEYS) {
      if (params.get(key)) state.filters[key] = params.get(key);
    }
    state.event = params.get("event");
  }

  function writeHash() {
    const params = new URLSearchParams();
    if (map) {
      const c = map.getCenter();
      params.set("map", `${map.getZoom().toFixed(2)}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`);
    }
    if (state.date) params.set("date", state.date);
    if (state.window) params.set("window", String(state.window));
    for (const key of FILTER_KEYS) {
      if (state.filters[key]) params.set(key, state.filters[key]);
    }
    if (state.event) params.set("event", state.event);
    history.replaceState(null, "", "#" + params.toString().replace(/%2F/g, "/"));
  }

  // --- data ----------------------------------------------------------------------------

  async function getJSON(path) {
    const response = await fetch(path);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  }

  function iso(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function colourOf(type) {
    return palette.types[type] || palette.other;
  }

  // A stable colour per actor id, so one holder keeps its colour across dates.
  function actorColour(id) {
    let h = 0;
    for (const ch of id || "?") h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return `hsl(${h % 360}, 65%, 38%)`;
  }

  function matches(props) {
    const f = state.filters;
    if (f.type && props.type !== f.type) return false;
    if (f.actor && props.actor1 !== f.actor && props.actor2 !== f.actor) return false;
    if (f.source && !(props.sources || []).includes(f.source)) return false;
    if (f.stance && !(props.stances || []).includes(f.stance)) return false;
    if (f.status && props.status !== f.status) return false;
    return true;
  }

  function inTime(props) {
    if (!state.date) return true;
    const start = props.date_start || props.date_end;
    if (!start) return false;
    if (start > state.date) return false;
    if (!state.window) return true;
    const from = iso(Date.parse(state.date) - state.window * DAY);
    return (props.date_end || start) >= from;
  }

  // What the map needs of an event: its point, its id (for clicks) and its type (for colour).
  const slimmed = new WeakMap();
  function slim(feature) {
    let copy = slimmed.get(feature);
    if (!copy) {
      const { id, type } = feature.properties;
      copy = { type: "Feature", geometry: feature.geometry, properties: { id, type } };
      slimmed.set(feature, copy);
    }
    return copy;
  }

  function visibleEvents() {
    return allEvents.filter((f) => matches(f.properties) && inTime(f.properties));
  }

  // Spans in force on the slider's date, one feature each, placed at the place's point.
  function controlFeatures() {
    const d = state.date;
    const features = [];
    for (const span of controlSpans) {
      const place = span.place || {};
      if (place.lat == null || place.lon == null) continue;
      if (d && span.start && span.start > d) continue;
      if (d && span.end && span.end < d) continue;
      const actor = span.actor || {};
      features.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: [place.lon, place.lat] },
        properties: {
          place: place.name,
          status: span.status,
          actor: actor.name || "unknown",
          actor_colour: actorColour(actor.id),
        },
      });
    }
    return features;
  }

  // --- rendering -----------------------------------------------------------------------

  function refresh() {
    if (!map || !map.getSource("events")) return;
    const events = visibleEvents();
    // The map gets slim copies (id and type): the worker clones and indexes less.
    map.getSource("events").setData({ type: "FeatureCollection", features: events.map(slim) });
    const control = controlFeatures();
    map.getSource("control").setData({ type: "FeatureCollection", features: control });
    probe.visible = events.length;
    probe.controlled = control.length;
    document.getElementById("counts").textContent =
      `${events.length} of ${allEvents.length} events shown` +
      (probe.unplaced ? ` (${probe.unplaced} without a place)` : "") +
      ` · ${control.length} place${control.length === 1 ? "" : "s"} under control`;
    document.getElementById("date-label").textContent = state.date || "—";
    renderPlaceLabels(control);
    writeHash();
  }

  function fillSelect(id, values) {
    const select = document.getElementById(id);
    const key = select.dataset.key;
    for (const [value, label] of values) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = label;
      select.appendChild(option);
    }
    select.value = state.filters[key] || "";
    select.addEventListener("change", () => {
      if (select.value) state.filters[key] = select.value;
      else delete state.filters[key];
      refresh();
    });
  }

  function countBy(getValues) {
    const counts = new Map();
    for (const f of allEvents) {
      for (const v of getValues(f.properties)) {
        if (v) counts.set(v, (counts.get(v) || 0) + 1);
      }
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1]);
  }

  function buildFilters() {
    const names = new Map();
    for (const f of allEvents) {
      const p = f.properties;
      if (p.actor1) names.set(p.actor1, p.actor1_name || p.actor1);
      if (p.actor2) names.set(p.actor2, p.actor2_name || p.actor2);
    }
    const label = (pairs, name) => pairs.map(([v, n]) => [v, `${name ? name(v) : v} (${n})`]);
    fillSelect("f-type", label(countBy((p) => [p.type])));
    fillSelect("f-actor", label(countBy((p) => [p.actor1, p.actor2]), (v) => names.get(v)));
    fillSelect("f-source", label(countBy((p) => p.sources || [])));
    fillSelect("f-stance", label(countBy((p) => p.stances || [])));
    fillSelect("f-status", label(countBy((p) => [p.status])));
  }

  function buildLegend() {
    const present = new Set(allEvents.map((f) => f.properties.type));
    const rows = Object.entries(palette.types)
      .filter(([type]) => present.has(type))
      .map(([type, c]) => `<div><span class="sw" style="background:${c}"></span>${type}</div>`);
    const status = Object.entries(palette.status).map(
      ([s, c]) => `<div><span class="sw" style="background:${c};opacity:.6"></span>${s}</div>`,
    );
    document.getElementById("legend").innerHTML =
      `<h3>Events</h3>${rows.join("")}<h3>Control</h3>${status.join("")}`;
  }

  function buildSlider() {
    const stamps = allEvents
      .map((f) => Date.parse(f.properties.date_start || f.properties.date_end || ""))
      .filter(Number.isFinite);
    for (const span of controlSpans) {
      for (const d of [span.start, span.end]) if (d) stamps.push(Date.parse(d));
    }
    const slider = document.getElementById("slider");
    if (!stamps.length) {
      slider.disabled = true;
      return;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of stamps) {
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
    days = [];
    for (let d = lo; d <= hi; d += DAY) days.push(d);
    slider.max = String(days.length - 1);
    let index = days.length - 1;
    if (state.date) {
      const wanted = Date.parse(state.date);
      index = Math.max(0, Math.min(days.length - 1, Math.round((wanted - lo) / DAY)));
    }
    slider.value = String(index);
    state.date = iso(days[index]);
    slider.addEventListener("input", () => {
      state.date = iso(days[Number(slider.value)]);
      refresh();
    });
    const windowSelect = document.getElementById("window");
    windowSelect.value = String(state.window);
    windowSelect.addEventListener("change", () => {
      state.window = Number(windowSelect.value);
      refresh();
    });
    document.getElementById("play").addEventListener("click", togglePlay);
  }

  function togglePlay() {
    const button = document.getElementById("play");
    const slider = document.getElementById("slider");
    if (playing) {
      clearInterval(playing);
      playing = null;
      button.textContent = "▶";
      return;
    }
    if (Number(slider.value) >= days.length - 1) slider.value = "0";
    const step = Math.max(1, Math.round(days.length / 120)); // a full run in about 30 s
    button.textContent = "⏸";
    playing = setInterval(() => {
      const next = Math.min(days.length - 1, Number(slider.value) + step);
      slider.value = String(next);
      state.date = iso(days[next]);
      refresh();
      if (next >= days.length - 1) togglePlay();
    }, 250);
  }

  // Cluster counts and place names as HTML markers: the style ships no glyphs, so no text layers.
  const clusterMarkers = new Map();
  function renderClusterCounts() {
    if (!map.getSource("events") || !map.isSourceLoaded("events")) return;
    const seen = new Set();
    for (const f of map.querySourceFeatures("events", { filter: ["has", "point_count"] })) {
      const id = f.properties.cluster_id;
      if (seen.has(id)) continue;
      seen.add(id);
      let marker = clusterMarkers.get(id);
      if (!marker) {
        const el = document.createElement("div");
        el.className = "cluster-count";
        el.textContent = f.properties.point_count_abbreviated;
        marker = new maplibregl.Marker({ element: el }).setLngLat(f.geometry.coordinates);
        clusterMarkers.set(id, marker);
      }
      marker.getElement().textContent = f.properties.point_count_abbreviated;
      marker.setLngLat(f.geometry.coordinates).addTo(map);
    }
    for (const [id, marker] of clusterMarkers) {
      if (!seen.has(id)) {
        marker.remove();
        clusterMarkers.delete(id);
      }
    }
  }

  const placeMarkers = [];
  function renderPlaceLabels(control) {
    for (const marker of placeMarkers.splice(0)) marker.remove();
    const named = new Map();
    for (const f of control) named.set(f.properties.place, f.geometry.coordinates);
    if (named.size > 300) return; // labels would only clutter; circles and the panel remain
    for (const [name, coords] of named) {
      const el = document.createElement("div");
      el.className = "place-label";
      el.textContent = name;
      const marker = new maplibregl.Marker({ element: el, offset: [0, -20] });
      placeMarkers.push(marker.setLngLat(coords).addTo(map));
    }
  }

  // --- the side panel ------------------------------------------------------------------

  function escapeHtml(text) {
    return String(text ?? "").replace(
      /[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
    );
  }

  // The sentence with its trigger word (and the place name) marked.
  function highlight(report, placeName) {
    const sentence = report.sentence || "";
    const [s0] = report.span || [0, 0];
    const [t0, t1] = report.trigger || [0, 0];
    const marks = [];
    if (t1 > t0 && t0 >= s0 && t1 - s0 <= sentence.length) marks.push([t0 - s0, t1 - s0, ""]);
    if (placeName) {
      const at = sentence.indexOf(placeName);
      if (at >= 0 && !marks.some(([a, b]) => at < b && at + placeName.length > a)) {
        marks.push([at, at + placeName.length, "place"]);
      }
    }
    marks.sort((a, b) => a[0] - b[0]);
    let html = "";
    let pos = 0;
    for (const [a, b, cls] of marks) {
      html += escapeHtml(sentence.slice(pos, a));
      html += `<mark class="${cls}">${escapeHtml(sentence.slice(a, b))}</mark>`;
      pos = b;
    }
    return html + escapeHtml(sentence.slice(pos));
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : null;
  }

  async function openEvent(id) {
    const panel = document.getElementById("panel");
    const body = document.getElementById("panel-body");
    let event;
    try {
      event = await getJSON(`api/events/${encodeURIComponent(id)}`);
    } catch (err) {
      body.textContent = `Could not load event ${id}: ${err.message}`;
      panel.hidden = false;
      return;
    }
    state.event = id;
    const place = event.place || {};
    const date = event.date || {};
    const who = [event.actor1, event.actor2]
      .map((a) => (a ? escapeHtml(a.name) : "—"))
      .join(" → ");
    const reports = (event.reports || []).map((r) => {
      const url = safeUrl(r.url);
      const title = escapeHtml(r.title || r.doc_id);
      const link = url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener">${title}</a>` : title;
      const claimant = r.claimant ? ` by ${escapeHtml(r.claimant)}` : "";
      return `<div class="report">
        <div><span class="src">${escapeHtml(r.source || "unknown source")}</span>
          · ${escapeHtml(r.published || "undated")}
          · <span class="stance ${escapeHtml(r.stance)}">${escapeHtml(r.stance)}${claimant}</span></div>
        <blockquote>${highlight(r, place.name)}</blockquote>
        <div class="meta">${link}</div>
      </div>`;
    });
    body.innerHTML = `<h2>${escapeHtml(event.type)} · ${escapeHtml(place.name || "unplaced")}</h2>
      <div class="meta">${who}<br>${escapeHtml(date.start || "?")} – ${escapeHtml(date.end || "?")}
        (${escapeHtml(date.precision || "?")}) · status ${escapeHtml(event.status)}
        · confidence ${Number(event.confidence || 0).toFixed(2)}</div>
      <h3>${reports.length} report${reports.length === 1 ? "" : "s"}</h3>${reports.join("")}`;
    panel.hidden = false;
    writeHash();
  }

  function closePanel() {
    document.getElementById("panel").hidden = true;
    state.event = null;
    writeHash();
  }

  // --- the map ---------------------------------------------------------------------------

  async function loadStyle() {
    const style = await getJSON("static/style.json");
    // Source URLs are made absolute: MapLibre fetches from a worker with its own base. Plain
    // concatenation, as URL() would escape the {z}/{x}/{y} of tile templates.
    const base = new URL("static/", location.href).href;
    for (const source of Object.values(style.sources)) {
      if (typeof source.data === "string") source.data = base + source.data;
      if (Array.isArray(source.tiles)) source.tiles = source.tiles.map((tile) => base + tile);
    }
    return style;
  }

  // The event and control layers go into the style itself, so the map loads them with the
  // basemap instead of waiting for the basemap before adding them.
  function addEventLayers(style) {
    const empty = { type: "FeatureCollection", features: [] };
    const statusColour = ["match", ["get", "status"]];
    for (const [status, colour] of Object.entries(palette.status)) statusColour.push(status, colour);
    statusColour.push(palette.other);
    const typeColour = ["match", ["get", "type"]];
    for (const [type, colour] of Object.entries(palette.types)) typeColour.push(type, colour);
    typeColour.push(palette.other);
    style.sources.control = { type: "geojson", data: empty };
    style.sources.events = {
      type: "geojson",
      data: empty,
      // A circle is at most 28 px across its centre: a 32 px tile buffer is enough.
      buffer: 32,
      cluster: true,
      clusterRadius: 36,
      clusterMaxZoom: 11,
    };
    style.layers.push(
      {
        id: "control",
        type: "circle",
        source: "control",
        paint: {
          "circle-color": statusColour,
          "circle-opacity": 0.35,
          "circle-radius": ["interpolate", ["exponential", 2], ["zoom"], 3, 8, 7, 26, 10, 70, 13, 300],
          "circle-stroke-color": ["get", "actor_colour"],
          "circle-stroke-width": 2,
        },
      },
      {
        id: "clusters",
        type: "circle",
        source: "events",
        filter: ["has", "point_count"],
        paint: {
          "circle-color": "#33475b",
          "circle-opacity": 0.85,
          "circle-radius": ["step", ["get", "point_count"], 11, 10, 15, 100, 20, 1000, 26],
          "circle-stroke-color": "#fff",
          "circle-stroke-width": 1.5,
        },
      },
      {
        id: "events",
        type: "circle",
        source: "events",
        filter: ["!", ["has", "point_count"]],
        paint: {
          "circle-color": typeColour,
          "circle-radius": 7,
          "circle-stroke-color": "#fff",
          "circle-stroke-width": 1.5,
        },
      },
    );
  }

  function bindEventLayers() {
    map.on("click", "clusters", async (e) => {
      const feature = e.features[0];
      const zoom = await map
        .getSource("events")
        .getClusterExpansionZoom(feature.properties.cluster_id);
      map.easeTo({ center: feature.geometry.coordinates, zoom });
    });
    map.on("click", "events", (e) => openEvent(e.features[0].properties.id));
    for (const layer of ["clusters", "events"]) {
      map.on("mouseenter", layer, () => (map.getCanvas().style.cursor = "pointer"));
      map.on("mouseleave", layer, () => (map.getCanvas().style.cursor = ""));
    }
    map.on("render", renderClusterCounts);
    map.on("moveend", writeHash);
  }

  // Ready means drawn: the first idle frame (every tile loaded and rendered) after the events
  // were handed to the map and its events source has finished loading them.
  function whenEventsDrawn() {
    return new Promise((resolve) => {
      const check = () => {
        if (map.isSourceLoaded("events")) resolve();
        else map.once("idle", check);
      };
      map.once("idle", check);
    });
  }

  // The data, the style and the map all start at once; the events join the map when they arrive.
  async function start() {
    readHash();
    const data = Promise.all([
      // limit = the API's MAX_LIMIT: the body the server builds at start-up, before any visitor.
      getJSON("api/events?format=geojson&limit=100000"),
      getJSON("api/control?limit=100000"),
    ]);
    const [style, paletteData] = await Promise.all([loadStyle(), getJSON("static/palette.json")]);
    palette = paletteData;
    addEventLayers(style);
    map = new maplibregl.Map({
      container: "map",
      style,
      center: state.center,
      zoom: state.zoom,
      attributionControl: { compact: true },
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-left");
    map.addControl(new maplibregl.ScaleControl(), "bottom-right");
    window.sitrepMap = map;
    map.once("load", () => (probe.timings.style = performance.now() - t0));
    const styled = new Promise((resolve) => map.once("style.load", resolve));

    const [events, control] = await data;
    probe.timings.data = performance.now() - t0;
    // Events without a located place cannot be drawn; they are counted, not hidden silently.
    allEvents = (events.features || []).filter((f) => f.geometry);
    probe.unplaced = (events.features || []).length - allEvents.length;
    controlSpans = control.items || [];
    probe.total = allEvents.length;
    buildFilters();
    buildLegend();
    buildSlider();
    document.getElementById("panel-close").addEventListener("click", closePanel);

    await styled;
    bindEventLayers();
    refresh();
    if (state.event) openEvent(state.event);
    await whenEventsDrawn();
    probe.timings.idle = performance.now() - t0;
    probe.drawn = map.queryRenderedFeatures({ layers: ["clusters", "events"] }).length;
    probe.ready = true;
  }

  start().catch((err) => {
    probe.error = String(err);
    document.getElementById("counts").textContent = `Error: ${err.message}`;
  });
})();
