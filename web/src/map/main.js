// The battle map page (/): GeoHub's own tiles coloured by coverage on the chosen day, the area's
// headline figures and progress, layers, the compound panel, sign-in, export and live updates.
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import areaQuery from '../operations/map-area.graphql?raw';
import figuresQuery from '../operations/map-figures.graphql?raw';
import firstDayQuery from '../operations/map-first-day.graphql?raw';
import { el } from '../shared/dom.js';
import { installPageFont } from '../shared/fonts.js';
import { authHeaders, setToken, token } from '../shared/session.js';
import { loadProgress, renderChart } from './chart.js';
import { exportPng } from './export.js';
import { renderFigures } from './figures.js';
import { dictionary, translatePage } from './i18n.js';
import { renderLegend } from './legend.js';
import { follow, liveSupported, restart } from './live.js';
import { officeSpace, venueGaps, venuesInUse } from './overlays.js';
import { openPanel } from './panel.js';
import { colourByDay } from './days.js';
import { compoundLayers, createStyle, datedLayers, overlayLayers, selectionFilters, tileUrl } from './style.js';
import { gql } from '../shared/graphql.js';
import { readView, today, writeView } from './view.js';
import './page.css';

maplibregl.setWorkerUrl(workerUrl);
installPageFont();

const $ = id => document.getElementById(id);
const view = readView();

// What the first render needs from GraphQL is asked at once, beside MapLibre's own start-up (its
// worker, the style, the first tiles), not after the map's load event, which waits for every tile:
// the area (figures, extent), the first recorded day (the chart's start) and live support.
maplibregl.prewarm();
const startup = {
  area: gql(areaQuery, { area: view.area }),
  figures: gql(figuresQuery, { area: view.area, asOf: view.asOf }),
  firstDay: gql(firstDayQuery),
  live: liveSupported(),
};
let t = dictionary(view.lang);
let tileVersion = 0;
let area = null;
let areaLoaded = null;
let coverage = null;
let firstDay = null;
let live = false;
let renders = 0;

// Same-origin requests (tiles, GeoJSON) carry the caller's token like GraphQL does.
const transformRequest = url => (url.startsWith(location.origin) ? { url, headers: authHeaders() } : { url });

const map = new maplibregl.Map({
  container: 'map',
  style: createStyle(view.asOf, tileVersion),
  center: [116.75, 25.2],
  zoom: 7.5,
  attributionControl: { compact: true, customAttribution: 'GeoHub · demo geometry' },
  // Labels of the new day appear at once: MapLibre's 300 ms label fade-in was most of a date
  // change's redraw once the data had come (bench/web/page-speed.mjs).
  fadeDuration: 0,
  transformRequest,
});
const compoundDays = colourByDay(map, view.asOf);
// Sources and layers can be touched from here on; the map's load event comes only after the tiles.
const styleLoaded = new Promise(resolve => map.once('style.load', resolve));
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
map.addControl(new maplibregl.ScaleControl(), 'bottom-left');

/**
 * Marks the page busy until the map is idle and every figure is drawn (tests and bench wait for
 * it), and leaves how long the data and the whole took as performance measures for the bench.
 */
async function settle(work) {
  document.body.dataset.state = 'loading';
  const start = performance.now();
  try {
    await work;
    performance.measure(`geohub:data:${renders + 1}`, { start });
    // Drawn means a frame rendered with every tile loaded after the work (idle follows such a
    // frame; a repaint makes sure there is one), and the page's text in its font.
    const idle = map.once('idle');
    map.triggerRepaint();
    await Promise.all([idle, document.fonts.ready]);
    performance.measure(`geohub:complete:${renders + 1}`, { start });
  } finally {
    renders += 1;
    document.body.dataset.render = String(renders);
    document.body.dataset.state = 'ready';
  }
}

