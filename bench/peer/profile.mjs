// The profile pass: what each server sends to PostgreSQL per request, counted on the wire by
// pgcount.mjs. It uses a second instance of each server, connected through the proxy, so the
// timed servers never have a proxy in their path. Requests are sequential and counted after a
// warm-up (prepared statements, caches), so the figures are a steady request's.
const warmUp = 30;
const measured = 100;

async function counts(counter, reset) {
  const response = await fetch(counter, { method: reset ? 'POST' : 'GET' });
  return response.json();
}

export async function profile(ops, urls, post) {
  const results = {};
  for (const op of ops) {
    results[op.name] = {};
    for (const key of ['geohub', 'peer']) {
      const request = op[key];
      for (let i = 0; i < warmUp; i++) {
        await post(urls[key], request);
      }
      await counts(urls.counter, true);
      let httpBytes = 0;
      for (let i = 0; i < measured; i++) {
        httpBytes += (await post(urls[key], request)).bytes;
      }
      // The proxy counts bytes as they pass; every request above has been answered.
      const c = await counts(urls.counter, false);
      results[op.name][key] = {
        statements: (c.executes + c.queries) / measured,
        roundTrips: (c.syncs + c.queries) / measured,
        parses: c.parses / measured,
        bytesToServer: c.bytesToServer / measured,
        bytesToClient: c.bytesToClient / measured,
        newConnections: c.connections,
        httpBytes: httpBytes / measured,
        // What was sent, most executed first: the text of each statement and its count per request.
        sent: Object.entries(c.statements).sort((x, y) => y[1] - x[1]).map(([sql, n]) => ({ perRequest: n / measured, sql })),
      };
      const { sent, ...figures } = results[op.name][key];
      console.log(`peer: profile ${op.name} ${key}: ${JSON.stringify(figures)}`);
    }
  }
  return results;
}
