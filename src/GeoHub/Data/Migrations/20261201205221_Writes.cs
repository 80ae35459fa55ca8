using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeoHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class Writes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_owners_committees_compound_id",
                table: "owners_committees");

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "venues",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "projects",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "party_roles",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "party_organizations",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateOnly>(
                name: "left_on",
                table: "party_members",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "moved_from_id",
                table: "party_members",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "registered_on",
                table: "party_members",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "party_members",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "owners_committees",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateOnly>(
                name: "released_on",
                table: "office_spaces",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "office_spaces",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "committee_seats",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "co_building_units",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "agreements",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateIndex(
                name: "ix_party_members_moved_from_id",
                table: "party_members",
                column: "moved_from_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_party_members_dates",
                table: "party_members",
                sql: "left_on IS NULL OR registered_on IS NULL OR left_on > registered_on");

            migrationBuilder.CreateIndex(
                name: "ix_owners_committees_compound_id",
                table: "owners_committees",
                column: "compound_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_office_spaces_released",
                table: "office_spaces",
                sql: "released_on IS NULL OR (assigned_on IS NOT NULL AND released_on > assigned_on)");

            migrationBuilder.AddForeignKey(
                name: "fk_party_members_party_members_moved_from_id",
                table: "party_members",
                column: "moved_from_id",
                principalTable: "party_members",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.Sql(WritesSql.Up);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(WritesSql.Down);

            migrationBuilder.DropForeignKey(
                name: "fk_party_members_party_members_moved_from_id",
                table: "party_members");

            migrationBuilder.DropIndex(
                name: "ix_party_members_moved_from_id",
                table: "party_members");

            migrationBuilder.DropCheckConstraint(
                name: "ck_party_members_dates",
                table: "party_members");

            migrationBuilder.DropIndex(
                name: "ix_owners_committees_compound_id",
                table: "owners_committees");

            migrationBuilder.DropCheckConstraint(
                name: "ck_office_spaces_released",
                table: "office_spaces");

            migrationBuilder.DropColumn(
                name: "version",
                table: "venues");

            migrationBuilder.DropColumn(
                name: "version",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "version",
                table: "party_roles");

            migrationBuilder.DropColumn(
                name: "version",
                table: "party_organizations");

            migrationBuilder.DropColumn(
                name: "left_on",
                table: "party_members");

            migrationBuilder.DropColumn(
                name: "moved_from_id",
                table: "party_members");

            migrationBuilder.DropColumn(
                name: "registered_on",
                table: "party_members");

            migrationBuilder.DropColumn(
                name: "version",
                table: "party_members");

            migrationBuilder.DropColumn(
                name: "version",
                table: "owners_committees");

            migrationBuilder.DropColumn(
                name: "released_on",
                table: "office_spaces");

            migrationBuilder.DropColumn(
                name: "version",
                table: "office_spaces");

            migrationBuilder.DropColumn(
                name: "version",
                table: "committee_seats");

            migrationBuilder.DropColumn(
                name: "version",
                table: "co_building_units");

            migrationBuilder.DropColumn(
                name: "version",
                table: "agreements");

            migrationBuilder.CreateIndex(
                name: "ix_owners_committees_compound_id",
                table: "owners_committees",
                column: "compound_id",
                unique: true);
        }
    }
}