/** Points the layers' sources at the day's (or the new version's) tiles: each setTiles fetches anew. */
function setTiles(layers = ['compounds', ...datedLayers]) {
  for (const layer of layers) map.getSource(layer).setTiles([tileUrl(layer, view.asOf, tileVersion)]);
}

function renderBreadcrumb() {
  const chain = [];
  for (let a = area; a; a = a.parent) chain.unshift(a);
  const nav = $('breadcrumb');
  nav.replaceChildren(el('ol', {}, chain.map((a, i) => el('li', {},
    i === chain.length - 1
      ? el('span', { 'aria-current': 'page' }, a.name)
      : el('a', { href: `?area=${a.code}`, onclick: e => { e.preventDefault(); goTo(a.code); } }, a.name)))));
  if (area.children.length) {
    const select = el('select', { id: 'children', 'aria-label': t[area.children[0].level] ?? area.children[0].level },
      el('option', { value: '' }, `${t[area.children[0].level] ?? ''} …`),
      area.children.map(c => el('option', { value: c.code }, c.name)));
    select.addEventListener('change', () => select.value && goTo(select.value));
    nav.append(select);
  }
}

function renderSignIn() {
  const signedIn = Boolean(token());
  $('signOut').hidden = !signedIn;
  $('who').textContent = signedIn ? t.signedIn : t.signedOut;
  $('token').value = '';
}

/** The area in view: name, breadcrumb, the camera on its extent and its outline. */
async function loadArea(fit, answer = gql(areaQuery, { area: view.area })) {
  const data = await answer;
  if (!data.area) throw new Error(`no area ${view.area}`);
  area = data.area;
  $('areaName').textContent = area.name;
  renderBreadcrumb();
  // The camera first, so that the first tiles asked for are the area's (no style needed for it).
  if (fit && area.extent) map.fitBounds([[area.extent[0], area.extent[1]], [area.extent[2], area.extent[3]]], { padding: 24, animate: false });
  await styleLoaded;
  map.setFilter('area-selected', ['==', ['get', 'code'], area.code]);
}

/** The day's figures, and one label per child area (the centre of its extent) with its coverage rate. */
async function loadFigures(answer = gql(figuresQuery, { area: view.area, asOf: view.asOf })) {
  const data = await answer;
  coverage = data.coverage;
  renderFigures($('figures'), t, coverage);
  await areaLoaded;
  await styleLoaded;
  const rates = new Map(data.area.children.map(c => [c.code, c.coverage]));
  map.getSource('labels').setData({
    type: 'FeatureCollection',
    features: area.children.filter(c => c.extent && rates.has(c.code)).map(c => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [(c.extent[0] + c.extent[2]) / 2, (c.extent[1] + c.extent[3]) / 2] },
      properties: { code: c.code, name: c.name, rate: rates.get(c.code).compounds ? `${(rates.get(c.code).coverageRate * 100).toFixed(1)}%` : '—' },
    })),
  });
}

async function loadFirstDay(answer = gql(firstDayQuery)) {
  firstDay = (await answer).firstRecordedDay;
  setDateBounds();
}

async function loadChart() {
  renderChart($('chart'), $('chartCaption'), t, await loadProgress(view.area, view.asOf, view.every, firstDay));
}

async function loadOverlays() {
  await styleLoaded;
  const jobs = [];
  if (view.layers.has('office')) jobs.push(officeSpace(view.area, view.asOf).then(data => map.getSource('office').setData(data)));
  if (view.layers.has('gaps')) {
    jobs.push(venueGaps(view.area, view.gap).then(({ count, gaps, candidates }) => {
      map.getSource('gaps').setData(gaps);
      map.getSource('candidates').setData(candidates);
      $('gapSummary').textContent = t.gapSummary(count, view.gap);
    }));
  } else {
    $('gapSummary').textContent = '';
  }
  if (view.layers.has('venues')) {
    jobs.push(venuesInUse(view.area).then(ids => {
      map.removeFeatureState({ source: 'venues', sourceLayer: 'venues' });
      for (const id of ids) map.setFeatureState({ source: 'venues', sourceLayer: 'venues', id }, { booked: true });
    }));
  }
  await Promise.all(jobs);
}

