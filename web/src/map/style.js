// The map's style: GeoHub's own vector tiles only (areas as the base, then compounds, venues and
// co-building units), plus GeoJSON overlays the page fills from GraphQL. No outside base map.
import { family, fontFaces } from '../shared/fonts.js';

export const statusColours = { STANDALONE: '#b71c1c', JOINT: '#ef6c00', NONE: '#9e9e9e' };
export const venueColours = { STREET: '#1565c0', COMMUNITY: '#00838f', COMPOUND: '#6a1b9a' };
export const unitColour = '#2e7d32';
export const officeColours = { vacant: '#f9a825', assigned: '#795548' };
export const gapColour = '#d500f9';
export const areaShades = ['#eeeeee', '#f8c9bd'];

/** The layers whose tiles are drawn for one day; compounds come with their history (days.js). */
export const datedLayers = ['areas', 'venues', 'units'];

export function tileUrl(layer, day, version) {
  if (layer === 'compounds') return `${location.origin}/tiles/compound-history/{z}/{x}/{y}.mvt?v=${version}`;
  return `${location.origin}/tiles/${layer}/{z}/{x}/{y}.mvt?asOf=${day}&v=${version}`;
}

const empty = { type: 'FeatureCollection', features: [] };
// A compound's point is one point ('geometry-type' has said 'MultiPolygon' for some polygons in
// some MapLibre versions, so polygons are whatever is not a point).
const points = ['==', ['geometry-type'], 'Point'];
const polygons = ['!', points];

/** The layers that draw compounds: polygons from z12, points below (the compound-history tiles). */
export const compoundLayers = ['compound-fill', 'compound-point'];

/** The filters of the selection outlines (a ring round a dot below z12) for a compound's id, '' for none. */
export function selectionFilters(id) {
  const chosen = ['==', ['get', 'id'], id];
  return { 'compound-selected': ['all', polygons, chosen], 'compound-point-selected': ['all', points, chosen] };
}

