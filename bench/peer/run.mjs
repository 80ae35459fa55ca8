// GeoHub against PostGraphile on one database: every operation's answers are checked identical
// (normalised, see normalise.mjs) and against the floor SQL before anything is timed; then each
// server is warmed up, and timed in rounds that alternate between the two (G P, P G, G P, …);
// then pgbench runs the minimal SQL as the floor; last, the answers are checked again. A mismatch
// or a failed request ends the run with exit code 1 and writes nothing.
// Started by scripts/bench-peer.sh, which starts both servers; see it for the arguments.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { operations, fixture, fixtureSql } from './operations.mjs';
import { normalise, difference } from './normalise.mjs';
import { Load, ticksPerSecond } from './load.mjs';
import { profile } from './profile.mjs';
import { report } from './report.mjs';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));

function parse(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`unexpected argument '${argv[i]}'`);
    }
    options[argv[i].slice(2)] = argv[i + 1];
  }
  return options;
}

const o = parse(process.argv.slice(2));

// --report-only RESULTS.json rewrites the section from a run's saved measurements (to change
// the report's wording without measuring again); every figure is still that run's.
if (o['report-only']) {
  const saved = JSON.parse(readFileSync(o['report-only'], 'utf8'));
  const byName = new Map(operations(saved.fixture).map(op => [op.name, op]));
  saved.machine.started = new Date(saved.machine.started);
  saved.machine.finished = new Date(saved.machine.finished);
  const results = saved.results.map(r => ({ ...r, op: byName.get(r.name) }));
  const access = (saved.access ?? []).map(a => ({ ...a, op: byName.get(a.name) }));
  const direct = (saved.direct ?? []).map(d => ({ ...d, op: byName.get(d.name) }));
  writeSection(o.out, saved.settings.map, report({ ...saved, results, access, direct, notes: notes(o.notes) }));
  process.exit(0);
}
const settings = {
  map: o.map ?? 'x10',
  database: o.database,
  seconds: Number(o.seconds ?? 15),
  warmUp: Number(o['warm-up'] ?? 30),
  rounds: Number(o.rounds ?? 3),
  floorSeconds: Number(o['floor-seconds'] ?? o.seconds ?? 15),
  clients: Number(o.clients ?? 8),
  only: o.only ? o.only.split(',') : null,
  out: o.out,
  command: o.command ?? 'make bench',
};
const servers = {
  geohub: { name: 'GeoHub', url: o['geohub-url'], pid: Number(o['geohub-pid']), applicationName: o['geohub-app'] },
  peer: { name: 'PostGraphile', url: o['peer-url'], pid: Number(o['peer-pid']), applicationName: o['peer-app'] },
};
// The same GeoHub binary on the same database with GeoHub:BenchWithoutAccessControl, for issue 8's
// check of what access control costs (the main server, sent an ADMIN token, against this one).
const open = o['open-url'] ? { name: 'GeoHub without access control', url: o['open-url'], pid: Number(o['open-pid']), applicationName: o['open-app'] } : null;
const tokenHeaders = o.token ? [`Authorization: Bearer ${o.token}`] : [];
// The same GeoHub binary with GeoHub:DirectReads:Enabled=false: what the direct reads change,
// on the operations they answer (README, "How a query is answered").
const directOff = o['direct-off-url'] ? { name: 'GeoHub without direct reads', url: o['direct-off-url'], pid: Number(o['direct-off-pid']), applicationName: o['direct-off-app'] } : null;
const directOperations = ['compound-by-id', 'venues-near-point', 'units-page'];
const accessOperations = ['compound-by-id', 'nearest-5-units'];
const profiled = o['profile-geohub-url'] ? {
  geohub: o['profile-geohub-url'], peer: o['profile-peer-url'], counter: o['counter-url'],
} : null;

const workDir = path.resolve(o['work-dir'] ?? 'artifacts/bench/peer', settings.map);
mkdirSync(workDir, { recursive: true });

// libpq's environment (PGHOST, PGPORT, PGUSER, PGPASSWORD) names the cluster for pg, psql and pgbench alike.
const db = new pg.Client({ database: settings.database, application_name: 'geohub-bench-peer-driver' });
await db.connect();

async function post(url, request, headers = []) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...Object.fromEntries(headers.map(h => h.split(': '))) },
    body: JSON.stringify(request),
  });
  const text = await response.text();
  const body = JSON.parse(text);
  if (!response.ok || body.errors) {
    throw new Error(`HTTP ${response.status} ${text.slice(0, 500)}`);
  }
  return { data: body.data, bytes: Buffer.byteLength(text) };
}

