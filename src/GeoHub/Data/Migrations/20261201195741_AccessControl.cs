using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeoHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccessControl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "unit_id",
                table: "bookings",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_bookings_unit_id",
                table: "bookings",
                column: "unit_id");

            migrationBuilder.AddForeignKey(
                name: "fk_bookings_co_building_units_unit_id",
                table: "bookings",
                column: "unit_id",
                principalTable: "co_building_units",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            // The audit log. Where scripts/audit-log.sql has run (the private cluster's
            // template1, or a DBA on a deployment's own PostGIS) the table is there already,
            // owned by another role, and GeoHub's role may only read and append. Elsewhere it is
            // created here, owned by GeoHub's role, with triggers that refuse changes (an owner
            // could drop them: seal such a database with the script).
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF to_regclass('audit.audit_log') IS NULL THEN
                        CREATE SCHEMA IF NOT EXISTS audit;
                        CREATE TABLE audit.audit_log (
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
                        CREATE INDEX audit_log_at_id ON audit.audit_log (at, id);
                        CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $f$
                        BEGIN
                            RAISE EXCEPTION 'audit.audit_log is append-only';
                        END $f$;
                        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit.audit_log
                            FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
                    END IF;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The audit log outlives the schema that wrote it: it is never dropped by a migration.
            migrationBuilder.DropForeignKey(
                name: "fk_bookings_co_building_units_unit_id",
                table: "bookings");

            migrationBuilder.DropIndex(
                name: "ix_bookings_unit_id",
                table: "bookings");

            migrationBuilder.DropColumn(
                name: "unit_id",
                table: "bookings");
        }
    }
}