function showLayers() {
  for (const [name, ids] of Object.entries(overlayLayers)) {
    for (const id of ids) map.setLayoutProperty(id, 'visibility', view.layers.has(name) ? 'visible' : 'none');
  }
  for (const box of $('layers').querySelectorAll('input')) box.checked = view.layers.has(box.value);
  renderLegend($('legend'), t, view.layers);
}

function setDateBounds() {
  const min = firstDay ?? '2000-01-01';
  const max = today();
  Object.assign($('asOf'), { min, max, value: view.asOf });
  const days = d => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);
  Object.assign($('asOfRange'), { min: days(min), max: days(max), value: days(view.asOf) });
  $('asOfRange').setAttribute('aria-valuetext', view.asOf);
}

async function refreshPanel() {
  const panel = $('panel');
  if (panel.hidden || !panel.dataset.compoundId) return;
  const [feature] = map.querySourceFeatures('compounds', { sourceLayer: 'compounds', filter: ['==', ['get', 'id'], panel.dataset.compoundId] });
  await openPanel(panel, t, feature?.properties ?? { id: panel.dataset.compoundId, name: $('panelTitle').textContent }, view.asOf);
}

async function goTo(code) {
  view.area = code;
  writeView(view);
  if (live) follow(view.area, onChange);
  areaLoaded = loadArea(true);
  await settle(Promise.all([areaLoaded, loadFigures(), loadChart(), loadOverlays()]));
}

async function changeDay(day) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day === view.asOf) return;
  view.asOf = day;
  writeView(view);
  setDateBounds();
  // Compounds are recoloured from the history their tiles hold; only the dated layers fetch.
  compoundDays.setDay(day);
  setTiles(datedLayers);
  await settle(Promise.all([loadFigures(), loadChart(), loadOverlays(), refreshPanel()]));
}

function onChange() {
  tileVersion += 1;
  setTiles();
  // A change may be the earliest fact yet, which moves the chart's and the date control's start.
  settle(Promise.all([loadFigures(), loadFirstDay().then(loadChart), loadOverlays(), refreshPanel()]));
}

