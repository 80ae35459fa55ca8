using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeoHub.Data.Migrations
{
    /// <summary>
    /// The low-zoom tiles' points and cells functions again, with each history computed once
    /// (CompoundMapPointsSql.Histories): under their generic plans a refresh of many cells at once
    /// recomputed every history for each cell, and the demo map's load spent 10 of its 15 s there.
    /// The answers are the same, so Down keeps these definitions (CompoundMapPoints' Down drops them).
    /// </summary>
    [DbContext(typeof(GeoHubDb))]
    [Migration("20261207030000_MapCellsMaterializedHistories")]
    public partial class MapCellsMaterializedHistories : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CompoundMapPointsSql.FromRowsFunction);
            migrationBuilder.Sql(CompoundMapPointsSql.CellsRefreshFunction);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
