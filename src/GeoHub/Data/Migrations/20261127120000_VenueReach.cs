using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeoHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class VenueReach : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Each compound's nearest venues, open or not, precomputed (see BattleMap/VenueReach):
            // the battle map and the compounds tile then pick the first one open on their day
            // instead of searching the venues for every compound. The rows are kept true by
            // deleting them whenever what they were computed from changes; a compound without
            // rows is answered by the live search, so a missing row is slower, never wrong.
            migrationBuilder.Sql("""
                CREATE TABLE compound_nearest_venues (
                    compound_id int NOT NULL REFERENCES compounds (id) ON DELETE CASCADE,
                    rank smallint NOT NULL CHECK (rank >= 1),
                    venue_id int NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
                    distance_m double precision NOT NULL CHECK (distance_m >= 0),
                    PRIMARY KEY (compound_id, rank));
                CREATE INDEX ix_compound_nearest_venues_venue_id ON compound_nearest_venues (venue_id);

                -- complete: every compound has its rows. Cleared by the triggers below, set by a fill.
                CREATE TABLE venue_reach_state (id int PRIMARY KEY CHECK (id = 1), complete boolean NOT NULL);
                INSERT INTO venue_reach_state VALUES (1, NOT EXISTS (SELECT 1 FROM compounds));

                -- A venue added, removed or moved can change any compound's list: drop them all.
                -- (Opening and closing days do not: they are read at query time.)
                CREATE FUNCTION forget_venue_reach() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM compound_nearest_venues;
                    UPDATE venue_reach_state SET complete = false WHERE id = 1 AND complete;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER tr_venues_reach AFTER INSERT OR DELETE OR UPDATE OF location ON venues
                    FOR EACH STATEMENT EXECUTE FUNCTION forget_venue_reach();

                -- A compound redrawn loses its own rows; a new compound has none yet.
                CREATE FUNCTION forget_compound_reach() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN
                        DELETE FROM compound_nearest_venues WHERE compound_id = NEW.id;
                    END IF;
                    UPDATE venue_reach_state SET complete = false WHERE id = 1 AND complete;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER tr_compounds_reach_moved AFTER UPDATE OF boundary ON compounds
                    FOR EACH ROW WHEN (OLD.boundary IS DISTINCT FROM NEW.boundary) EXECUTE FUNCTION forget_compound_reach();
                CREATE TRIGGER tr_compounds_reach_added AFTER INSERT ON compounds
                    FOR EACH STATEMENT EXECUTE FUNCTION forget_compound_reach();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER tr_compounds_reach_added ON compounds;
                DROP TRIGGER tr_compounds_reach_moved ON compounds;
                DROP TRIGGER tr_venues_reach ON venues;
                DROP FUNCTION forget_compound_reach();
                DROP FUNCTION forget_venue_reach();
                DROP TABLE venue_reach_state;
                DROP TABLE compound_nearest_venues;
                """);
        }
    }
}
