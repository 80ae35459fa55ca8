// Where the battle map page's first render spends its time: one cold load of a view in Debian's
// chromium, every request with its start and end (ms from navigation) and size, GraphQL requests
// by operation name, then the page's own measures. Usage:
//   node bench/web/trace.mjs URL [PATH]   e.g. node bench/web/trace.mjs http://127.0.0.1:5080 '/?area=350800&asOf=2019-06-30'
import { chromium } from '../../web/node_modules/playwright-core/index.mjs';
const url = process.argv[2];
const path = process.argv[3] ?? '/?area=350800&asOf=2019-06-30';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
const page = await context.newPage();
const t0 = Date.now();
const rows = [];
const starts = new Map();
page.on('request', r => starts.set(r, Date.now() - t0));
page.on('requestfinished', async r => {
  const s = await r.sizes().catch(() => ({}));
  const op = r.url().includes('/graphql') ? (JSON.parse(r.postData() ?? '{}').query?.match(/(?:query|subscription)\s+(\w+)/)?.[1] ?? '') : '';
  rows.push([starts.get(r), Date.now() - t0, s.responseBodySize ?? 0, `${r.url().replace(url, '').slice(0, 90)} ${op}`]);
});
await page.goto(url + path);
await page.waitForSelector('body[data-state=ready]', { timeout: 120_000 });
const total = Date.now() - t0;
const perf = await page.evaluate(() => ({
  nav: performance.getEntriesByType('navigation')[0].toJSON(),
  marks: performance.getEntriesByType('measure').map(m => [m.name, Math.round(m.startTime), Math.round(m.duration)]),
  paint: performance.getEntriesByType('paint').map(p => [p.name, Math.round(p.startTime)]),
}));
rows.sort((a, b) => a[0] - b[0]);
console.log(' start    end     bytes  request');
for (const r of rows) console.log(String(r[0]).padStart(6), String(r[1]).padStart(6), String(r[2]).padStart(9), r[3]);
console.log('ready', total, 'ms; domContentLoaded', Math.round(perf.nav.domContentLoadedEventEnd), 'load', Math.round(perf.nav.loadEventEnd));
console.log('measures', JSON.stringify(perf.marks), 'paint', JSON.stringify(perf.paint));
await browser.close();
