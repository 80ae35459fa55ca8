// The compound panel: what GeoHub tells this caller about a clicked compound. Signed out it asks
// only for public fields; signed in it also asks for the owners' committee's seat holders, which
// the server shows or masks by the caller's role.
import panelQuery from '../operations/compound-panel.graphql?raw';
import signedInQuery from '../operations/compound-panel-signed-in.graphql?raw';
import { el } from '../shared/dom.js';
import { gql } from '../shared/graphql.js';
import { authHeaders, token } from '../shared/session.js';
import { statusColours } from './style.js';

const metres = m => `${Math.round(m).toLocaleString('en-US')} m`;

/**
 * Metres to the compound's nearest venue open on the day, as the battle map's GeoJSON of its
 * community gives it (the page's compound tiles hold every day, so they carry no dated figures).
 */
async function venueDistance(communityCode, id, asOf) {
  const response = await fetch(`/maps/${communityCode}.geojson?asOf=${asOf}`, { headers: authHeaders() });
  if (!response.ok) return undefined;
  const feature = (await response.json()).features.find(f => f.properties.layer === 'compound' && f.properties.id === id);
  return feature?.properties.venueDistanceMeters ?? undefined;
}

export async function openPanel(panel, t, properties, asOf) {
  const title = panel.querySelector('#panelTitle');
  const body = panel.querySelector('#panelBody');
  // Below z12 the tiles carry no name: until the answer comes, the title is a placeholder.
  title.textContent = properties.name ?? '…';
  body.replaceChildren(el('p', {}, '…'));
  panel.hidden = false;
  panel.dataset.compoundId = properties.id;

  const signedIn = Boolean(token());
  const { node: c } = await gql(signedIn ? signedInQuery : panelQuery, { id: properties.id, asOf });
  if (!c || panel.dataset.compoundId !== properties.id) return;
  title.textContent = c.name;
  const distance = await venueDistance(c.community.code, c.id, asOf);
  if (panel.dataset.compoundId !== properties.id) return;

  const committee = c.ownersCommittee;
  const rows = [
    [t.households, c.households.toLocaleString('en-US')],
    [t.buildings, c.buildings.length],
    [t.organization, c.partyOrganization ? `${c.partyOrganization.name} (${t[c.partyOrganization.formation.toUpperCase()] ?? c.partyOrganization.formation})` : t.none],
    [t.committee, committee ? `${committee.name} · ${committee.red ? t.redYes : t.redNo}` : t.noCommittee],
    [t.nearestVenue, distance === undefined ? t.none : metres(distance)],
  ];
  const status = c.coverageStatus;
  body.replaceChildren(
    el('p', { class: 'status' }, el('span', { class: 'swatch', style: `background:${statusColours[status]}` }), ' ', t[status]),
    el('p', { class: 'caption' }, c.community.name, c.address ? ` · ${c.address}` : ''),
    el('dl', { id: 'panelFacts' }, rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    el('h3', {}, t.nearbyUnits),
    c.nearbyCoBuildingUnits.length
      ? el('ul', { id: 'panelUnits' }, c.nearbyCoBuildingUnits.map(u => el('li', {}, `${u.unit.name} · ${metres(u.distanceMeters)} · ${u.paired ? t.paired : t.unpaired}`)))
      : el('p', {}, t.none),
    el('h3', {}, t.agreementsList),
    c.agreements.length
      ? el('ul', { id: 'panelAgreements' }, c.agreements.map(a => el('li', {}, `${a.title} · ${a.unit.name} · ${a.signedOn}${a.endedOn ? ` – ${a.endedOn}` : ''}`)))
      : el('p', {}, t.none),
    el('h3', {}, t.seats),
    committee?.seats
      ? el('ul', { id: 'panelSeats' }, committee.seats.map(s => el('li', {}, `${t.seatRole[s.role] ?? s.role} · ${s.holderName}`)))
      : el('p', { class: 'caption' }, signedIn ? t.none : t.personalHidden),
  );
}
