-- GeoHub's audit log, sealed: run once per database by a superuser (or the database owner's
-- DBA), with the application's role as app_role:
--
--   psql -v ON_ERROR_STOP=1 -v app_role=geohub -d DATABASE -f scripts/audit-log.sql
--
-- The log lives in a schema of its own owned by the role geohub_audit (no login), and the
-- application's role may only read it and append to it: it owns neither the table nor its
-- schema, so it can neither UPDATE, DELETE, TRUNCATE, DROP nor change the table (a table in
-- public could be dropped by the database owner, who owns public). scripts/db.sh runs this in
-- template1 and in geohub, so every database of the private cluster has it sealed from birth.
-- Without it, migration AccessControl creates the same table owned by the application's role
-- with triggers that refuse changes: an owner could drop those, so seal a real deployment.
-- Idempotent; also seals a table the migration created earlier.

SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'geohub_audit') AS create_role \gset
\if :create_role
CREATE ROLE geohub_audit NOLOGIN;
\endif

CREATE SCHEMA IF NOT EXISTS audit;

-- The same table as migration AccessControl creates; keep the two in step.
CREATE TABLE IF NOT EXISTS audit.audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL,
    subject text,
    role text NOT NULL,
    areas text[] NOT NULL,
    kind text NOT NULL,
    operation text NOT NULL,
    operation_name text,
    area_code text,
    outcome text NOT NULL,
    items integer
);
CREATE INDEX IF NOT EXISTS audit_log_at_id ON audit.audit_log (at, id);

ALTER SCHEMA audit OWNER TO geohub_audit;
ALTER TABLE audit.audit_log OWNER TO geohub_audit;
REVOKE ALL ON SCHEMA audit FROM PUBLIC;
REVOKE ALL ON audit.audit_log FROM PUBLIC;
REVOKE ALL ON audit.audit_log FROM :"app_role";
GRANT USAGE ON SCHEMA audit TO :"app_role";
GRANT SELECT, INSERT ON audit.audit_log TO :"app_role";
