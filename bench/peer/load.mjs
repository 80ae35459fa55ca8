// One timed load on one server: wrk with a fixed number of connections for a fixed time, with the
// CPU that the server's process, its PostgreSQL backends, wrk and the whole machine spent meanwhile
// (from /proc, in clock ticks). wrk is C on epoll: of the load tools here it takes the least of
// the two cores away from the servers it measures, and its Lua hook reports p50/p95/p99.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';

const run = promisify(execFile);

export const ticksPerSecond = Number((await run('getconf', ['CLK_TCK'])).stdout.trim());

const wrkScript = `
init = function(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"bytes":%d,"errors":%d,"p50":%d,"p95":%d,"p99":%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
`;

/** utime + stime of a process, in ticks; null when it is gone. */
export function processTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** CPU ticks of this process's waited-for children (wrk, pgbench): cutime + cstime. */
function childrenTicks() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[13]) + Number(fields[14]);
}

/** Busy ticks of the whole machine (every core), from the first line of /proc/stat. */
function machineTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values;
  return { busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

/** The backends a server holds, by the application_name its connection string sets. */
async function backendTicks(db, database, applicationName) {
  const { rows } = await db.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [database, applicationName]);
  return new Map(rows.map(r => [r.pid, processTicks(r.pid)]).filter(([, t]) => t !== null));
}

function backendDelta(before, after) {
  let ticks = 0;
  let lost = 0;
  for (const [pid, end] of after) {
    // A backend opened during the load spent all its CPU in it.
    ticks += end - (before.get(pid) ?? 0);
  }
  for (const pid of before.keys()) {
    if (!after.has(pid)) {
      lost++;
    }
  }
  return { ticks, lost };
}

export class Load {
  constructor({ workDir, clients, db, database }) {
    this.workDir = workDir;
    this.clients = clients;
    this.db = db;
    this.database = database;
    this.script = path.join(workDir, 'graphql.lua');
    writeFileSync(this.script, wrkScript);
  }

  /** Writes the request body a server gets for an operation; returns its path. */
  body(name, request) {
    const file = path.join(this.workDir, `${name}.json`);
    writeFileSync(file, JSON.stringify(request));
    return file;
  }

  /** `headers`: extra request headers, as ['Name: value']. */
  async wrk(url, bodyFile, seconds, headers = []) {
    // One wrk thread drives all connections: enough for these rates, and the least CPU taken.
    const { stdout } = await run('wrk', ['-t1', `-c${this.clients}`, `-d${seconds}s`, '--timeout', '10s', ...headers.flatMap(h => ['-H', h]),
      '-s', this.script, `${url}/graphql`, '--', bodyFile], { maxBuffer: 1 << 20 });
    const line = stdout.trim().split('\n').find(l => l.startsWith('{"requests"'));
    if (!line) {
      throw new Error(`wrk printed no summary:\n${stdout}`);
    }
    return JSON.parse(line);
  }

  /** A timed load on `server` ({ name, url, pid, applicationName }), with its CPU accounting. */
  async measure(server, bodyFile, seconds, headers = []) {
    const backendsBefore = await backendTicks(this.db, this.database, server.applicationName);
    const processBefore = processTicks(server.pid);
    const clientBefore = childrenTicks();
    const machineBefore = machineTicks();
    const result = await this.wrk(server.url, bodyFile, seconds, headers);
    const machineAfter = machineTicks();
    const clientAfter = childrenTicks();
    const processAfter = processTicks(server.pid);
    const backendsAfter = await backendTicks(this.db, this.database, server.applicationName);
    if (processBefore === null || processAfter === null) {
      throw new Error(`${server.name} (pid ${server.pid}) is not running`);
    }

    const backends = backendDelta(backendsBefore, backendsAfter);
    const seconds_ = result.durationUs / 1e6;
    const busy = machineAfter.busy - machineBefore.busy;
    const cores = (machineAfter.total - machineBefore.total) / ticksPerSecond / seconds_;
    return {
      requests: result.requests,
      seconds: seconds_,
      rps: result.requests / seconds_,
      errors: result.errors,
      bytesPerRequest: result.bytes / result.requests,
      p50: result.p50 / 1000,
      p95: result.p95 / 1000,
      p99: result.p99 / 1000,
      ticks: {
        process: processAfter - processBefore,
        backends: backends.ticks,
        client: clientAfter - clientBefore,
        machine: busy,
      },
      backendsLost: backends.lost,
      cores,
    };
  }
}