async function psqlRows(sql) {
  const { stdout } = await run('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', settings.database, '-c', sql], { maxBuffer: 1 << 24 });
  return stdout.split('\n').filter(l => l !== '');
}

/** Both answers, normalised and identical, and the floor SQL's rows the same: else the bench fails. */
async function check(op, when) {
  const geohub = normalise((await post(servers.geohub.url, op.geohub)).data);
  const peer = normalise((await post(servers.peer.url, op.peer)).data);
  const diff = difference(geohub, peer);
  if (diff) {
    throw new Error(`${op.name} (${when}): GeoHub and PostGraphile answer differently at ${diff}`);
  }
  const expected = op.rows(geohub);
  const floor = await psqlRows(op.floor);
  const rowsDiff = difference(expected, floor);
  if (rowsDiff) {
    throw new Error(`${op.name} (${when}): the floor SQL answers differently from GeoHub at ${rowsDiff}`);
  }
  if (expected.length === 0) {
    throw new Error(`${op.name}: an empty answer proves nothing; pick rows that have one`);
  }
  return expected.length;
}

/** pgbench with the floor SQL: the same clients, prepared statements, a warm-up, then one timed run. */
async function floor(op) {
  const file = path.join(workDir, `${op.name}.floor.sql`);
  writeFileSync(file, op.floor.replace(/\s*\n\s*/g, ' ').replace(/; /g, ';\n') + '\n');
  const pgbench = seconds => run('pgbench', ['-n', '-M', 'prepared', '-c', String(settings.clients), '-j', '2',
    '-T', String(seconds), '-f', file, settings.database], { maxBuffer: 1 << 22 });
  await pgbench(Math.max(1, Math.round(settings.warmUp / 6)));
  const { stdout } = await pgbench(settings.floorSeconds);
  const tps = /tps = ([\d.]+)/.exec(stdout);
  const latency = /latency average = ([\d.]+) ms/.exec(stdout);
  const failed = /number of failed transactions: (\d+)/.exec(stdout);
  if (!tps || (failed && Number(failed[1]) > 0)) {
    throw new Error(`pgbench for ${op.name} failed:\n${stdout}`);
  }
  return { rps: Number(tps[1]), latencyMs: latency ? Number(latency[1]) : NaN };
}

const started = new Date();
const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const fix = fixture((await db.query(fixtureSql)).rows[0]);
const ops = operations(fix).filter(op => !settings.only || settings.only.includes(op.name));
const load = new Load({ workDir, clients: settings.clients, db, database: settings.database });

const results = [];
for (const op of ops) {
  const rows = await check(op, 'before timing');
  console.log(`peer: ${op.name}: answers identical (${rows} rows, floor SQL too)`);
  const bodies = { geohub: load.body(`${op.name}.geohub`, op.geohub), peer: load.body(`${op.name}.peer`, op.peer) };

  for (const key of ['geohub', 'peer']) {
    await load.wrk(servers[key].url, bodies[key], settings.warmUp);
  }

  const rounds = { geohub: [], peer: [] };
  for (let r = 0; r < settings.rounds; r++) {
    // G P, P G, G P: each server goes first as often as the other, so a drift in the machine's
    // load does not favour one.
    for (const key of r % 2 === 0 ? ['geohub', 'peer'] : ['peer', 'geohub']) {
      const m = await load.measure(servers[key], bodies[key], settings.seconds);
      if (m.errors > 0) {
        throw new Error(`${op.name}: ${servers[key].name} had ${m.errors} failed requests in round ${r + 1}`);
      }
      rounds[key].push(m);
      console.log(`peer: ${op.name} round ${r + 1} ${servers[key].name}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50.toFixed(2)} ms`);
    }
  }

  const sql = await floor(op);
  console.log(`peer: ${op.name} floor: ${sql.rps.toFixed(0)} req/s`);
  await check(op, 'after timing');
  results.push({ op, rounds, floor: sql });
}

// Access control's cost: rounds alternate between the main server, every request with an ADMIN
// token, and the same binary without access control; both answers checked identical first.
const access = [];
for (const op of open ? ops.filter(op => accessOperations.includes(op.name)) : []) {
  // The server without access control has been idle since it started: its first requests compile
  // and connect, which on a crowded machine can pass a request's budget. A few untimed ones first.
  for (let i = 0; i < 5; i++) {
    await post(open.url, op.geohub).catch(() => {});
  }
  const withToken = normalise((await post(servers.geohub.url, op.geohub, tokenHeaders)).data);
  const without = normalise((await post(open.url, op.geohub)).data);
  const diff = difference(withToken, without);
  if (diff) {
    throw new Error(`${op.name}: GeoHub with a token and without access control answer differently at ${diff}`);
  }
  const body = load.body(`${op.name}.geohub`, op.geohub);
  await load.wrk(servers.geohub.url, body, settings.warmUp, tokenHeaders);
  await load.wrk(open.url, body, settings.warmUp);
  const rounds = { token: [], open: [] };
  for (let r = 0; r < settings.rounds; r++) {
    for (const key of r % 2 === 0 ? ['token', 'open'] : ['open', 'token']) {
      const m = key === 'token'
        ? await load.measure(servers.geohub, body, settings.seconds, tokenHeaders)
        : await load.measure(open, body, settings.seconds);
      if (m.errors > 0) {
        throw new Error(`${op.name}: ${key} had ${m.errors} failed requests in round ${r + 1}`);
      }
      rounds[key].push(m);
      console.log(`peer: access ${op.name} round ${r + 1} ${key}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50.toFixed(2)} ms`);
    }
  }
  access.push({ op, rounds });
}

