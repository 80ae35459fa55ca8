// The caller's bearer token, kept for this browser tab only (sessionStorage): a token is a
// credential, so it is neither written to localStorage nor put in the URL. The map page and
// GraphiQL share it, and every GraphQL, tile and GeoJSON request sends it.
const key = 'geohub.token';

export function token() {
  return sessionStorage.getItem(key) || '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(key, value);
  else sessionStorage.removeItem(key);
}

export function authHeaders() {
  const t = token();
  return t ? { Authorization: `Bearer ${t}` } : {};
}
