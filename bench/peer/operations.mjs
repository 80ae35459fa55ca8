// The operations measured side by side: each as GeoHub's GraphQL, as the equivalent PostGraphile
// GraphQL over peer.sql, and as the minimal SQL (the pgbench floor). The PostGraphile queries use
// aliases so that both answers have one shape; normalise.mjs says what else differs by design.
//
// Every operation has `rows(answer)`: the normalised answer as the lines `psql -At` prints for the
// floor SQL, so the floor is checked to give the same answer too before it is timed.

const unitColumns = u => `${u.id}|${u.name}|${u.kind}`;
// A point as ST_AsGeoJSON writes it (normalise() sorted the keys).
const geoJson = p => JSON.stringify({ type: p.type, coordinates: p.coordinates });

/** Operations for one map; `fixture` holds the rows they are asked about (see fixtureSql). */
export function operations(fixture) {
  const { compoundId, compoundGlobalId, areaCode, point } = fixture;
  // GeoHub's SQL (NearbyDataLoaders.cs) for one compound: `geography` holds the boundary's
  // geography computed once, `compound.boundary` the geometry for the planar KNN.
  const knn = (compound, geography, within, count) => `
    WITH knn AS (
      SELECT u.location FROM co_building_units u
      ORDER BY u.location::geometry <-> ${compound}.boundary
      LIMIT ${count})
    SELECT u.id, ST_Distance(${geography}, u.location) AS distance_meters
    FROM co_building_units u
    WHERE ST_DWithin(u.location, ${geography},
                     LEAST(${within}, (SELECT max(ST_Distance(${geography}, knn.location)) FROM knn) + 0.001))
    ORDER BY distance_meters, u.id
    LIMIT ${count}`;
  const inDistrict = `
    FROM areas a
    JOIN areas community ON community.path = a.path OR community.path LIKE a.path || '/%'
    JOIN compounds c ON c.community_id = community.id
    WHERE a.code = '${areaCode}'`;

  return [
    {
      name: 'compound-by-id',
      title: 'a compound by id (name, households)',
      geohub: {
        query: 'query CompoundById($id: ID!) { compound(id: $id) { name households } }',
        variables: { id: compoundGlobalId },
      },
      peer: {
        query: 'query CompoundById($id: Int!) { compound: compoundById(id: $id) { name households } }',
        variables: { id: compoundId },
      },
      floor: `SELECT name, households FROM compounds WHERE id = ${compoundId};`,
      rows: a => [`${a.compound.name}|${a.compound.households}`],
    },
    {
      name: 'nearest-5-units',
      title: "a compound's 5 nearest co-building units within 5 km",
      geohub: {
        query: `query NearestUnits($id: ID!) { compound(id: $id) { name
          nearbyCoBuildingUnits(withinMeters: 5000, first: 5) { distanceMeters unit { id name kind } } } }`,
        variables: { id: compoundGlobalId },
      },
      peer: {
        query: `query NearestUnits($id: Int!) { compound: compoundById(id: $id) { name
          nearbyCoBuildingUnits(withinMeters: 5000, maxUnits: 5) { nodes { distanceMeters unit { id name kind } } } } }`,
        variables: { id: compoundId },
      },
      floor: `WITH c AS MATERIALIZED (SELECT name, boundary, boundary::geography AS g FROM compounds WHERE id = ${compoundId})
        SELECT c.name, n.distance_meters, u.id, u.name, lower(u.kind)
        FROM c
        CROSS JOIN LATERAL (${knn('c', 'c.g', 5000.0001, 5)}) n
        JOIN co_building_units u ON u.id = n.id
        ORDER BY n.distance_meters, n.id;`,
      rows: a => a.compound.nearbyCoBuildingUnits.map(n => `${a.compound.name}|${n.distanceMeters}|${unitColumns(n.unit)}`),
    },
    {
      name: 'district-first-50',
      title: "a district's first 50 compounds by households",
      geohub: {
        query: `query DistrictCompounds($area: String!) {
          compounds(where: { areaCode: $area }, order: [{ households: DESC }], first: 50) { nodes { id name households } } }`,
        variables: { area: areaCode },
      },
      peer: {
        query: `query DistrictCompounds($area: String!) {
          compounds: compoundsInArea(areaCode: $area, orderBy: [HOUSEHOLDS_DESC, ID_ASC], first: 50) { nodes { id name households } } }`,
        variables: { area: areaCode },
      },
      floor: `SELECT c.id, c.name, c.households ${inDistrict} ORDER BY c.households DESC, c.id LIMIT 50;`,
      rows: a => a.compounds.map(c => `${c.id}|${c.name}|${c.households}`),
    },
    {
      name: 'district-50-x-3-units',
      title: 'those 50, each with its 3 nearest units',
      geohub: {
        query: `query DistrictCompoundsUnits($area: String!) {
          compounds(where: { areaCode: $area }, order: [{ households: DESC }], first: 50) { nodes { id name households
            nearbyCoBuildingUnits(withinMeters: 5000, first: 3) { distanceMeters unit { id name kind } } } } }`,
        variables: { area: areaCode },
      },
      peer: {
        query: `query DistrictCompoundsUnits($area: String!) {
          compounds: compoundsInArea(areaCode: $area, orderBy: [HOUSEHOLDS_DESC, ID_ASC], first: 50) { nodes { id name households
            nearbyCoBuildingUnits(withinMeters: 5000, maxUnits: 3) { nodes { distanceMeters unit { id name kind } } } } } }`,
        variables: { area: areaCode },
      },
      floor: `WITH top AS (SELECT c.id, c.name, c.households, c.boundary ${inDistrict} ORDER BY c.households DESC, c.id LIMIT 50),
        t AS MATERIALIZED (SELECT id, name, households, boundary, boundary::geography AS g FROM top)
        SELECT t.id, t.name, t.households, n.distance_meters, u.id, u.name, lower(u.kind)
        FROM t
        LEFT JOIN LATERAL (${knn('t', 't.g', 5000.0001, 3)}) n ON true
        LEFT JOIN co_building_units u ON u.id = n.id
        ORDER BY t.households DESC, t.id, n.distance_meters, n.id;`,
      rows: a => a.compounds.flatMap(c => {
        const head = `${c.id}|${c.name}|${c.households}`;
        return c.nearbyCoBuildingUnits.length === 0
          ? [`${head}||||`]
          : c.nearbyCoBuildingUnits.map(n => `${head}|${n.distanceMeters}|${unitColumns(n.unit)}`);
      }),
    },
    {
      name: 'venues-near-point',
      title: 'venues within 3 km of a point, first 20 by id',
      geohub: {
        query: `query VenuesNear($near: GeoJSON!) {
          venues(where: { near: { point: $near, meters: 3000 } }, first: 20) { nodes { id name level capacity location } } }`,
        variables: { near: { type: 'Point', coordinates: point } },
      },
      peer: {
        query: `query VenuesNear($lon: Float!, $lat: Float!) {
          venues: venuesNear(longitude: $lon, latitude: $lat, meters: 3000, orderBy: ID_ASC, first: 20) {
            nodes { id name level capacity location { geojson } } } }`,
        variables: { lon: point[0], lat: point[1] },
      },
      floor: `SELECT id, name, lower(level), capacity, ST_AsGeoJSON(location)
        FROM venues
        WHERE ST_DWithin(location, ST_SetSRID(ST_MakePoint(${point[0]}, ${point[1]}), 4326)::geography, 3000.0001)
        ORDER BY id LIMIT 20;`,
      rows: a => a.venues.map(v => `${v.id}|${v.name}|${v.level}|${v.capacity}|${geoJson(v.location)}`),
    },
    {
      name: 'units-page',
      title: 'a page of co-building units (first 10, totalCount, pageInfo)',
      geohub: {
        query: `query CoBuildingUnitsPage($first: Int!) {
          coBuildingUnits(first: $first) { totalCount pageInfo { hasNextPage endCursor } nodes { id name kind location } } }`,
        variables: { first: 10 },
      },
      peer: {
        query: `query CoBuildingUnitsPage($first: Int!) {
          coBuildingUnits: allCoBuildingUnits(first: $first, orderBy: ID_ASC) {
            totalCount pageInfo { hasNextPage endCursor } nodes { id name kind location { geojson } } } }`,
        variables: { first: 10 },
      },
      floor: `SELECT id, name, lower(kind), ST_AsGeoJSON(location) FROM co_building_units ORDER BY id LIMIT 10;
        SELECT count(*), count(*) > 10 FROM co_building_units;`,
      rows: a => [
        ...a.coBuildingUnits.nodes.map(u => `${unitColumns(u)}|${geoJson(u.location)}`),
        `${a.coBuildingUnits.totalCount}|${a.coBuildingUnits.pageInfo.hasNextPage ? 't' : 'f'}`,
      ],
    },
  ];
}

/** The rows the operations ask about, the same on every map made by `geohub generate`. */
export const fixtureSql = `
  SELECT (SELECT min(id) FROM compounds WHERE name = '恒兴绿景小区') AS compound_id`;

export function fixture(row) {
  const compoundId = row.compound_id;
  return {
    compoundId,
    compoundGlobalId: Buffer.from(`Compound:${compoundId}`).toString('base64url'),
    areaCode: '350802',
    point: [117.03, 25.09],
  };
}
