using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeoHub.Data.Migrations
{
    /// <summary>
    /// The ledger of figures kept by unit (compound, community, member) instead of by community,
    /// so that a write costs the rows of what it touched rather than its whole community
    /// (CoverageLedgerUnitsSql). The ledger read by the API (coverage_steps) keeps its shape; it is
    /// rebuilt from the rows both ways. SQL only: the EF model has no say in it.
    /// </summary>
    [DbContext(typeof(GeoHubDb))]
    [Migration("20261207000000_CoverageLedgerUnits")]
    public partial class CoverageLedgerUnits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CoverageLedgerUnitsSql.Up);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CoverageLedgerUnitsSql.Down);
        }
    }
}
