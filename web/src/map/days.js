// Compounds coloured for the chosen day. Their tiles (/tiles/compound-history) hold every day: each
// compound's statusFrom lists the days its coverage status changed ("YYYY-MM-DD STATUS", oldest
// first; NONE before the first). The day's status is set as feature state, so a date change
// recolours the tiles in place and fetches nothing.

/** The status a history gives on a day (ISO dates compare as strings). */
export function statusOn(history, day) {
  let status = 'NONE';
  for (const entry of history ? history.split(',') : []) {
    if (entry.slice(0, 10) > day) break;
    status = entry.slice(11);
  }
  return status;
}

/** Keeps the map's compounds coloured for the day given, as tiles arrive and when it changes. */
export function colourByDay(map, day) {
  let current = day;
  const apply = () => {
    for (const feature of map.querySourceFeatures('compounds', { sourceLayer: 'compounds' })) {
      const target = { source: 'compounds', sourceLayer: 'compounds', id: feature.id };
      const status = statusOn(feature.properties.statusFrom, current);
      if (map.getFeatureState(target).coverageStatus !== status) map.setFeatureState(target, { coverageStatus: status });
    }
  };
  // A loaded tile's features get their state before the tile is first drawn.
  map.on('sourcedata', e => {
    if (e.sourceId === 'compounds' && e.tile) apply();
  });
  return {
    setDay(next) {
      current = next;
      apply();
    },
  };
}