export function createStyle(day, version) {
  const vector = layer => ({ type: 'vector', tiles: [tileUrl(layer, day, version)], minzoom: 0, maxzoom: 22 });
  // The day's status is feature state (days.js); a compound drawn before it is set reads NONE.
  const byStatus = ['match', ['coalesce', ['feature-state', 'coverageStatus'], 'NONE'], 'STANDALONE', statusColours.STANDALONE, 'JOINT', statusColours.JOINT, statusColours.NONE];
  const byLevel = ['match', ['get', 'level'], 'STREET', venueColours.STREET, 'COMMUNITY', venueColours.COMMUNITY, venueColours.COMPOUND];
  const areaLabel = ['concat', ['get', 'name'], '\n', ['get', 'rate']];
  const unselected = selectionFilters('');
  return {
    version: 8,
    // A new day is drawn at once, not faded over 300 ms (a date change is measured to its last frame).
    transition: { duration: 0, delay: 0 },
    'font-faces': fontFaces(),
    sources: {
      areas: vector('areas'),
      compounds: vector('compounds'),
      venues: { ...vector('venues'), promoteId: 'id' },
      units: vector('units'),
      office: { type: 'geojson', data: empty },
      gaps: { type: 'geojson', data: empty },
      candidates: { type: 'geojson', data: empty },
      labels: { type: 'geojson', data: empty },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f4f1ea' } },
      // Areas are shaded by their coverage rate on the day (pale grey at 0, rose at 100%), so the
      // wall chart reads at city scale, where compounds are specks.
      {
        id: 'area-fill', type: 'fill', source: 'areas', 'source-layer': 'areas',
        paint: {
          'fill-color': ['case', ['has', 'coverageRate'],
            ['interpolate', ['linear'], ['get', 'coverageRate'], 0, areaShades[0], 1, areaShades[1]], '#fffdf7'],
          'fill-opacity': 0.9,
        },
      },
      { id: 'area-selected', type: 'line', source: 'areas', 'source-layer': 'areas', filter: ['==', ['get', 'code'], ''], paint: { 'line-color': '#b71c1c', 'line-width': 4 } },
      // From z12 a compound is its polygon; below, where it is a few pixels, the tiles carry a
      // point on its surface instead (cheaper to make and to draw), drawn as a dot of about the
      // compound's size. Each layer draws the geometry it can, so the switch is the tiles'.
      { id: 'compound-fill', type: 'fill', source: 'compounds', 'source-layer': 'compounds', filter: polygons, paint: { 'fill-color': byStatus, 'fill-opacity': 0.85 } },
      {
        id: 'compound-point', type: 'circle', source: 'compounds', 'source-layer': 'compounds', filter: points,
        // A dot of a dense tile stands for several compounds (its count, a 4-pixel cell of them):
        // drawn a little larger, in the worst status of its compounds.
        paint: {
          'circle-color': byStatus, 'circle-opacity': 0.85,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, ['case', ['has', 'count'], 2.5, 1], 12, ['case', ['has', 'count'], 5, 3.5]],
        },
      },
      { id: 'compound-line', type: 'line', source: 'compounds', 'source-layer': 'compounds', minzoom: 12, filter: polygons, paint: { 'line-color': '#ffffff', 'line-width': 0.5 } },
      { id: 'compound-selected', type: 'line', source: 'compounds', 'source-layer': 'compounds', filter: unselected['compound-selected'], paint: { 'line-color': '#000', 'line-width': 3 } },
      {
        id: 'compound-point-selected', type: 'circle', source: 'compounds', 'source-layer': 'compounds', filter: unselected['compound-point-selected'],
        paint: { 'circle-opacity': 0, 'circle-radius': 5, 'circle-stroke-color': '#000', 'circle-stroke-width': 2 },
      },
      { id: 'gap-fill', type: 'fill', source: 'gaps', layout: { visibility: 'none' }, paint: { 'fill-color': gapColour, 'fill-opacity': 0.35 } },
      { id: 'gap-line', type: 'line', source: 'gaps', layout: { visibility: 'none' }, paint: { 'line-color': gapColour, 'line-width': 2 } },
      { id: 'area-line', type: 'line', source: 'areas', 'source-layer': 'areas', paint: { 'line-color': '#5d4037', 'line-width': ['match', ['get', 'level'], 'DISTRICT', 2, 1], 'line-dasharray': [3, 1] } },
      {
        id: 'venue-circle', type: 'circle', source: 'venues', 'source-layer': 'venues', layout: { visibility: 'none' },
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2.5, 14, 7],
          'circle-color': ['case', ['get', 'open'], byLevel, '#ffffff'],
          'circle-stroke-color': ['case', ['!', ['get', 'open']], '#757575', ['boolean', ['feature-state', 'booked'], false], '#000000', '#00e676'],
          'circle-stroke-width': 2,
        },
      },
      {
        id: 'unit-circle', type: 'circle', source: 'units', 'source-layer': 'units', layout: { visibility: 'none' },
        paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2, 14, 6], 'circle-color': unitColour, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 },
      },
      {
        id: 'office-circle', type: 'circle', source: 'office', layout: { visibility: 'none' },
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2.5, 14, 7],
          'circle-color': ['case', ['get', 'vacant'], officeColours.vacant, officeColours.assigned], 'circle-stroke-color': '#000', 'circle-stroke-width': 1,
        },
      },
      {
        id: 'candidate-circle', type: 'circle', source: 'candidates', layout: { visibility: 'none' },
        paint: { 'circle-radius': 8, 'circle-color': officeColours.vacant, 'circle-stroke-color': gapColour, 'circle-stroke-width': 3 },
      },
      {
        id: 'area-label', type: 'symbol', source: 'labels',
        layout: { 'text-field': areaLabel, 'text-font': [family], 'text-size': 13, 'symbol-placement': 'point', 'text-max-width': 12, 'text-allow-overlap': true },
        paint: { 'text-color': '#3e2723', 'text-halo-color': '#fffdf7', 'text-halo-width': 1.5 },
      },
      {
        id: 'compound-label', type: 'symbol', source: 'compounds', 'source-layer': 'compounds', minzoom: 15,
        layout: { 'text-field': ['get', 'name'], 'text-font': [family], 'text-size': 11 },
        paint: { 'text-color': '#212121', 'text-halo-color': '#fff', 'text-halo-width': 1 },
      },
    ],
  };
}

/** Which style layers each of the page's layer switches shows. */
export const overlayLayers = {
  venues: ['venue-circle'],
  units: ['unit-circle'],
  office: ['office-circle'],
  gaps: ['gap-fill', 'gap-line', 'candidate-circle'],
};
