using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeoHub.Data.Migrations
{
    /// <summary>
    /// "An area's biggest compounds first" (compounds(where: {areaCode}, order: [{households: DESC}])
    /// is the planners' list): without an index in that order PostgreSQL joins every compound of
    /// the area and sorts them for the first 50 (15 ms for 新罗区's 10,990 on the ×10 map); with it,
    /// it walks the compounds biggest first and stops at the 50th in the area (0.2 ms). Also the
    /// keyset of the next pages (households, id). SQL only: the EF model has no say in it.
    /// </summary>
    [DbContext(typeof(GeoHubDb))]
    [Migration("20261202210000_CompoundsByHouseholds")]
    public partial class CompoundsByHouseholds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX ix_compounds_households_desc_id ON compounds (households DESC, id);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_compounds_households_desc_id;");
        }
    }
}
