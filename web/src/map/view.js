// The view lives in the URL (?area=350802&asOf=2019-06-30&layers=venues,gaps&lang=en&every=MONTH&gap=1000),
// so a link reproduces what its sender saw.
export const layerNames = ['venues', 'units', 'office', 'gaps'];

export function today() {
  // Days are Longyan's (Asia/Shanghai), as the server counts them.
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

export function readView() {
  const q = new URLSearchParams(location.search);
  const day = q.get('asOf');
  return {
    area: q.get('area') || '350800',
    asOf: /^\d{4}-\d{2}-\d{2}$/.test(day ?? '') ? day : today(),
    layers: new Set((q.get('layers') || '').split(',').filter(l => layerNames.includes(l))),
    lang: q.get('lang') === 'en' ? 'en' : 'zh',
    every: ['WEEK', 'FORTNIGHT', 'MONTH'].includes(q.get('every')) ? q.get('every') : 'FORTNIGHT',
    gap: Number(q.get('gap')) > 0 ? Number(q.get('gap')) : 1000,
  };
}

export function writeView(view) {
  const q = new URLSearchParams();
  q.set('area', view.area);
  q.set('asOf', view.asOf);
  if (view.layers.size) q.set('layers', layerNames.filter(l => view.layers.has(l)).join(','));
  if (view.lang === 'en') q.set('lang', 'en');
  if (view.every !== 'FORTNIGHT') q.set('every', view.every);
  if (view.gap !== 1000) q.set('gap', String(view.gap));
  history.replaceState(null, '', `${location.pathname}?${q}`);
}
