// Layers filled from GraphQL rather than tiles: office space, venue gaps with their candidate
// rooms, and which venues are in use right now.
import bookedQuery from '../operations/map-booked-venues.graphql?raw';
import officeQuery from '../operations/map-office-space.graphql?raw';
import gapsQuery from '../operations/map-venue-gaps.graphql?raw';
import { gql } from '../shared/graphql.js';

async function allPages(query, variables, field) {
  const nodes = [];
  let after = null;
  do {
    const page = (await gql(query, { ...variables, after }))[field];
    nodes.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

const collection = features => ({ type: 'FeatureCollection', features });

export async function officeSpace(area, asOf) {
  const rooms = await allPages(officeQuery, { area, asOf }, 'officeSpaces');
  return collection(rooms.map(r => ({
    type: 'Feature', geometry: r.location,
    properties: { id: r.id, name: r.name, floorAreaSqm: r.floorAreaSqm, source: r.source, vacant: r.vacant },
  })));
}

export async function venueGaps(area, distance) {
  const { venueGaps: gaps } = await gql(gapsQuery, { area, distance });
  const candidates = new Map();
  for (const gap of gaps) for (const room of gap.candidateOfficeSpaces) candidates.set(room.id, room);
  return {
    count: gaps.length,
    gaps: collection(gaps.map(g => ({
      type: 'Feature', geometry: g.compound.boundary,
      properties: { id: g.compound.id, name: g.compound.name, households: g.households, distanceMeters: g.distanceMeters },
    }))),
    candidates: collection([...candidates.values()].map(r => ({
      type: 'Feature', geometry: r.location, properties: { id: r.id, name: r.name, floorAreaSqm: r.floorAreaSqm },
    }))),
  };
}

/** Ids of the area's venues with a live booking overlapping the next minute. */
export async function venuesInUse(area) {
  const from = new Date();
  const to = new Date(from.getTime() + 60_000);
  const venues = await allPages(bookedQuery, { area, from: from.toISOString(), to: to.toISOString() }, 'venues');
  return new Set(venues.filter(v => v.inUse).map(v => v.id));
}
