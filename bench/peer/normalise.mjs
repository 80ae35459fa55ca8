// Answers of GeoHub and PostGraphile differ in spelling only where each follows its own
// conventions; normalise() removes exactly those differences, the same way on both sides, and
// nothing else (values, order, nulls and lengths are compared as sent):
// - ids: GeoHub's are opaque global ids (base64url of "Type:42"), PostGraphile's `id` is the
//   column; both become the row's integer id.
// - enums: GeoHub spells UnitKind/VenueLevel values GOVERNMENT_ORGAN, PostGraphile sends the
//   column's text, GovernmentOrgan; both become governmentorgan (fields named kind and level).
// - GeoJSON: @graphile/postgis wraps it as { geojson: {...} }; the object inside is kept.
// - a connection asked for its nodes only is its list: GeoHub's nearbyCoBuildingUnits is a
//   list, PostGraphile's a connection.
// - cursors: each server has its own encoding; a cursor must be there (or be null on both).

export function normalise(value, key) {
  if (Array.isArray(value)) {
    return value.map(item => normalise(item));
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'nodes') {
      return normalise(value.nodes);
    }
    if (keys.length === 1 && keys[0] === 'geojson') {
      return value.geojson;
    }
    return Object.fromEntries(keys.sort().map(k => [k, normalise(value[k], k)]));
  }
  if (typeof value === 'string') {
    if (key === 'id') {
      return globalIdToRowId(value);
    }
    if (key === 'kind' || key === 'level') {
      return value.toLowerCase().replaceAll('_', '');
    }
    if (key === 'endCursor' || key === 'startCursor') {
      return '(cursor)';
    }
  }
  return value;
}

function globalIdToRowId(id) {
  const match = /^[A-Za-z]+:(\d+)$/.exec(Buffer.from(id, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : id;
}

/** The first path at which two normalised answers differ, or null when they are identical. */
export function difference(a, b, path = '$') {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) {
    return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a)) {
    if (a.length !== b.length) {
      return `${path}: ${a.length} items vs ${b.length}`;
    }
    for (let i = 0; i < a.length; i++) {
      const found = difference(a[i], b[i], `${path}[${i}]`);
      if (found) {
        return found;
      }
    }
    return null;
  }
  if (a !== null && typeof a === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const found = difference(a[k], b[k], `${path}.${k}`);
      if (found) {
        return found;
      }
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}
