using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeoHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class CoverageLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The dated ledger of the seed's figures, its maintenance and its initial fill from the
            // rows already stored (see CoverageLedgerSql). No EF model: only SQL reads it.
            migrationBuilder.Sql(CoverageLedgerSql.Up);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CoverageLedgerSql.Down);
        }
    }
}
