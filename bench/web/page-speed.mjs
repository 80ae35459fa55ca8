// The battle map page's speed in Debian's chromium (make bench, not a timed test): the city view's
// first complete render (map idle with every tile drawn, figures and chart shown), a date change
// redrawn (map alone, and map with figures), and the bundle's size. Usage:
//   node bench/web/page-speed.mjs URL [RUNS] [MAP]   (prints a Markdown section; MAP names the map served)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from '../../web/node_modules/playwright-core/index.mjs';

const url = process.argv[2] ?? 'http://127.0.0.1:5080';
const runs = Number(process.argv[3] ?? 5);
const mapName = process.argv[4] ?? 'the demo map (maps/longyan)';
const dist = new URL('../../web/dist/', import.meta.url).pathname;

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kib = n => `${(n / 1024).toFixed(0)} KiB`;

// Each asset's size as built and as sent to a browser accepting brotli (the build's .br copy,
// which GeoHub serves when it exists; fonts are woff2, compressed already).
function bundleSizes() {
  const assets = join(dist, 'assets');
  const names = readdirSync(assets);
  const size = f => statSync(join(assets, f)).size;
  const files = names.filter(f => !/\.(br|gz)$/.test(f)).map(f => ({ f, size: size(f), sent: names.includes(`${f}.br`) ? size(`${f}.br`) : size(f) }));
  const html = name => readFileSync(join(dist, name), 'utf8');
  const referenced = page => files.filter(({ f }) => html(page).includes(f));
  const sum = xs => [xs.reduce((a, { size }) => a + size, 0), xs.reduce((a, { sent }) => a + sent, 0)];
  const fonts = files.filter(({ f }) => f.endsWith('.woff2'));
  const worker = files.filter(({ f }) => f.startsWith('maplibre-gl-worker'));
  return [
    ['map page: HTML-referenced JS + CSS (entry and its preloads)', sum(referenced('index.html'))],
    ['map page: MapLibre worker', sum(worker)],
    ['GraphiQL: HTML-referenced JS + CSS', sum(referenced('graphiql.html'))],
    [`CJK font subsets (${fonts.length} files, loaded one by one as text needs them)`, sum(fonts)],
    ['whole bundle (web/dist, without the compressed copies)', sum(files)],
  ];
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

async function firstRender(context, path) {
  const page = await context.newPage();
  const t0 = Date.now();
  const finished = { tiles: 0, graphql: 0, assets: 0 };
  // The worker's tile requests are not in the page's resource timing, but Playwright sees them all.
  page.on('requestfinished', request => {
    for (const part of Object.keys(finished)) {
      if (request.url().includes(`/${part}`)) finished[part] = Math.max(finished[part], Date.now() - t0);
    }
  });
  await page.goto(url + path);
  await page.waitForSelector('body[data-state=ready]', { timeout: 120_000 });
  const ms = Date.now() - t0;
  // Where the time went: when the last bundle file, tile and GraphQL answer arrived.
  return { page, ms, parts: { ...finished } };
}

// A date change as a person makes it: the date field's change event, then the map's next idle
// (tiles of the new day drawn) and the page's ready state (figures and chart too).
async function dateChange(page, day) {
  return page.evaluate(async d => {
    const map = window.geohub.map;
    const input = document.getElementById('asOf');
    const before = document.body.dataset.render;
    const t0 = performance.now();
    const idle = new Promise(resolve => map.once('idle', () => resolve(performance.now() - t0)));
    input.value = d;
    input.dispatchEvent(new Event('change'));
    const mapMs = await idle;
    while (document.body.dataset.render === before || document.body.dataset.state !== 'ready') await new Promise(r => setTimeout(r, 5));
    return { mapMs, allMs: performance.now() - t0 };
  }, day);
}

const cold = [], warm = [], mapOnly = [], withFigures = [], mapOnlyCold = [], coldParts = [];
for (let i = 0; i < runs; i++) {
  // Cold: a new browser context (empty HTTP cache); the server's tile cache may be warm after run 1.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const first = await firstRender(context, '/?area=350800&asOf=2019-06-30');
  cold.push(first.ms);
  coldParts.push(first.parts);
  const again = await firstRender(context, '/?area=350800&asOf=2019-06-30');
  warm.push(again.ms);
  // A day not drawn before in this run (tiles not in the browser's cache), then back and forth.
  const fresh = await dateChange(again.page, `2018-0${1 + (i % 9)}-15`);
  mapOnlyCold.push(fresh.mapMs);
  for (const day of ['2017-12-31', '2019-06-30']) {
    const r = await dateChange(again.page, day);
    mapOnly.push(r.mapMs);
    withFigures.push(r.allMs);
  }
  await context.close();
}
// The A0 wall chart (7022 × 4967) once, from the city view.
const exportContext = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
const exporting = (await firstRender(exportContext, '/?area=350800&asOf=2019-06-30')).page;
await exporting.selectOption('#exportSize', 'A0');
const e0 = Date.now();
const [download] = await Promise.all([exporting.waitForEvent('download', { timeout: 600_000 }), exporting.click('#export')]);
const exportMs = Date.now() - e0;
const exportSize = await exporting.getAttribute('body', 'data-export');
await download.delete();
await exportContext.close();
await browser.close();

const lines = [
  `## Battle map page on ${mapName} (bench/web/page-speed.mjs)`,
  '',
  `Debian chromium, headless, software WebGL, 1400 × 900, against ${url}; ${runs} runs, medians; load average ${loadavg().map(l => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min) at the end.`,
  '',
  '| measure | median | runs | target |',
  '| --- | --- | --- | --- |',
  `| city view, first complete render, new browser context | ${median(cold)} ms | ${cold.join(', ')} | ≤ 2000 ms |`,
  `| of it: last bundle file, last tile, last GraphQL answer (from navigation start) | ${median(coldParts.map(p => p.assets))} / ${median(coldParts.map(p => p.tiles))} / ${median(coldParts.map(p => p.graphql))} ms | | |`,
  `| city view, reload in the same context (HTTP cache warm) | ${median(warm)} ms | ${warm.join(', ')} | |`,
  `| date change to a day not drawn before, map redrawn | ${Math.round(median(mapOnlyCold))} ms | ${mapOnlyCold.map(Math.round).join(', ')} | ≤ 300 ms |`,
  `| date change between 2017-12-31 and 2019-06-30, map redrawn | ${Math.round(median(mapOnly))} ms | ${mapOnly.map(Math.round).join(', ')} | ≤ 300 ms |`,
  `| the same, with figures and progress chart | ${Math.round(median(withFigures))} ms | ${withFigures.map(Math.round).join(', ')} | |`,
  `| export of the city as an A0 PNG (${exportSize}) | ${exportMs} ms | 1 | |`,
  '',
  '| bundle part | size | sent with brotli |',
  '| --- | --- | --- |',
  ...bundleSizes().map(([what, [size, sent]]) => `| ${what} | ${kib(size)} | ${kib(sent)} |`),
  '',
];
console.log(lines.join('\n'));
