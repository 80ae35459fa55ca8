using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace GeoHub.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gist", ",,")
                .Annotation("Npgsql:PostgresExtension:postgis", ",,");

            migrationBuilder.CreateTable(
                name: "areas",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    parent_id = table.Column<int>(type: "integer", nullable: true),
                    path = table.Column<string>(type: "text", nullable: false),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_areas", x => x.id);
                    table.ForeignKey(
                        name: "fk_areas_areas_parent_id",
                        column: x => x.parent_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "property_companies",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    credit_code = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_property_companies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "co_building_units",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    area_id = table.Column<int>(type: "integer", nullable: false),
                    address = table.Column<string>(type: "text", nullable: true),
                    location = table.Column<Point>(type: "geography(Point,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_co_building_units", x => x.id);
                    table.ForeignKey(
                        name: "fk_co_building_units_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "party_organizations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    formation = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    community_id = table.Column<int>(type: "integer", nullable: false),
                    formed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    dissolved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    startup_funding_yuan = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_party_organizations", x => x.id);
                    table.CheckConstraint("ck_party_organizations_dates", "dissolved_on IS NULL OR dissolved_on >= formed_on");
                    table.ForeignKey(
                        name: "fk_party_organizations_areas_community_id",
                        column: x => x.community_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "compounds",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    community_id = table.Column<int>(type: "integer", nullable: false),
                    households = table.Column<int>(type: "integer", nullable: false),
                    address = table.Column<string>(type: "text", nullable: true),
                    built_year = table.Column<int>(type: "integer", nullable: true),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: false),
                    property_company_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_compounds", x => x.id);
                    table.CheckConstraint("ck_compounds_households", "households >= 0");
                    table.ForeignKey(
                        name: "fk_compounds_areas_community_id",
                        column: x => x.community_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_compounds_property_companies_property_company_id",
                        column: x => x.property_company_id,
                        principalTable: "property_companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "activities",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    community_id = table.Column<int>(type: "integer", nullable: false),
                    compound_id = table.Column<int>(type: "integer", nullable: true),
                    title = table.Column<string>(type: "text", nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    participants = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activities", x => x.id);
                    table.ForeignKey(
                        name: "fk_activities_areas_community_id",
                        column: x => x.community_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_activities_co_building_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "co_building_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_activities_compounds_compound_id",
                        column: x => x.compound_id,
                        principalTable: "compounds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agreements",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    community_id = table.Column<int>(type: "integer", nullable: false),
                    compound_id = table.Column<int>(type: "integer", nullable: true),
                    title = table.Column<string>(type: "text", nullable: false),
                    signed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ended_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agreements", x => x.id);
                    table.ForeignKey(
                        name: "fk_agreements_areas_community_id",
                        column: x => x.community_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_agreements_co_building_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "co_building_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_agreements_compounds_compound_id",
                        column: x => x.compound_id,
                        principalTable: "compounds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "buildings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    compound_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    floors = table.Column<int>(type: "integer", nullable: false),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_buildings", x => x.id);
                    table.ForeignKey(
                        name: "fk_buildings_compounds_compound_id",
                        column: x => x.compound_id,
                        principalTable: "compounds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "organization_compounds",
                columns: table => new
                {
                    organization_id = table.Column<int>(type: "integer", nullable: false),
                    compound_id = table.Column<int>(type: "integer", nullable: false),
                    covered_from = table.Column<DateOnly>(type: "date", nullable: false),
                    covered_until = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organization_compounds", x => new { x.organization_id, x.compound_id, x.covered_from });
                    table.CheckConstraint("ck_organization_compounds_dates", "covered_until IS NULL OR covered_until > covered_from");
                    table.ForeignKey(
                        name: "fk_organization_compounds_compounds_compound_id",
                        column: x => x.compound_id,
                        principalTable: "compounds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_organization_compounds_party_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "party_organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "owners_committees",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    compound_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    formed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    dissolved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    formed_under_party_lead = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_owners_committees", x => x.id);
                    table.ForeignKey(
                        name: "fk_owners_committees_compounds_compound_id",
                        column: x => x.compound_id,
                        principalTable: "compounds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "venues",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    area_id = table.Column<int>(type: "integer", nullable: false),
                    compound_id = table.Column<int>(type: "integer", nullable: true),
                    location = table.Column<Point>(type: "geography(Point,4326)", nullable: false),
                    floor_area_sqm = table.Column<decimal>(type: "numeric(10,1)", precision: 10, scale: 1, nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    opening_hours = table.Column<string>(type: "text", nullable: true),
                    opened_on = table.Column<DateOnly>(type: "date", nullable: false),
                    closed_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_venues", x => x.id);
                    table.ForeignKey(
                        name: "fk_venues_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_venues_compounds_compound_id",
                        column: x => x.compound_id,
                        principalTable: "compounds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "projects",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    agreement_id = table.Column<int>(type: "integer", nullable: true),
                    community_id = table.Column<int>(type: "integer", nullable: false),
                    compound_id = table.Column<int>(type: "integer", nullable: true),
                    name = table.Column<string>(type: "text", nullable: false),
                    launched_on = table.Column<DateOnly>(type: "date", nullable: false),
                    completed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    budget_yuan = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_projects", x => x.id);
                    table.CheckConstraint("ck_projects_dates", "completed_on IS NULL OR completed_on >= launched_on");
                    table.ForeignKey(
                        name: "fk_projects_agreements_agreement_id",
                        column: x => x.agreement_id,
                        principalTable: "agreements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_projects_areas_community_id",
                        column: x => x.community_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_projects_co_building_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "co_building_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_projects_compounds_compound_id",
                        column: x => x.compound_id,
                        principalTable: "compounds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "party_groups",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    organization_id = table.Column<int>(type: "integer", nullable: false),
                    building_id = table.Column<int>(type: "integer", nullable: true),
                    name = table.Column<string>(type: "text", nullable: false),
                    formed_on = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_party_groups", x => x.id);
                    table.ForeignKey(
                        name: "fk_party_groups_buildings_building_id",
                        column: x => x.building_id,
                        principalTable: "buildings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_party_groups_party_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "party_organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "party_members",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    phone = table.Column<string>(type: "text", nullable: true),
                    category = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    cadre_rank = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    work_unit = table.Column<string>(type: "text", nullable: true),
                    compound_id = table.Column<int>(type: "integer", nullable: false),
                    building_id = table.Column<int>(type: "integer", nullable: true),
                    reported_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_party_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_party_members_buildings_building_id",
                        column: x => x.building_id,
                        principalTable: "buildings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_party_members_compounds_compound_id",
                        column: x => x.compound_id,
                        principalTable: "compounds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "stairwells",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    building_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    households = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stairwells", x => x.id);
                    table.CheckConstraint("ck_stairwells_households", "households >= 0");
                    table.ForeignKey(
                        name: "fk_stairwells_buildings_building_id",
                        column: x => x.building_id,
                        principalTable: "buildings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "office_spaces",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    address = table.Column<string>(type: "text", nullable: true),
                    area_id = table.Column<int>(type: "integer", nullable: false),
                    location = table.Column<Point>(type: "geography(Point,4326)", nullable: false),
                    floor_area_sqm = table.Column<decimal>(type: "numeric(10,1)", precision: 10, scale: 1, nullable: false),
                    source = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    added_on = table.Column<DateOnly>(type: "date", nullable: false),
                    assigned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    assigned_organization_id = table.Column<int>(type: "integer", nullable: true),
                    assigned_committee_id = table.Column<int>(type: "integer", nullable: true),
                    assigned_property_company_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_office_spaces", x => x.id);
                    table.CheckConstraint("ck_office_spaces_assigned", "(assigned_on IS NULL) = (assigned_organization_id IS NULL AND assigned_committee_id IS NULL AND assigned_property_company_id IS NULL)");
                    table.ForeignKey(
                        name: "fk_office_spaces_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_office_spaces_owners_committees_assigned_committee_id",
                        column: x => x.assigned_committee_id,
                        principalTable: "owners_committees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_office_spaces_party_organizations_assigned_organization_id",
                        column: x => x.assigned_organization_id,
                        principalTable: "party_organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_office_spaces_property_companies_assigned_property_company_",
                        column: x => x.assigned_property_company_id,
                        principalTable: "property_companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "bookings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    venue_id = table.Column<int>(type: "integer", nullable: false),
                    during = table.Column<NpgsqlRange<DateTime>>(type: "tstzrange", nullable: false),
                    booked_by = table.Column<string>(type: "text", nullable: false),
                    purpose = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    cancelled_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bookings", x => x.id);
                    table.CheckConstraint("ck_bookings_during", "NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)");
                    table.ForeignKey(
                        name: "fk_bookings_venues_venue_id",
                        column: x => x.venue_id,
                        principalTable: "venues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "meetings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    organization_id = table.Column<int>(type: "integer", nullable: false),
                    party_group_id = table.Column<int>(type: "integer", nullable: true),
                    kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    topic = table.Column<string>(type: "text", nullable: true),
                    attendees = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meetings", x => x.id);
                    table.ForeignKey(
                        name: "fk_meetings_party_groups_party_group_id",
                        column: x => x.party_group_id,
                        principalTable: "party_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_meetings_party_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "party_organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "committee_seats",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    committee_id = table.Column<int>(type: "integer", nullable: false),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    holder_name = table.Column<string>(type: "text", nullable: false),
                    party_member_id = table.Column<int>(type: "integer", nullable: true),
                    from = table.Column<DateOnly>(type: "date", nullable: false),
                    until = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_committee_seats", x => x.id);
                    table.CheckConstraint("ck_committee_seats_dates", "until IS NULL OR until > \"from\"");
                    table.ForeignKey(
                        name: "fk_committee_seats_owners_committees_committee_id",
                        column: x => x.committee_id,
                        principalTable: "owners_committees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_committee_seats_party_members_party_member_id",
                        column: x => x.party_member_id,
                        principalTable: "party_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "party_roles",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    member_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    organization_id = table.Column<int>(type: "integer", nullable: false),
                    party_group_id = table.Column<int>(type: "integer", nullable: true),
                    from = table.Column<DateOnly>(type: "date", nullable: false),
                    until = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_party_roles", x => x.id);
                    table.CheckConstraint("ck_party_roles_dates", "until IS NULL OR until > \"from\"");
                    table.ForeignKey(
                        name: "fk_party_roles_party_groups_party_group_id",
                        column: x => x.party_group_id,
                        principalTable: "party_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_party_roles_party_members_member_id",
                        column: x => x.member_id,
                        principalTable: "party_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_party_roles_party_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "party_organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_activities_community_id_held_on",
                table: "activities",
                columns: new[] { "community_id", "held_on" });

            migrationBuilder.CreateIndex(
                name: "ix_activities_compound_id",
                table: "activities",
                column: "compound_id");

            migrationBuilder.CreateIndex(
                name: "ix_activities_unit_id",
                table: "activities",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_agreements_community_id_signed_on",
                table: "agreements",
                columns: new[] { "community_id", "signed_on" });

            migrationBuilder.CreateIndex(
                name: "ix_agreements_compound_id",
                table: "agreements",
                column: "compound_id");

            migrationBuilder.CreateIndex(
                name: "ix_agreements_unit_id_compound_id",
                table: "agreements",
                columns: new[] { "unit_id", "compound_id" });

            migrationBuilder.CreateIndex(
                name: "ix_areas_boundary",
                table: "areas",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_areas_code",
                table: "areas",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_areas_parent_id",
                table: "areas",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_areas_path",
                table: "areas",
                column: "path")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_bookings_venue_id",
                table: "bookings",
                column: "venue_id");

            migrationBuilder.CreateIndex(
                name: "ix_buildings_compound_id_name",
                table: "buildings",
                columns: new[] { "compound_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_buildings_location",
                table: "buildings",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_co_building_units_area_id",
                table: "co_building_units",
                column: "area_id");

            migrationBuilder.CreateIndex(
                name: "ix_co_building_units_location",
                table: "co_building_units",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_co_building_units_name",
                table: "co_building_units",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_committee_seats_committee_id",
                table: "committee_seats",
                column: "committee_id");

            migrationBuilder.CreateIndex(
                name: "ix_committee_seats_party_member_id",
                table: "committee_seats",
                column: "party_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_compounds_boundary",
                table: "compounds",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_compounds_code",
                table: "compounds",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_compounds_community_id",
                table: "compounds",
                column: "community_id");

            migrationBuilder.CreateIndex(
                name: "ix_compounds_name",
                table: "compounds",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_compounds_property_company_id",
                table: "compounds",
                column: "property_company_id");

            migrationBuilder.CreateIndex(
                name: "ix_meetings_organization_id_held_on",
                table: "meetings",
                columns: new[] { "organization_id", "held_on" });

            migrationBuilder.CreateIndex(
                name: "ix_meetings_party_group_id",
                table: "meetings",
                column: "party_group_id");

            migrationBuilder.CreateIndex(
                name: "ix_office_spaces_area_id_added_on",
                table: "office_spaces",
                columns: new[] { "area_id", "added_on" });

            migrationBuilder.CreateIndex(
                name: "ix_office_spaces_assigned_committee_id",
                table: "office_spaces",
                column: "assigned_committee_id");

            migrationBuilder.CreateIndex(
                name: "ix_office_spaces_assigned_organization_id",
                table: "office_spaces",
                column: "assigned_organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_office_spaces_assigned_property_company_id",
                table: "office_spaces",
                column: "assigned_property_company_id");

            migrationBuilder.CreateIndex(
                name: "ix_office_spaces_location",
                table: "office_spaces",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_organization_compounds_compound_id",
                table: "organization_compounds",
                column: "compound_id");

            migrationBuilder.CreateIndex(
                name: "ix_owners_committees_compound_id",
                table: "owners_committees",
                column: "compound_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_party_groups_building_id",
                table: "party_groups",
                column: "building_id");

            migrationBuilder.CreateIndex(
                name: "ix_party_groups_organization_id",
                table: "party_groups",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_party_members_building_id",
                table: "party_members",
                column: "building_id");

            migrationBuilder.CreateIndex(
                name: "ix_party_members_category_reported_on",
                table: "party_members",
                columns: new[] { "category", "reported_on" });

            migrationBuilder.CreateIndex(
                name: "ix_party_members_compound_id",
                table: "party_members",
                column: "compound_id");

            migrationBuilder.CreateIndex(
                name: "ix_party_organizations_code",
                table: "party_organizations",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_party_organizations_community_id",
                table: "party_organizations",
                column: "community_id");

            migrationBuilder.CreateIndex(
                name: "ix_party_roles_member_id",
                table: "party_roles",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_party_roles_organization_id",
                table: "party_roles",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_party_roles_party_group_id",
                table: "party_roles",
                column: "party_group_id");

            migrationBuilder.CreateIndex(
                name: "ix_projects_agreement_id",
                table: "projects",
                column: "agreement_id");

            migrationBuilder.CreateIndex(
                name: "ix_projects_community_id_launched_on",
                table: "projects",
                columns: new[] { "community_id", "launched_on" });

            migrationBuilder.CreateIndex(
                name: "ix_projects_compound_id",
                table: "projects",
                column: "compound_id");

            migrationBuilder.CreateIndex(
                name: "ix_projects_unit_id",
                table: "projects",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_property_companies_name",
                table: "property_companies",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stairwells_building_id_name",
                table: "stairwells",
                columns: new[] { "building_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_venues_area_id",
                table: "venues",
                column: "area_id");

            migrationBuilder.CreateIndex(
                name: "ix_venues_compound_id",
                table: "venues",
                column: "compound_id");

            migrationBuilder.CreateIndex(
                name: "ix_venues_location",
                table: "venues",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            // Double booking is impossible, even between concurrent requests: no two live
            // bookings of one venue may overlap (half-open ranges, so touching ends are fine).
            migrationBuilder.Sql(
                "ALTER TABLE bookings ADD CONSTRAINT ex_bookings_no_overlap " +
                "EXCLUDE USING gist (venue_id WITH =, during WITH &&) WHERE (cancelled_at IS NULL);");

            // Distances from a compound are measured on the spheroid (boundary::geography);
            // this expression index lets ST_DWithin on that cast use GiST.
            migrationBuilder.Sql(
                "CREATE INDEX ix_compounds_boundary_geography ON compounds USING gist ((boundary::geography));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activities");

            migrationBuilder.DropTable(
                name: "bookings");

            migrationBuilder.DropTable(
                name: "committee_seats");

            migrationBuilder.DropTable(
                name: "meetings");

            migrationBuilder.DropTable(
                name: "office_spaces");

            migrationBuilder.DropTable(
                name: "organization_compounds");

            migrationBuilder.DropTable(
                name: "party_roles");

            migrationBuilder.DropTable(
                name: "projects");

            migrationBuilder.DropTable(
                name: "stairwells");

            migrationBuilder.DropTable(
                name: "venues");

            migrationBuilder.DropTable(
                name: "owners_committees");

            migrationBuilder.DropTable(
                name: "party_groups");

            migrationBuilder.DropTable(
                name: "party_members");

            migrationBuilder.DropTable(
                name: "agreements");

            migrationBuilder.DropTable(
                name: "party_organizations");

            migrationBuilder.DropTable(
                name: "buildings");

            migrationBuilder.DropTable(
                name: "co_building_units");

            migrationBuilder.DropTable(
                name: "compounds");

            migrationBuilder.DropTable(
                name: "areas");

            migrationBuilder.DropTable(
                name: "property_companies");
        }
    }
}
