// GraphiQL (/graphiql): GeoHub's own operations as example tabs, the caller's token in the header
// editor, and subscriptions over graphql-transport-ws on the same /graphql path.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { buildSchema, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { token } from '../shared/session.js';

// The project's operations (the repository's operations/ folder) and the battle map page's own:
// an operation name found in the first folder wins over the same name in the second.
const folders = [
  import.meta.glob('../../../operations/**/*.graphql', { query: '?raw', import: 'default', eager: true }),
  import.meta.glob('../operations/*.graphql', { query: '?raw', import: 'default', eager: true }),
];

// Values on the demo map for the variables the operations use, so each example runs as it opens.
const examples = {
  area: '350802', asOf: '2019-06-30', from: '2019-01-01', to: '2019-06-30', every: 'FORTNIGHT',
  distance: 1000, max: 1000, year: 2018, name: '恒兴', minHouseholds: 300, first: 10,
};

function variablesFor(query) {
  const values = {};
  for (const definition of parse(query).definitions) {
    for (const v of definition.variableDefinitions ?? []) {
      const name = v.variable.name.value;
      if (name in examples) values[name] = examples[name];
    }
  }
  return Object.keys(values).length ? JSON.stringify(values, null, 2) : undefined;
}

const headers = token() ? JSON.stringify({ Authorization: `Bearer ${token()}` }, null, 2) : '{}';
const names = new Set();
const tabs = folders.flatMap(files => Object.entries(files).sort(([a], [b]) => a.localeCompare(b)).map(([, query]) => query))
  .filter(query => {
    const operations = parse(query).definitions.filter(d => d.kind === 'OperationDefinition').map(d => d.name?.value);
    if (operations.some(n => names.has(n))) return false;
    operations.forEach(n => names.add(n));
    return true;
  })
  .map(query => ({ query, variables: variablesFor(query), headers }));

const ws = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  wsClient: createClient({ url: ws, lazy: true, connectionParams: () => (token() ? { Authorization: `Bearer ${token()}` } : {}) }),
});

// The schema comes from /schema.graphql rather than an introspection query: GraphiQL's standard
// introspection is 15 levels deep, past the endpoint's depth limit (12) that guards every client.
const schema = buildSchema(await (await fetch('/schema.graphql')).text());

createRoot(document.getElementById('graphiql')).render(createElement(StrictMode, null,
  createElement(GraphiQL, {
    fetcher,
    schema,
    defaultTabs: tabs,
    // GraphiQL 5 opens the first tab's query but not its variables; these fill its editors.
    initialVariables: tabs[0]?.variables,
    initialHeaders: headers,
    defaultEditorToolsVisibility: 'variables',
    shouldPersistHeaders: false,
  })));
