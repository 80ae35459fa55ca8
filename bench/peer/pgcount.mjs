// A counting TCP proxy in front of PostgreSQL, for the profile pass only (never for timing): it
// forwards bytes unchanged and reads the frontend messages of the wire protocol as they pass, so
// what a server sends per request (statements, round trips, bytes each way) is counted from the
// wire rather than from the server's own account of itself.
//   node pgcount.mjs LISTEN_PORT TARGET_HOST TARGET_PORT STATS_PORT
// GET http://127.0.0.1:STATS_PORT/ gives the counts as JSON, with how often each statement's text
// was executed; POST resets them.
import net from 'node:net';
import http from 'node:http';

const [listenPort, targetHost, targetPort, statsPort] = process.argv.slice(2);
const zero = () => ({ queries: 0, parses: 0, executes: 0, syncs: 0, bytesToServer: 0, bytesToClient: 0, connections: 0, statements: {} });
let counts = zero();

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

// Frontend messages: before the startup message they carry no type byte (an SSLRequest may come
// first and be declined by the server with one byte, 'N'); after it, a type byte and an int32 length.
function cstring(buffer, at) {
  const end = buffer.indexOf(0, at);
  return [buffer.toString('utf8', at, end), end + 1];
}

function executed(sql) {
  counts.statements[sql] = (counts.statements[sql] ?? 0) + 1;
}

function reader() {
  let buffer = Buffer.alloc(0);
  let started = false;
  // A connection's prepared statements by name ('' is the unnamed one), and the one last bound,
  // so that each Execute is put down to its statement's text.
  const prepared = new Map();
  let bound = '';
  return chunk => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (!started) {
        if (buffer.length < 8) {
          return;
        }
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) {
          return;
        }
        const code = buffer.readInt32BE(4);
        started = code !== SSL_REQUEST && code !== GSSENC_REQUEST;
        buffer = buffer.subarray(length);
        continue;
      }
      if (buffer.length < 5) {
        return;
      }
      const length = buffer.readInt32BE(1) + 1;
      if (buffer.length < length) {
        return;
      }
      switch (String.fromCharCode(buffer[0])) {
        case 'Q':
          counts.queries++;
          executed(cstring(buffer, 5)[0]);
          break;
        case 'P': {
          counts.parses++;
          const [name, next] = cstring(buffer, 5);
          prepared.set(name, cstring(buffer, next)[0]);
          break;
        }
        case 'B': {
          const [, next] = cstring(buffer, 5);
          bound = prepared.get(cstring(buffer, next)[0]) ?? '(statement prepared before the count)';
          break;
        }
        case 'E':
          counts.executes++;
          executed(bound);
          break;
        case 'S': counts.syncs++; break;
        default: break;
      }
      buffer = buffer.subarray(length);
    }
  };
}

net.createServer(client => {
  counts.connections++;
  const server = net.connect(Number(targetPort), targetHost);
  const read = reader();
  client.on('data', chunk => {
    counts.bytesToServer += chunk.length;
    read(chunk);
    server.write(chunk);
  });
  server.on('data', chunk => {
    counts.bytesToClient += chunk.length;
    client.write(chunk);
  });
  client.on('close', () => server.destroy());
  server.on('close', () => client.destroy());
  client.on('error', () => server.destroy());
  server.on('error', () => client.destroy());
}).listen(Number(listenPort), '127.0.0.1');

http.createServer((req, res) => {
  if (req.method === 'POST') {
    counts = zero();
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(counts));
}).listen(Number(statsPort), '127.0.0.1');

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
