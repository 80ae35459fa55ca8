// The progress chart for the fortnightly review: coverage rate at each step of progress(...),
// drawn as SVG (no chart library: a line and its points are all it needs).
import progressQuery from '../../../operations/progress.graphql?raw';
import { gql } from '../shared/graphql.js';

const steps = 12;

/** The series' first day: `steps` steps before the day, not before the first recorded day. */
export function seriesStart(asOf, every, firstDay) {
  const d = new Date(`${asOf}T00:00:00Z`);
  if (every === 'WEEK') d.setUTCDate(d.getUTCDate() - 7 * steps);
  else if (every === 'FORTNIGHT') d.setUTCDate(d.getUTCDate() - 14 * steps);
  else d.setUTCMonth(d.getUTCMonth() - steps);
  const from = d.toISOString().slice(0, 10);
  return firstDay && from < firstDay ? (firstDay < asOf ? firstDay : asOf) : from;
}

export async function loadProgress(area, asOf, every, firstDay) {
  const from = seriesStart(asOf, every, firstDay);
  const data = await gql(progressQuery, { area, from, to: asOf, every });
  return data.progress;
}

export function renderChart(figure, caption, t, points) {
  const width = 300, height = 140, pad = 28;
  const x = i => pad + (points.length === 1 ? 0 : (i * (width - 2 * pad)) / (points.length - 1));
  const y = rate => height - pad - rate * (height - 2 * pad);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  const title = document.createElementNS(ns, 'title');
  title.textContent = points.map(p => `${p.asOf} ${(p.coverageRate * 100).toFixed(1)}%`).join('; ');
  svg.append(title);
  for (const r of [0, 0.5, 1]) {
    const line = document.createElementNS(ns, 'line');
    Object.entries({ x1: pad, x2: width - pad, y1: y(r), y2: y(r), stroke: '#ccc' }).forEach(([k, v]) => line.setAttribute(k, v));
    const label = document.createElementNS(ns, 'text');
    Object.entries({ x: 2, y: y(r) + 4, 'font-size': 10, fill: '#555' }).forEach(([k, v]) => label.setAttribute(k, v));
    label.textContent = `${r * 100}%`;
    svg.append(line, label);
  }
  const path = document.createElementNS(ns, 'polyline');
  path.setAttribute('points', points.map((p, i) => `${x(i)},${y(p.coverageRate)}`).join(' '));
  Object.entries({ fill: 'none', stroke: '#b71c1c', 'stroke-width': 2 }).forEach(([k, v]) => path.setAttribute(k, v));
  svg.append(path);
  points.forEach((p, i) => {
    const dot = document.createElementNS(ns, 'circle');
    Object.entries({ cx: x(i), cy: y(p.coverageRate), r: 2.5, fill: '#b71c1c' }).forEach(([k, v]) => dot.setAttribute(k, v));
    dot.dataset.asOf = p.asOf;
    dot.dataset.covered = p.compoundsCovered;
    svg.append(dot);
  });
  for (const [i, anchor] of [[0, 'start'], [points.length - 1, 'end']]) {
    const label = document.createElementNS(ns, 'text');
    Object.entries({ x: x(i), y: height - 6, 'font-size': 10, fill: '#555', 'text-anchor': anchor }).forEach(([k, v]) => label.setAttribute(k, v));
    label.textContent = points[i].asOf;
    svg.append(label);
  }
  figure.replaceChildren(svg);
  caption.textContent = t.chartCaption(points[0].asOf, points[points.length - 1].asOf);
}
