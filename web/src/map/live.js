// Live updates: once GeoHub offers the mapChanged subscription (graphql-transport-ws on /graphql),
// each change in the area redraws the map and the figures. The page asks the schema first, so a
// server without subscriptions costs no failed WebSocket (and no console error).
import { createClient } from 'graphql-ws';
import { gql } from '../shared/graphql.js';
import { token } from '../shared/session.js';
// Both from operations/, so that they are trusted documents (a server may run nothing else).
import subscriptionFieldsQuery from '../operations/map-subscriptions.graphql?raw';
import mapChanges from '../operations/map-changes.graphql?raw';

let client = null;
let unsubscribe = null;

export async function liveSupported() {
  const data = await gql(subscriptionFieldsQuery);
  return Boolean(data.__schema.subscriptionType?.fields.some(f => f.name === 'mapChanged'));
}

/** Subscribes to the area's changes (dropping any earlier subscription); onChange gets each event. */
export function follow(area, onChange) {
  unsubscribe?.();
  client ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: () => (token() ? { Authorization: `Bearer ${token()}` } : {}),
    retryAttempts: 5,
  });
  unsubscribe = client.subscribe({ query: mapChanges, variables: { area } }, {
    next: message => message.data?.mapChanged && onChange(message.data.mapChanged),
    error: () => {},
    complete: () => {},
  });
}

/** Reconnects with the current token (after sign-in or sign-out). */
export function restart() {
  client?.dispose();
  client = null;
}
