// The legend follows the layers shown: the same entries on the page and on the exported chart.
import { areaShades, gapColour, officeColours, statusColours, unitColour, venueColours } from './style.js';

export function legendEntries(t, layers) {
  const entries = ['STANDALONE', 'JOINT', 'NONE'].map(s => ({ colour: statusColours[s], label: t[s] }));
  entries.push({ colour: areaShades[0], stroke: '#5d4037', label: t.areaShade0 }, { colour: areaShades[1], stroke: '#5d4037', label: t.areaShade1 });
  if (layers.has('venues')) {
    for (const level of ['STREET', 'COMMUNITY', 'COMPOUND']) entries.push({ colour: venueColours[level], label: t.venueLevel[level] });
    entries.push({ colour: '#ffffff', stroke: '#00e676', label: t.vacantNow }, { colour: '#ffffff', stroke: '#000000', label: t.bookedNow },
      { colour: '#ffffff', stroke: '#757575', label: t.closed });
  }
  if (layers.has('units')) entries.push({ colour: unitColour, label: t.units });
  if (layers.has('office')) entries.push({ colour: officeColours.vacant, label: t.officeVacant }, { colour: officeColours.assigned, label: t.officeAssigned });
  if (layers.has('gaps')) entries.push({ colour: gapColour, label: t.gapCompound }, { colour: officeColours.vacant, stroke: gapColour, label: t.candidate });
  return entries;
}

export function renderLegend(list, t, layers) {
  list.replaceChildren(...legendEntries(t, layers).map(e => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = e.colour;
    swatch.style.borderColor = e.stroke ?? e.colour;
    li.append(swatch, ' ', e.label);
    return li;
  }));
}
