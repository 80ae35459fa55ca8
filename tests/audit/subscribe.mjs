// Subscribes to mapChanged(areaCode) with the graphql-ws client (the reference client of the
// graphql-transport-ws protocol) and prints each result as one JSON line; exits after COUNT
// results, or with status 1 on an error or after TIMEOUT_MS.
// Usage: node subscribe.mjs ws://127.0.0.1:PORT/graphql AREA_CODE COUNT TIMEOUT_MS
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, areaCode, count = '1', timeoutMs = '30000'] = process.argv.slice(2);
const client = createClient({ url, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
client.on('connected', () => console.log(JSON.stringify({ connected: true })));
const timer = setTimeout(() => { console.error('timeout'); process.exit(1); }, Number(timeoutMs));
let seen = 0;
client.subscribe(
  {
    query: 'subscription MapChanges($area: String!) { mapChanged(areaCode: $area) { at kind areaCode compound { id coverageStatus } } }',
    variables: { area: areaCode },
  },
  {
    next: (result) => {
      console.log(JSON.stringify(result));
      if (++seen >= Number(count)) {
        clearTimeout(timer);
        client.dispose();
        process.exit(0);
      }
    },
    error: (error) => { console.error(JSON.stringify(error)); process.exit(1); },
    complete: () => { console.error('completed early'); process.exit(1); },
  },
);
