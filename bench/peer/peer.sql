-- The peer's SQL: functions over GeoHub's own tables that PostGraphile exposes as fields, giving
-- exactly GeoHub's answers. scripts/bench-peer.sh runs this in the bench databases only (never in
-- GeoHub's migrations); it is idempotent, so every run states the functions as measured.
--
-- PostGraphile v4 exposes a function as a computed column only when it is named
-- <table>_<field>, takes the table's row first, is STABLE and lives in the table's schema;
-- any other STABLE function becomes a root query field. None is STRICT: PostgreSQL inlines only
-- non-strict SQL functions into the query that calls them, where PostGraphile's conditions, order
-- and limit are planned with the function's joins; a STRICT one is a function scan that first
-- materialises every row it returns (whole compounds, boundaries included).
BEGIN;

\ir peer-drop.sql

-- A unit as Compound.nearbyCoBuildingUnits lists it: its distance and the unit's row.
CREATE TYPE nearby_unit AS (distance_meters double precision, unit co_building_units);

-- Compound.nearbyCoBuildingUnits(withinMeters, first) as GeoHub answers it (the SQL of
-- src/GeoHub/CoBuilding/NearbyDataLoaders.cs, for one compound): metres on the spheroid from the
-- boundary, inclusive (the radius widened by 0.1 mm, SpatialArguments.InclusiveSlackMeters),
-- nearest first, ties by id. The planar KNN on the units' geometry index finds max_units
-- candidates; the farthest of them on the spheroid bounds the exact first max_units, which are
-- then ranked by ST_Distance. The boundary's geography is computed once (the MATERIALIZED CTE),
-- as GeoHub computes it once per compound. `paired` is left out: the measured operations do not
-- ask for it, and neither server computes it then.
-- The count is max_units, not first: PostGraphile gives every connection its own first/after.
CREATE FUNCTION compounds_nearby_co_building_units(c compounds, within_meters double precision, max_units integer)
RETURNS SETOF nearby_unit
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH b AS MATERIALIZED (SELECT c.boundary::geography AS g),
  knn AS (
    SELECT u.location FROM co_building_units u
    ORDER BY u.location::geometry <-> c.boundary
    LIMIT max_units)
  SELECT ST_Distance(b.g, u.location), u
  FROM b, co_building_units u
  WHERE ST_DWithin(u.location, b.g,
                   LEAST(within_meters + 1e-4, (SELECT max(ST_Distance(b.g, knn.location)) FROM knn) + 0.001))
  ORDER BY 1, u.id
  LIMIT max_units
$$;

-- compounds(where: { areaCode }) as GeoHub filters it (AreaQueries.InAreas): compounds whose
-- community lies at or under the area's path. The order is the caller's (orderBy).
CREATE FUNCTION compounds_in_area(area_code text)
RETURNS SETOF compounds
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT c.*
  FROM areas a
  JOIN areas community ON community.path = a.path OR community.path LIKE a.path || '/%'
  JOIN compounds c ON c.community_id = community.id
  WHERE a.code = area_code
$$;

-- venues(where: { near: { point, meters } }) as GeoHub filters it (PointSpatial.Located):
-- ST_DWithin on geography, the radius widened by 0.1 mm. The order is the caller's (orderBy).
CREATE FUNCTION venues_near(longitude double precision, latitude double precision, meters double precision)
RETURNS SETOF venues
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT v.* FROM venues v
  WHERE ST_DWithin(v.location, ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography, meters + 1e-4)
$$;

-- @sortable gives the root fields PostGraphile's orderBy, as its own allCompounds has.
COMMENT ON FUNCTION compounds_in_area(text) IS E'@sortable';
COMMENT ON FUNCTION venues_near(double precision, double precision, double precision) IS E'@sortable';

COMMIT;
