// Runs graphql-http's GraphQL-over-HTTP server audits against a running endpoint.
// Usage: node audit.mjs http://127.0.0.1:5000/graphql
// Prints one line per audit and, last, one JSON summary line that the xunit test parses.
// Exits 1 when a MUST or SHOULD audit fails: MAY audits are reported but only warn.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint url>');
  process.exit(2);
}

const audits = serverAudits({ url, fetchFn: fetch });
const results = await Promise.all(audits.map(async ({ id, name, fn }) => ({ id, name, ...(await fn()) })));

const failures = [];
for (const result of results) {
  const level = result.name.split(' ')[0];
  const line = `${result.status.padEnd(6)} ${result.id} ${result.name}`;
  if (result.status === 'ok') {
    console.log(line);
    continue;
  }
  const failure = { id: result.id, level, name: result.name, reason: result.reason };
  if (result.response) {
    failure.status = result.response.status;
    failure.contentType = result.response.headers.get('content-type');
    failure.body = (await result.response.text().catch(() => '')).slice(0, 300);
  }
  failures.push(failure);
  console.log(`${line}\n       ${failure.reason}`);
}

const count = (level) => failures.filter((f) => f.level === level).length;
const summary = {
  total: results.length,
  ok: results.length - failures.length,
  must: count('MUST'),
  should: count('SHOULD'),
  may: count('MAY'),
  failures,
};
console.log(
  `${summary.total} audits: ${summary.ok} ok, ${summary.must} MUST, ${summary.should} SHOULD, ${summary.may} MAY failures`,
);
console.log(`SUMMARY ${JSON.stringify(summary)}`);
process.exit(summary.must + summary.should > 0 ? 1 : 0);