// Direct reads' effect: rounds alternate between the main server and the same binary with
// direct reads off (GraphQL.NET's execution for every request), answers checked identical first.
const direct = [];
for (const op of directOff ? ops.filter(op => directOperations.includes(op.name)) : []) {
  for (let i = 0; i < 5; i++) {
    await post(directOff.url, op.geohub).catch(() => {});
  }
  const on = normalise((await post(servers.geohub.url, op.geohub)).data);
  const off = normalise((await post(directOff.url, op.geohub)).data);
  const diff = difference(on, off);
  if (diff) {
    throw new Error(`${op.name}: GeoHub with and without direct reads answer differently at ${diff}`);
  }
  const body = load.body(`${op.name}.geohub`, op.geohub);
  await load.wrk(servers.geohub.url, body, settings.warmUp);
  await load.wrk(directOff.url, body, settings.warmUp);
  const rounds = { on: [], off: [] };
  for (let r = 0; r < settings.rounds; r++) {
    for (const key of r % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
      const m = await load.measure(key === 'on' ? servers.geohub : directOff, body, settings.seconds);
      if (m.errors > 0) {
        throw new Error(`${op.name}: direct reads ${key} had ${m.errors} failed requests in round ${r + 1}`);
      }
      rounds[key].push(m);
      console.log(`peer: direct reads ${op.name} round ${r + 1} ${key}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50.toFixed(2)} ms`);
    }
  }
  direct.push({ op, rounds });
}

const profiles = profiled ? await profile(ops, profiled, post) : null;
const machine = {
  started,
  finished: new Date(),
  loadBefore,
  loadAfter: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  cpu: readFileSync('/proc/cpuinfo', 'utf8').split('\n').find(l => l.startsWith('model name'))?.split(':')[1].trim(),
  cores: (await run('nproc')).stdout.trim(),
  postgres: (await db.query("SELECT current_setting('server_version') AS v, postgis_lib_version() AS p")).rows[0],
  node: process.version,
  wrk: (await run('wrk', ['-v']).catch(e => e)).stdout?.split('\n')[0] ?? '',
  ticksPerSecond,
  counts: (await db.query('SELECT (SELECT count(*) FROM compounds) AS compounds, (SELECT count(*) FROM co_building_units) AS units, (SELECT count(*) FROM venues) AS venues')).rows[0],
};
await db.end();

const section = report({ settings, machine, results, access, direct, profiles, fixture: fix, notes: notes(o.notes) });
writeFileSync(path.join(workDir, 'results.json'), JSON.stringify({
  settings, machine, fixture: fix, profiles, results: results.map(r => ({ name: r.op.name, rounds: r.rounds, floor: r.floor })),
  access: access.map(a => ({ name: a.op.name, rounds: a.rounds })),
  direct: direct.map(d => ({ name: d.op.name, rounds: d.rounds })),
}, null, 2));
if (settings.out) {
  writeSection(settings.out, settings.map, section);
}

// The notes (how it is measured, what the figures say) go into one map's section only: --notes 1.
function notes(wanted) {
  return wanted === '1' ? readFileSync(path.join(here, 'notes.md'), 'utf8') : '';
}

// The section replaces its earlier self in BENCHMARKS.md, or is appended: the driver that writes
// the rest of the file does not know it.
function writeSection(out, map, section) {
  const begin = `<!-- peer ${map}: begin -->`;
  const end = `<!-- peer ${map}: end -->`;
  const old = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const block = `${begin}\n${section}${end}\n`;
  const at = old.indexOf(begin);
  const stop = old.indexOf(end);
  const next = at >= 0 && stop > at ? old.slice(0, at) + block + old.slice(stop + end.length + 1) : `${old.trimEnd()}\n\n${block}`;
  writeFileSync(out, next);
  console.log(`peer: wrote the ${map} section of ${out}`);
}
