using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeoHub.Data.Migrations
{
    /// <summary>
    /// Each compound's point and coverage status history, stored for the low-zoom compounds tiles
    /// and kept exact by triggers (see CompoundMapPointsSql). SQL only: the EF model has no say in it.
    /// </summary>
    [DbContext(typeof(GeoHubDb))]
    [Migration("20261206230000_CompoundMapPoints")]
    public partial class CompoundMapPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CompoundMapPointsSql.Up);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CompoundMapPointsSql.Down);
        }
    }
}
