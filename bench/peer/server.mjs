// PostGraphile v4 over a GeoHub database, set up as it is usually run in production: one Node
// process, NODE_ENV=production, no GraphiQL, no query log, the schema built once at start.
//   DATABASE_URL=postgres://… PORT=5184 NODE_ENV=production node bench/peer/server.mjs
// GET /health answers 200 once the schema is built, so the bench waits for it as it does for GeoHub.
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { postgraphile } = require('postgraphile');
const { Pool } = require('pg');
const PostgisPlugin = require('@graphile/postgis').default;

const url = process.env.DATABASE_URL;
const port = Number(process.env.PORT ?? 5184);
if (!url) {
  console.error('server.mjs: DATABASE_URL is not set');
  process.exit(2);
}

// pg closes a connection idle for 10 s by default, so between the bench's rounds (the other
// server's 15 s) PostGraphile would lose its connections and pay for new ones (backend start,
// statements prepared again) in every round. Npgsql keeps GeoHub's for 300 s; so does this pool.
// 10 connections, pg's default, cover the 8 clients.
const pool = new Pool({ connectionString: url, max: 10, idleTimeoutMillis: 300_000 });

let ready = false;
const graphql = postgraphile(pool, 'public', {
  appendPlugins: [PostgisPlugin],
  graphiql: false,
  disableQueryLog: true,
  watchPg: false,
  retryOnInitFail: false,
  // A read API like the operations measured; GeoHub's mutations are its own.
  disableDefaultMutations: true,
  // Functions here never return null rows: without this every list item is nullable.
  setofFunctionsContainNulls: false,
  enableQueryBatching: false,
  // JSON (and so GeoJSON) as objects rather than strings of JSON, as GeoHub sends it.
  dynamicJson: true,
  extendedErrors: ['errcode'],
});

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(ready ? 200 : 503).end();
    return;
  }
  graphql(req, res);
});

// The first request builds the schema (introspection); make it before reporting ready.
graphql.getGraphQLSchema().then(() => {
  ready = true;
  console.log(`postgraphile: ready on http://127.0.0.1:${port}/graphql`);
}, error => {
  console.error(error);
  process.exit(1);
});

server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
