// The BENCHMARKS.md section of one peer run: every figure comes from the run's measurements.
const target = 1.5;

const sum = (xs, f) => xs.reduce((s, x) => s + f(x), 0);
const mean = xs => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const int = x => Math.round(x).toLocaleString('en-US');
const fixed = (x, d = 2) => x.toFixed(d);
const ms = x => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const pct = x => `${(x * 100).toFixed(0)}%`;

function summarise(rounds, ticksPerSecond) {
  const rps = rounds.map(r => r.rps);
  const requests = sum(rounds, r => r.requests);
  const coreMs = ticks => (ticks / ticksPerSecond) * 1000 / requests;
  return {
    rps: mean(rps),
    spread: (Math.max(...rps) - Math.min(...rps)) / mean(rps),
    p50: median(rounds.map(r => r.p50)),
    p95: median(rounds.map(r => r.p95)),
    p99: median(rounds.map(r => r.p99)),
    process: coreMs(sum(rounds, r => r.ticks.process)),
    backends: coreMs(sum(rounds, r => r.ticks.backends)),
    client: coreMs(sum(rounds, r => r.ticks.client)),
    busyCores: sum(rounds, r => r.ticks.machine) / ticksPerSecond / sum(rounds, r => r.seconds),
    ownCores: sum(rounds, r => r.ticks.process + r.ticks.backends + r.ticks.client) / ticksPerSecond / sum(rounds, r => r.seconds),
    bytes: mean(rounds.map(r => r.bytesPerRequest)),
    lost: sum(rounds, r => r.backendsLost),
  };
}

