// Chinese labels from the bundled Noto Sans SC subsets (@fontsource): each woff2 file is emitted
// beside the bundle, and its unicode-range is read from the package's own CSS, so the map (MapLibre
// `font-faces`) and the page load only the subsets the text on screen needs.
import css from '@fontsource/noto-sans-sc/400.css?raw';

const files = import.meta.glob('../../node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-*-400-normal.woff2', {
  query: '?url', import: 'default', eager: true,
});

export const family = 'Noto Sans SC';

/** [{ url, ranges }] for every subset of the 400 weight. */
const subsets = [...css.matchAll(/url\(\.\/files\/(noto-sans-sc-\d+-400-normal\.woff2)\)[\s\S]*?unicode-range:\s*([^;]+);/g)]
  .map(([, file, ranges]) => {
    const url = Object.entries(files).find(([path]) => path.endsWith('/' + file))?.[1];
    return { url, ranges: ranges.split(',').map(r => r.trim()) };
  })
  .filter(s => s.url);

/** The style's `font-faces` entry: the font name used in `text-font`, drawn from the subsets. */
export function fontFaces() {
  return { [family]: subsets.map(s => ({ url: new URL(s.url, location.href).href, 'unicode-range': s.ranges })) };
}

/** Makes the page's own text use the same subsets (the browser fetches only those it needs). */
export function installPageFont() {
  for (const s of subsets) {
    document.fonts.add(new FontFace(family, `url(${s.url}) format('woff2')`, { unicodeRange: s.ranges.join(','), display: 'swap' }));
  }
}
