using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeoHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class MapVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A counter that every statement writing to the map's tables bumps: caches of derived
            // answers (vector tiles) key on it, so any instance, and any read replica, knows a
            // cached tile is stale without being told.
            migrationBuilder.Sql("""
                CREATE TABLE map_version (id int PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
                INSERT INTO map_version VALUES (1, 1);
                CREATE FUNCTION bump_map_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE map_version SET version = version + 1 WHERE id = 1;
                    RETURN NULL;
                END $$;
                """);
            foreach (var table in Tables)
            {
                migrationBuilder.Sql(
                    $"CREATE TRIGGER tr_{table}_map_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} " +
                    "FOR EACH STATEMENT EXECUTE FUNCTION bump_map_version();");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"DROP TRIGGER tr_{table}_map_version ON {table};");
            }

            migrationBuilder.Sql("DROP FUNCTION bump_map_version(); DROP TABLE map_version;");
        }

        /// <summary>The tables the tiles are drawn from.</summary>
        private static readonly string[] Tables =
        [
            "areas", "compounds", "venues", "co_building_units", "organization_compounds",
            "party_organizations", "owners_committees", "committee_seats", "agreements",
        ];
    }
}