export function report({ settings, machine, results, access = [], direct = [], profiles, fixture, notes }) {
  const lines = [];
  const line = (text = '') => lines.push(text);
  const t = machine.ticksPerSecond;
  const rows = results.map(r => ({
    ...r,
    g: summarise(r.rounds.geohub, t),
    p: summarise(r.rounds.peer, t),
    roundRatios: r.rounds.geohub.map((g, i) => g.rps / r.rounds.peer[i].rps),
  }));

  line(`## GeoHub and PostGraphile on the ${settings.map} map`);
  line();
  line(`Made by \`${settings.command}\` (scripts/bench-peer.sh, bench/peer) on ${machine.started.toISOString().slice(0, 16).replace('T', ' ')} UTC, `
    + `${Math.round((machine.finished - machine.started) / 60000)} min; every figure in this section is from that run.`);
  line(`Database \`${settings.database}\` (${int(machine.counts.compounds)} compounds, ${int(machine.counts.units)} co-building units, ${int(machine.counts.venues)} venues), the same for both servers.`);
  line();
  line(`- **Servers:** \`geohub serve\` (Release, Production) and PostGraphile 4.14.1 with @graphile/postgis 0.2.0 and graphql 15`);
  line(`  (one Node ${machine.node} process, NODE_ENV=production, no GraphiQL, no query log, dynamic JSON), over the SQL functions of`);
  line('  `bench/peer/peer.sql`, which give exactly GeoHub\'s answers (same KNN-then-spheroid SQL, ties by id, inclusive radius).');
  line(`- **Checked first:** each operation's two answers, normalised (\`bench/peer/normalise.mjs\`: ids, enum spelling, GeoJSON wrapper,`);
  line('  cursors), are identical, and the floor SQL returns the same rows; checked again after the timing. A mismatch fails the bench.');
  line(`- **Load:** wrk (${machine.wrk.split(' Copyright')[0]}), 1 thread, ${settings.clients} keep-alive connections, POST, closed loop. Each server is warmed up for`);
  line(`  ${settings.warmUp} s, then ${settings.rounds} rounds of ${settings.seconds} s alternate between the servers (G P, P G, G P: each goes first`);
  line('  as often as possible). req/s is the mean of the rounds; **spread** is (max − min) ÷ mean of the rounds; p50/p95/p99 are');
  line('  the median round\'s; the ratio is GeoHub\'s mean ÷ PostGraphile\'s, with the per-round ratios in brackets.');
  line(`- **Floor:** pgbench, the minimal SQL of the answer (prepared, ${settings.clients} clients, 2 threads, ${settings.floorSeconds} s after a warm-up).`);
  line(`- **Machine:** ${machine.cpu}, ${machine.cores} cores shared by the client, both servers, PostgreSQL ${machine.postgres.v}`);
  line(`  (PostGIS ${machine.postgres.p}) and other engineers' work; load average ${machine.loadBefore} before, ${machine.loadAfter} after.`);
  line('  The "other" column below is the machine\'s busy CPU during the rounds that was not the measured server, its backends or wrk');
  line('  (the idle peer, PostgreSQL\'s own processes, the kernel, other users): figures are noisy; see the notes for which ratio to trust.');
  line(`- Asked about: compound ${fixture.compoundId} (恒兴绿景小区), district ${fixture.areaCode} (新罗区), the point ${fixture.point.join(', ')}.`);
  line();
  line(`| operation | GeoHub req/s | PostGraphile req/s | GeoHub ÷ PostGraphile | target ≥ ${target} | SQL floor req/s |`);
  line('| --- | ---: | ---: | ---: | --- | ---: |');
  for (const r of rows) {
    const ratio = r.g.rps / r.p.rps;
    const perRound = r.roundRatios.map(x => fixed(x)).join(', ');
    line(`| ${r.op.title} | ${int(r.g.rps)} | ${int(r.p.rps)} | **${fixed(ratio)}** (${perRound}) | ${ratio >= target ? 'met' : 'missed'} | ${int(r.floor.rps)} |`);
  }
  line();
  line('Latency under the same load (ms) and the spread of req/s between rounds:');
  line();
  line('| operation | GeoHub p50 / p95 / p99 | PostGraphile p50 / p95 / p99 | GeoHub spread | PostGraphile spread | floor latency (mean) |');
  line('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    line(`| ${r.op.name} | ${ms(r.g.p50)} / ${ms(r.g.p95)} / ${ms(r.g.p99)} | ${ms(r.p.p50)} / ${ms(r.p.p95)} / ${ms(r.p.p99)} | ${pct(r.g.spread)} | ${pct(r.p.spread)} | ${ms(r.floor.latencyMs)} |`);
  }
  line();
  line('CPU per request under load, in core-milliseconds (utime + stime from /proc over all rounds ÷ requests answered): the server\'s');
  line('process, its PostgreSQL backends (found by application_name), and wrk; busy cores is the whole machine during the server\'s rounds,');
  line('"other" the part of it that was none of these. With both cores busy, req/s is the CPU a server is left ÷ its CPU per request,');
  line('so **P ÷ G of process + backends** is the ratio of req/s the two would have with CPU the only limit: it does not depend on how');
  line('much CPU other users happened to take in each server\'s rounds (though a crowded machine raises every CPU cost a little).');
  line();
  line('| operation | GeoHub process | PostGraphile process | GeoHub backends | PostGraphile backends | backends G ÷ P | process + backends P ÷ G | wrk G / P | busy cores G / P (other) |');
  line('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const other = x => fixed(x.busyCores - x.ownCores);
    const total = x => x.process + x.backends;
    line(`| ${r.op.name} | ${fixed(r.g.process, 3)} | ${fixed(r.p.process, 3)} | ${fixed(r.g.backends, 3)} | ${fixed(r.p.backends, 3)} | ${fixed(r.g.backends / r.p.backends)} | **${fixed(total(r.p) / total(r.g))}** | ${fixed(r.g.client, 3)} / ${fixed(r.p.client, 3)} | ${fixed(r.g.busyCores)} / ${fixed(r.p.busyCores)} (${other(r.g)} / ${other(r.p)}) |`);
  }
  const lost = sum(rows, r => r.g.lost + r.p.lost);
  if (lost > 0) {
    line();
    line(`${lost} backends closed during a round; the CPU they spent in it is missing from the backend columns.`);
  }
  if (access.length > 0) {
    line();
    line('**What access control costs** (issue 8: with a token, by id and nearest units keep ≥ 90% of their throughput without it).');
    line('The GeoHub server above, every request with an ADMIN token (token check from its cache, caller, rate limiter, audit trail),');
    line('against the same binary on the same database started with `GeoHub:BenchWithoutAccessControl` (honoured only on a');
    line('`geohub_bench_*` database: every request is an ADMIN and none of the access layer\'s per-request work runs); the same warm-up');
    line('and alternating rounds, answers checked identical first. CPU is the server process\'s, in core-ms per request.');
    line();
    line('| operation | with a token req/s | without access control req/s | with ÷ without | target ≥ 0.90 | process CPU with / without |');
    line('| --- | ---: | ---: | ---: | --- | ---: |');
    for (const a of access) {
      const w = summarise(a.rounds.token, t);
      const n = summarise(a.rounds.open, t);
      const ratio = w.rps / n.rps;
      const perRound = a.rounds.token.map((x, i) => fixed(x.rps / a.rounds.open[i].rps)).join(', ');
      line(`| ${a.op.name} | ${int(w.rps)} | ${int(n.rps)} | **${fixed(ratio)}** (${perRound}) | ${ratio >= 0.9 ? 'met' : 'missed'} | ${fixed(w.process, 3)} / ${fixed(n.process, 3)} |`);
    }
  }
  if (direct.length > 0) {
    line();
    line('**What direct reads change.** The GeoHub server above against the same binary on the same database started with');
    line('`GeoHub:DirectReads:Enabled=false`, which answers every request with GraphQL.NET\'s execution (README, "How a query is');
    line('answered"); the same warm-up and alternating rounds, answers checked identical first. CPU in core-ms per request.');
    line();
    line('| operation | direct reads req/s | without req/s | with ÷ without | process CPU with / without | backends CPU with / without |');
    line('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const d of direct) {
      const on = summarise(d.rounds.on, t);
      const off = summarise(d.rounds.off, t);
      const perRound = d.rounds.on.map((x, i) => fixed(x.rps / d.rounds.off[i].rps)).join(', ');
      line(`| ${d.op.name} | ${int(on.rps)} | ${int(off.rps)} | **${fixed(on.rps / off.rps)}** (${perRound}) | ${fixed(on.process, 3)} / ${fixed(off.process, 3)} | ${fixed(on.backends, 3)} / ${fixed(off.backends, 3)} |`);
    }
  }
  if (profiles) {
    line();
    line('Per request on the wire between each server and PostgreSQL (a second instance of each server behind a counting proxy,');
    line('`bench/peer/pgcount.mjs`; 100 sequential requests after 30 of warm-up): statements (Execute + simple Query messages),');
    line('round trips (Sync + Query: each waits for PostgreSQL), Parse messages (statements not yet prepared), bytes each way; and');
    line('the HTTP response body.');
    line();
    line('| operation | statements G / P | round trips G / P | parses G / P | bytes to PostgreSQL G / P | bytes from PostgreSQL G / P | response bytes G / P |');
    line('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      const g = profiles[r.op.name].geohub;
      const p = profiles[r.op.name].peer;
      const pair = (f, d = 1) => `${fixed(f(g), d)} / ${fixed(f(p), d)}`;
      line(`| ${r.op.name} | ${pair(x => x.statements)} | ${pair(x => x.roundTrips)} | ${pair(x => x.parses)} | ${int(g.bytesToServer)} / ${int(p.bytesToServer)} | ${int(g.bytesToClient)} / ${int(p.bytesToClient)} | ${int(g.httpBytes)} / ${int(p.httpBytes)} |`);
    }
    line();
    line('<details><summary>The statements each server sent per request, as counted on the wire</summary>');
    line();
    for (const r of rows) {
      for (const [key, name] of [['geohub', 'GeoHub'], ['peer', 'PostGraphile']]) {
        line(`**${r.op.name}, ${name}:**`);
        line();
        for (const s of profiles[r.op.name][key].sent) {
          line(`- ${fixed(s.perRequest)} per request: \`${s.sql.replace(/\s+/g, ' ').trim()}\``);
        }
        line();
      }
    }
    line('</details>');
  }
  line();
  if (notes) {
    lines.push(notes.trimEnd());
  } else {
    line('How the peer is set up, and what these figures say, is written under the first map\'s section of this run.');
  }
  line();
  return lines.join('\n') + '\n';
}