function wire() {
  $('asOf').addEventListener('change', e => changeDay(e.target.value));
  $('asOfRange').addEventListener('change', e => changeDay(new Date(Number(e.target.value) * 86_400_000).toISOString().slice(0, 10)));
  $('every').value = view.every;
  $('every').addEventListener('change', e => { view.every = e.target.value; writeView(view); settle(loadChart()); });
  $('gapDistance').value = String(view.gap);
  $('gapDistance').addEventListener('change', e => { view.gap = Number(e.target.value); writeView(view); settle(loadOverlays()); });
  $('layers').addEventListener('change', e => {
    if (e.target.checked) view.layers.add(e.target.value);
    else view.layers.delete(e.target.value);
    writeView(view);
    showLayers();
    settle(loadOverlays());
  });
  $('lang').addEventListener('click', () => {
    view.lang = view.lang === 'en' ? 'zh' : 'en';
    t = dictionary(view.lang);
    writeView(view);
    translateAll();
    settle(Promise.all([loadFigures(), loadChart(), refreshPanel()]));
  });
  $('signIn').addEventListener('submit', e => {
    e.preventDefault();
    setToken($('token').value.trim());
    afterSignIn();
  });
  $('signOut').addEventListener('click', () => { setToken(''); afterSignIn(); });
  $('panelClose').addEventListener('click', () => { $('panel').hidden = true; select(''); });
  $('export').addEventListener('click', async () => {
    $('export').disabled = true;
    $('exportStatus').textContent = t.exporting;
    try {
      const size = $('exportSize').value;
      const result = await exportPng(map, {
        size, title: t.wallTitle(area.name), day: view.asOf, t, coverage, layers: view.layers, transformRequest,
        fileName: `battle-map-${view.area}-${view.asOf}-${size}.png`,
      });
      $('exportStatus').textContent = `${t.exported}: ${result.width} × ${result.height}`;
      document.body.dataset.export = `${result.width}x${result.height}`;
    } finally {
      $('export').disabled = false;
    }
  });

  map.on('click', async e => {
    const compound = compoundAt(e.point);
    if (compound?.properties.count > 1) {
      // A dot of a tile too dense to draw compound by compound stands for several: zoom in on them.
      await settle(new Promise(resolve => map.easeTo({ center: compound.geometry.coordinates, zoom: Math.min(map.getZoom() + 2, 12) }).once('moveend', resolve)));
      return;
    }
    if (compound) {
      select(compound.properties.id);
      await settle(openPanel($('panel'), t, compound.properties, view.asOf));
      return;
    }
    const [feature] = map.queryRenderedFeatures(e.point, { layers: ['area-fill'] });
    if (feature && feature.properties.code !== view.area) await goTo(feature.properties.code);
  });
  for (const layer of [...compoundLayers, 'area-fill']) {
    map.on('mouseenter', layer, () => { map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', layer, () => { map.getCanvas().style.cursor = ''; });
  }
}

function translateAll() {
  translatePage(t, view.lang);
  $('lang').textContent = view.lang === 'en' ? '中文' : 'English';
  $('lang').lang = view.lang === 'en' ? 'zh-CN' : 'en';
  renderSignIn();
  renderLegend($('legend'), t, view.layers);
  if (area) renderBreadcrumb();
  if (coverage) renderFigures($('figures'), t, coverage);
}

function afterSignIn() {
  renderSignIn();
  restart();
  tileVersion += 1;
  setTiles();
  if (live) follow(view.area, onChange);
  settle(Promise.all([loadOverlays(), refreshPanel()]));
}

// Below z12 compounds are dots a few pixels wide: a click takes the compound whose polygon holds
// it, else the dot whose centre is nearest within a few pixels (so a click beside a small dot
// still finds it, and of dots drawn over each other the one aimed at wins).
const dotReach = 4;

function compoundAt(point) {
  const box = [[point.x - dotReach, point.y - dotReach], [point.x + dotReach, point.y + dotReach]];
  const [polygon] = map.queryRenderedFeatures(point, { layers: ['compound-fill'] });
  if (polygon) return polygon;
  let nearest = null;
  let best = Infinity;
  for (const feature of map.queryRenderedFeatures(box, { layers: ['compound-point'] })) {
    const centre = map.project(feature.geometry.coordinates);
    const distance = Math.hypot(centre.x - point.x, centre.y - point.y);
    if (distance < best) [nearest, best] = [feature, distance];
  }
  return nearest;
}

function select(id) {
  for (const [layer, filter] of Object.entries(selectionFilters(id))) map.setFilter(layer, filter);
}

// For the page's tests and bench: the map, the compounds drawn on screen now, and the one a
// click at a point of the canvas would open.
window.geohub = {
  map,
  view,
  compoundLayers,
  renderedCompounds: () => [...new Set(map.queryRenderedFeatures({ layers: compoundLayers }).map(f => f.properties.id))],
  compoundAt: (x, y) => compoundAt(new maplibregl.Point(x, y)),
};

translateAll();
wire();
document.body.dataset.state = 'loading';
areaLoaded = loadArea(true, startup.area);
settle(Promise.all([
  areaLoaded,
  loadFigures(startup.figures),
  loadFirstDay(startup.firstDay).then(loadChart),
  styleLoaded.then(() => { showLayers(); return loadOverlays(); }),
  startup.live.then(supported => {
    live = supported;
    if (live) follow(view.area, onChange);
  }),
]));
