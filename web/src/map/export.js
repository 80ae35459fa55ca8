// The wall chart: the current view drawn again at print resolution (the same zoom and tiles, a
// higher pixel ratio, so nothing new is fetched), with title, day, legend and figures beside it.
import * as maplibregl from 'maplibre-gl';
import { family } from '../shared/fonts.js';
import { colourByDay } from './days.js';
import { figureRows } from './figures.js';
import { legendEntries } from './legend.js';

/** Paper sizes at 150 dpi, landscape (ISO 216: A0 is 1189 × 841 mm). */
export const sizes = {
  A0: [7022, 4967],
  A1: [4967, 3508],
  A3: [2480, 1754],
};

export async function exportPng(map, { size, title, day, t, coverage, layers, fileName, transformRequest }) {
  const [width, height] = sizes[size];
  const unit = height / 100;
  const header = Math.round(9 * unit);
  const column = Math.round(width * 0.22);
  const region = [width - column, height - header];
  const screen = map.getContainer().getBoundingClientRect();
  const ratio = region[0] / screen.width;

  const host = document.createElement('div');
  host.style.cssText = `position:fixed;left:-100000px;top:0;width:${screen.width}px;height:${region[1] / ratio}px`;
  document.body.append(host);
  const print = new maplibregl.Map({
    container: host, style: map.getStyle(), center: map.getCenter(), zoom: map.getZoom(), bearing: map.getBearing(),
    pixelRatio: ratio, interactive: false, attributionControl: false, fadeDuration: 0,
    maxCanvasSize: [16384, 16384], canvasContextAttributes: { preserveDrawingBuffer: true },
    transformRequest,
  });
  colourByDay(print, day);
  try {
    await new Promise((resolve, reject) => { print.once('idle', resolve); print.once('error', e => reject(e.error ?? e)); });

    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d');
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, width, height);
    g.drawImage(print.getCanvas(), 0, header, region[0], region[1]);

    const font = px => `${Math.round(px)}px "${family}", sans-serif`;
    await document.fonts.load(font(unit * 4), title + day + JSON.stringify(t));
    g.fillStyle = '#b71c1c';
    g.fillRect(0, 0, width, header);
    g.fillStyle = '#ffffff';
    g.font = font(unit * 4.5);
    g.textBaseline = 'middle';
    g.fillText(title, unit * 2, header / 2);
    g.textAlign = 'right';
    g.font = font(unit * 3);
    g.fillText(`${t.asOfLabel} ${day}`, width - unit * 2, header / 2);
    g.textAlign = 'left';

    let y = header + unit * 3;
    const x = width - column + unit * 2;
    g.fillStyle = '#212121';
    g.font = font(unit * 2.6);
    g.fillText(t.figures, x, y);
    y += unit * 3.5;
    g.font = font(unit * 1.9);
    for (const [, label, value] of figureRows(t, coverage)) {
      g.fillStyle = '#424242';
      g.fillText(label, x, y);
      g.textAlign = 'right';
      g.fillStyle = '#000';
      g.fillText(typeof value === 'number' ? value.toLocaleString('en-US') : value, width - unit * 2, y);
      g.textAlign = 'left';
      y += unit * 2.6;
    }
    y += unit * 2;
    g.font = font(unit * 2.6);
    g.fillText(t.legend, x, y);
    y += unit * 3.5;
    g.font = font(unit * 1.9);
    for (const entry of legendEntries(t, layers)) {
      g.fillStyle = entry.colour;
      g.strokeStyle = entry.stroke ?? entry.colour;
      g.lineWidth = unit * 0.4;
      g.fillRect(x, y - unit * 0.8, unit * 1.6, unit * 1.6);
      g.strokeRect(x, y - unit * 0.8, unit * 1.6, unit * 1.6);
      g.fillStyle = '#212121';
      g.fillText(entry.label, x + unit * 2.4, y);
      y += unit * 2.6;
    }
    g.font = font(unit * 1.3);
    g.fillStyle = '#757575';
    g.fillText('GeoHub · demo geometry', x, height - unit * 2);

    const blob = await new Promise(resolve => canvas.toBlob(resolve, 'image/png'));
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    return { width, height, bytes: blob.size };
  } finally {
    print.remove();
    host.remove();
  }
}
