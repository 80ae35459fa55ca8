-- Removes what peer.sql creates. scripts/bench-peer.sh runs it when it ends, so the bench
-- databases hold GeoHub's own schema between runs (nearby_unit holds co_building_units' row type,
-- which would stop a migration from changing that table).
DROP FUNCTION IF EXISTS compounds_nearby_co_building_units(compounds, double precision, integer);
DROP FUNCTION IF EXISTS compounds_in_area(text);
DROP FUNCTION IF EXISTS venues_near(double precision, double precision, double precision);
DROP TYPE IF EXISTS nearby_unit;
