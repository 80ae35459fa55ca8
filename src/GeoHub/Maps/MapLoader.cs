using System.Diagnostics;
using System.Text.Json;
using GeoHub.Areas;
using GeoHub.CoBuilding;
using GeoHub.Committees;
using GeoHub.Common;
using GeoHub.Organizations;
using GeoHub.Venues;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using static GeoHub.Maps.MapFileReader;

namespace GeoHub.Maps;

/// <summary>
/// Loads a map folder (maps/longyan) into a migrated, empty database, all or nothing. Every file is
/// read and every reference resolved in memory first (ids are given here, in file order), so a
/// broken file fails before anything is written; then one transaction binary-COPYs the tables.
/// For big maps (the ×100 benchmark map has ~11 M rows) the transaction first drops the loaded
/// tables' foreign keys and secondary indexes and recreates them after the COPY: one index build
/// and one validating join per key instead of a GiST insert and an RI lookup per row. DDL is
/// transactional in PostgreSQL, so a failure still leaves the database as it was.
/// </summary>
public static class MapLoader
{
    public static async Task<MapLoadSummary> LoadAsync(NpgsqlDataSource dataSource, string mapDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var clock = Stopwatch.StartNew();
        var tables = ReadMap(mapDirectory);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM areas) OR EXISTS (SELECT 1 FROM compounds) OR EXISTS (SELECT 1 FROM party_members)", connection, transaction))
        {
            if ((bool)(await check.ExecuteScalarAsync(cancellationToken))!)
            {
                throw new InvalidOperationException("the database already holds map data; load only into a freshly migrated, empty database");
            }
        }

        var names = tables.Select(t => t.Name).ToArray();
        var rebuild = await DropKeysAndIndexesAsync(connection, transaction, names, cancellationToken);
        foreach (var table in tables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            table.Copy(connection);
        }

        // The deferred checks of an organisation's formation against its compounds run first, on
        // the loaded rows: PostgreSQL builds no index on a table with trigger events still pending.
        // Indexes before keys, so each key's validating join can use them; the GiST builds sort in memory.
        const string Checks = "SET CONSTRAINTS tr_party_organizations_formation, tr_organization_compounds_formation IMMEDIATE; SET LOCAL maintenance_work_mem = '512MB'";
        await using (var setup = new NpgsqlCommand(Checks, connection, transaction) { CommandTimeout = 0 })
        {
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var ddl in rebuild)
        {
            await using var create = new NpgsqlCommand(ddl, connection, transaction) { CommandTimeout = 0 };
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        // Then, with the indexes and fresh statistics, the derived tables are built from the rows:
        // the ledger of figures (the areas' trigger asked for a rebuild: Coverage/CoverageLedger),
        // which on the ×100 map takes longer than a command's default timeout, and the low-zoom
        // tiles' points and cells (BattleMap/CompoundPoints). Built before the indexes, the points
        // took 10 s of the demo map's load instead of a fraction of one.
        await using (var analyze = new NpgsqlCommand("ANALYZE " + string.Join(", ", names), connection, transaction) { CommandTimeout = 0 })
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var derive = new NpgsqlCommand("SET CONSTRAINTS ALL IMMEDIATE", connection, transaction) { CommandTimeout = 0 })
        {
            await derive.ExecuteNonQueryAsync(cancellationToken);
        }

        // Fresh statistics of the derived tables too, so the first queries after a load get the
        // plans the tests and benchmarks expect.
        await using (var analyze = new NpgsqlCommand("ANALYZE coverage_steps, coverage_unit_steps, compound_map_points, compound_map_cells", connection, transaction) { CommandTimeout = 0 })
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        // Each compound's nearest venues, so the first maps after a load do not search for them.
        await VenueReach.FillAsync(connection, transaction, cancellationToken);
        await using (var analyze = new NpgsqlCommand("ANALYZE compound_nearest_venues", connection, transaction))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        // Ids were given by the loader; move the identity sequences past them for later inserts.
        foreach (var table in tables.Where(t => t.Columns[0] == "id"))
        {
            await using var setval = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence('{table.Name}', 'id'), GREATEST((SELECT max(id) FROM {table.Name}), 1))", connection, transaction);
            await setval.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new MapLoadSummary(tables.ToDictionary(t => t.Name, t => t.Rows.Count), clock.Elapsed);
    }

    /// <summary>
    /// Drops the foreign keys of the given tables and every index on them that no constraint owns
    /// (primary keys, unique and exclusion constraints stay); returns the DDL that recreates them.
    /// </summary>
    private static async Task<List<string>> DropKeysAndIndexesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] tables, CancellationToken cancellationToken)
    {
        const string Find = """
            SELECT 'fk', format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
                   format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.conrelid = ANY (SELECT to_regclass(t) FROM unnest(@tables) t)
            UNION ALL
            SELECT 'ix', format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY (SELECT to_regclass(t) FROM unnest(@tables) t)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype <> 'f')
            """;
        var foreignKeys = new List<(string Drop, string Create)>();
        var indexes = new List<(string Drop, string Create)>();
        await using (var find = new NpgsqlCommand(Find, connection, transaction))
        {
            find.Parameters.AddWithValue("tables", tables);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                (reader.GetString(0) == "fk" ? foreignKeys : indexes).Add((reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (drop, _) in foreignKeys.Concat(indexes))
        {
            await using var command = new NpgsqlCommand(drop, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return [.. indexes.Select(x => x.Create), .. foreignKeys.Select(x => x.Create)];
    }

    private static List<Table> ReadMap(string dir)
    {
        var areas = new Table("areas", ("id", NpgsqlDbType.Integer), ("code", NpgsqlDbType.Text), ("name", NpgsqlDbType.Text), ("level", NpgsqlDbType.Text),
            ("parent_id", NpgsqlDbType.Integer), ("path", NpgsqlDbType.Text), ("boundary", NpgsqlDbType.Geometry));
        var areaIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var areaPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in ReadGeoJson(dir, MapFiles.Areas))
        {
            var code = f.Text("code");
            var parent = f.OptionalText("parent");
            int? parentId = parent is null ? null : f.Ref("parent", areaIds, "parent area (parents must come first)");
            var path = parent is null ? code : areaPaths[parent] + "/" + code;
            areaPaths[code] = path;
            areas.Add(f, areaIds, code, code, f.Text("name"), f.Enum<AreaLevel>("level"), parentId, path, Polygonal(f));
        }

        var companies = new Table("property_companies", ("id", NpgsqlDbType.Integer), ("name", NpgsqlDbType.Text), ("credit_code", NpgsqlDbType.Text));
        var companyIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in ReadCsv(dir, MapFiles.PropertyCompanies, "name", "credit_code"))
        {
            companies.Add(r, companyIds, r.Text("name"), r.Text("name"), r.OptionalText("credit_code"));
        }

        var compounds = new Table("compounds", ("id", NpgsqlDbType.Integer), ("code", NpgsqlDbType.Text), ("name", NpgsqlDbType.Text), ("community_id", NpgsqlDbType.Integer),
            ("households", NpgsqlDbType.Integer), ("address", NpgsqlDbType.Text), ("built_year", NpgsqlDbType.Integer), ("boundary", NpgsqlDbType.Geometry),
            ("property_company_id", NpgsqlDbType.Integer));
        var buildings = new Table("buildings", ("id", NpgsqlDbType.Integer), ("compound_id", NpgsqlDbType.Integer), ("name", NpgsqlDbType.Text),
            ("floors", NpgsqlDbType.Integer), ("location", NpgsqlDbType.Geometry));
        var stairwells = new Table("stairwells", ("id", NpgsqlDbType.Integer), ("building_id", NpgsqlDbType.Integer), ("name", NpgsqlDbType.Text), ("households", NpgsqlDbType.Integer));
        var compoundIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var buildingIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in ReadGeoJson(dir, MapFiles.Compounds))
        {
            var code = f.Text("code");
            var id = compounds.Add(f, compoundIds, code, code, f.Text("name"), f.Ref("community", areaIds, "community"), f.Int("households"),
                f.OptionalText("address"), f.OptionalInt("builtYear"), Polygonal(f), f.OptionalRef("propertyCompany", companyIds, "property company"));
            ReadBuildings(f, id, code, buildings, stairwells, buildingIds);
        }

        var organizations = new Table("party_organizations", ("id", NpgsqlDbType.Integer), ("code", NpgsqlDbType.Text), ("name", NpgsqlDbType.Text), ("kind", NpgsqlDbType.Text),
            ("formation", NpgsqlDbType.Text), ("community_id", NpgsqlDbType.Integer), ("formed_on", NpgsqlDbType.Date), ("dissolved_on", NpgsqlDbType.Date),
            ("startup_funding_yuan", NpgsqlDbType.Numeric));
        var orgIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in ReadCsv(dir, MapFiles.Organizations, "code", "name", "kind", "formation", "community", "formed_on", "dissolved_on", "startup_funding_yuan"))
        {
            var code = r.Text("code");
            organizations.Add(r, orgIds, code, code, r.Text("name"), r.Enum<OrganizationKind>("kind"), r.Enum<Formation>("formation"), r.Ref("community", areaIds, "community"),
                r.Date("formed_on"), r.OptionalDate("dissolved_on"), r.Decimal("startup_funding_yuan"));
        }

        var coverage = new Table("organization_compounds", ("organization_id", NpgsqlDbType.Integer), ("compound_id", NpgsqlDbType.Integer),
            ("covered_from", NpgsqlDbType.Date), ("covered_until", NpgsqlDbType.Date));
        foreach (var r in ReadCsv(dir, MapFiles.OrganizationCompounds, "organization", "compound", "covered_from", "covered_until"))
        {
            coverage.AddRow(r.Ref("organization", orgIds, "organization"), r.Ref("compound", compoundIds, "compound"), r.Date("covered_from"), r.OptionalDate("covered_until"));
        }

        var groups = new Table("party_groups", ("id", NpgsqlDbType.Integer), ("organization_id", NpgsqlDbType.Integer), ("building_id", NpgsqlDbType.Integer),
            ("name", NpgsqlDbType.Text), ("formed_on", NpgsqlDbType.Date));
        var groupIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in ReadCsv(dir, MapFiles.PartyGroups, "key", "organization", "compound", "building", "name", "formed_on"))
        {
            groups.Add(r, groupIds, r.Text("key"), r.Ref("organization", orgIds, "organization"), BuildingRef(r, buildingIds), r.Text("name"), r.Date("formed_on"));
        }

        var members = new Table("party_members", ("id", NpgsqlDbType.Integer), ("name", NpgsqlDbType.Text), ("phone", NpgsqlDbType.Text), ("category", NpgsqlDbType.Text),
            ("cadre_rank", NpgsqlDbType.Text), ("work_unit", NpgsqlDbType.Text), ("compound_id", NpgsqlDbType.Integer), ("building_id", NpgsqlDbType.Integer),
            ("reported_on", NpgsqlDbType.Date));
        var memberIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in ReadCsv(dir, MapFiles.Members, "key", "name", "phone", "category", "cadre_rank", "work_unit", "compound", "building", "reported_on"))
        {
            members.Add(r, memberIds, r.Text("key"), r.Text("name"), r.OptionalText("phone"), r.Enum<MemberCategory>("category"), r.OptionalEnum<CadreRank>("cadre_rank"),
                r.OptionalText("work_unit"), r.Ref("compound", compoundIds, "compound"), r.OptionalText("building") is null ? null : BuildingRef(r, buildingIds),
                r.OptionalDate("reported_on"));
        }

        var roles = new Table("party_roles", ("id", NpgsqlDbType.Integer), ("member_id", NpgsqlDbType.Integer), ("kind", NpgsqlDbType.Text), ("organization_id", NpgsqlDbType.Integer),
            ("party_group_id", NpgsqlDbType.Integer), ("from", NpgsqlDbType.Date), ("until", NpgsqlDbType.Date));
        foreach (var r in ReadCsv(dir, MapFiles.Roles, "member", "kind", "organization", "party_group", "from", "until"))
        {
            roles.AddWithId(r.Ref("member", memberIds, "member"), r.Enum<RoleKind>("kind"), r.Ref("organization", orgIds, "organization"),
                r.OptionalRef("party_group", groupIds, "party group"), r.Date("from"), r.OptionalDate("until"));
        }

        var committees = new Table("owners_committees", ("id", NpgsqlDbType.Integer), ("compound_id", NpgsqlDbType.Integer), ("name", NpgsqlDbType.Text),
            ("formed_on", NpgsqlDbType.Date), ("dissolved_on", NpgsqlDbType.Date), ("formed_under_party_lead", NpgsqlDbType.Boolean));
        var committeeIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in ReadCsv(dir, MapFiles.Committees, "compound", "name", "formed_on", "dissolved_on", "formed_under_party_lead"))
        {
            committees.Add(r, committeeIds, r.Text("compound"), r.Ref("compound", compoundIds, "compound"), r.Text("name"), r.Date("formed_on"),
                r.OptionalDate("dissolved_on"), r.Bool("formed_under_party_lead"));
        }

        var seats = new Table("committee_seats", ("id", NpgsqlDbType.Integer), ("committee_id", NpgsqlDbType.Integer), ("role", NpgsqlDbType.Text), ("holder_name", NpgsqlDbType.Text),
            ("party_member_id", NpgsqlDbType.Integer), ("from", NpgsqlDbType.Date), ("until", NpgsqlDbType.Date));
        foreach (var r in ReadCsv(dir, MapFiles.Seats, "compound", "role", "holder_name", "party_member", "from", "until"))
        {
            seats.AddWithId(r.Ref("compound", committeeIds, "committee (by compound)"), r.Enum<SeatRole>("role"), r.Text("holder_name"),
                r.OptionalRef("party_member", memberIds, "member"), r.Date("from"), r.OptionalDate("until"));
        }

        var (units, unitIds) = ReadUnits(dir, areaIds);
        var (coBuilding, agreementIds) = ReadCoBuilding(dir, unitIds, areaIds, compoundIds);
        var (venues, bookings) = ReadVenues(dir, areaIds, compoundIds);
        var offices = ReadOffices(dir, areaIds, orgIds, committeeIds, companyIds);

        var meetings = new Table("meetings", ("id", NpgsqlDbType.Integer), ("organization_id", NpgsqlDbType.Integer), ("party_group_id", NpgsqlDbType.Integer),
            ("kind", NpgsqlDbType.Text), ("held_on", NpgsqlDbType.Date), ("topic", NpgsqlDbType.Text), ("attendees", NpgsqlDbType.Integer));
        foreach (var r in ReadCsv(dir, MapFiles.Meetings, "organization", "party_group", "kind", "held_on", "topic", "attendees"))
        {
            meetings.AddWithId(r.Ref("organization", orgIds, "organization"), r.OptionalRef("party_group", groupIds, "party group"), r.Enum<MeetingKind>("kind"),
                r.Date("held_on"), r.OptionalText("topic"), r.Int("attendees"));
        }

        _ = agreementIds;
        return [areas, companies, compounds, buildings, stairwells, organizations, coverage, groups, members, roles, committees, seats, units, .. coBuilding, venues, bookings, offices, meetings];
    }

    private static MultiPolygon Polygonal(FeatureRecord f) =>
        f.Geometry as MultiPolygon ?? throw f.Error("geometry must be a MultiPolygon");

    private static Point Point(FeatureRecord f) =>
        f.Geometry as Point ?? throw f.Error("geometry must be a Point");

    private static int BuildingRef(MapRecord r, Dictionary<string, int> buildingIds) =>
        buildingIds.TryGetValue(r.Text("compound") + "|" + r.Text("building"), out var id) ? id : throw r.Error($"unknown building '{r.Text("building")}' in compound '{r.Text("compound")}'");

    private static void ReadBuildings(FeatureRecord f, int compoundId, string compoundCode, Table buildings, Table stairwells, Dictionary<string, int> buildingIds)
    {
        if (!f.Properties.TryGetProperty("buildings", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var b in list.EnumerateArray())
        {
            try
            {
                var name = b.GetProperty("name").GetString() ?? throw f.Error("a building has no name");
                var location = b.TryGetProperty("location", out var at) && at.ValueKind == JsonValueKind.Array
                    ? new Point(Position(at)) { SRID = 4326 }
                    : null;
                var id = buildings.AddWithId(compoundId, name, b.GetProperty("floors").GetInt32(), location);
                if (!buildingIds.TryAdd(compoundCode + "|" + name, id))
                {
                    throw f.Error($"building '{name}' appears twice");
                }

                foreach (var s in b.GetProperty("stairwells").EnumerateArray())
                {
                    stairwells.AddWithId(id, s[0].GetString(), s[1].GetInt32());
                }
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
            {
                throw f.Error($"malformed building ({e.Message})");
            }
        }
    }

    private static (Table, Dictionary<string, int>) ReadUnits(string dir, Dictionary<string, int> areaIds)
    {
        var units = new Table("co_building_units", ("id", NpgsqlDbType.Integer), ("name", NpgsqlDbType.Text), ("kind", NpgsqlDbType.Text), ("area_id", NpgsqlDbType.Integer),
            ("address", NpgsqlDbType.Text), ("location", NpgsqlDbType.Geography));
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in ReadGeoJson(dir, MapFiles.Units))
        {
            units.Add(f, ids, f.Text("key"), f.Text("name"), f.Enum<UnitKind>("kind"), f.Ref("area", areaIds, "area"), f.OptionalText("address"), Point(f));
        }

        return (units, ids);
    }

    private static (List<Table>, Dictionary<string, int>) ReadCoBuilding(string dir, Dictionary<string, int> unitIds, Dictionary<string, int> areaIds, Dictionary<string, int> compoundIds)
    {
        var agreements = new Table("agreements", ("id", NpgsqlDbType.Integer), ("unit_id", NpgsqlDbType.Integer), ("community_id", NpgsqlDbType.Integer),
            ("compound_id", NpgsqlDbType.Integer), ("title", NpgsqlDbType.Text), ("signed_on", NpgsqlDbType.Date), ("ended_on", NpgsqlDbType.Date));
        var agreementIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in ReadCsv(dir, MapFiles.Agreements, "key", "unit", "community", "compound", "title", "signed_on", "ended_on"))
        {
            agreements.Add(r, agreementIds, r.Text("key"), r.Ref("unit", unitIds, "unit"), r.Ref("community", areaIds, "community"),
                r.OptionalRef("compound", compoundIds, "compound"), r.Text("title"), r.Date("signed_on"), r.OptionalDate("ended_on"));
        }

        var projects = new Table("projects", ("id", NpgsqlDbType.Integer), ("unit_id", NpgsqlDbType.Integer), ("agreement_id", NpgsqlDbType.Integer),
            ("community_id", NpgsqlDbType.Integer), ("compound_id", NpgsqlDbType.Integer), ("name", NpgsqlDbType.Text), ("launched_on", NpgsqlDbType.Date),
            ("completed_on", NpgsqlDbType.Date), ("budget_yuan", NpgsqlDbType.Numeric));
        foreach (var r in ReadCsv(dir, MapFiles.Projects, "unit", "agreement", "community", "compound", "name", "launched_on", "completed_on", "budget_yuan"))
        {
            projects.AddWithId(r.Ref("unit", unitIds, "unit"), r.OptionalRef("agreement", agreementIds, "agreement"), r.Ref("community", areaIds, "community"),
                r.OptionalRef("compound", compoundIds, "compound"), r.Text("name"), r.Date("launched_on"), r.OptionalDate("completed_on"), r.OptionalDecimal("budget_yuan"));
        }

        var activities = new Table("activities", ("id", NpgsqlDbType.Integer), ("unit_id", NpgsqlDbType.Integer), ("community_id", NpgsqlDbType.Integer),
            ("compound_id", NpgsqlDbType.Integer), ("title", NpgsqlDbType.Text), ("held_on", NpgsqlDbType.Date), ("participants", NpgsqlDbType.Integer));
        foreach (var r in ReadCsv(dir, MapFiles.Activities, "unit", "community", "compound", "title", "held_on", "participants"))
        {
            activities.AddWithId(r.Ref("unit", unitIds, "unit"), r.Ref("community", areaIds, "community"), r.OptionalRef("compound", compoundIds, "compound"),
                r.Text("title"), r.Date("held_on"), r.Int("participants"));
        }

        return ([agreements, projects, activities], agreementIds);
    }

    private static (Table, Table) ReadVenues(string dir, Dictionary<string, int> areaIds, Dictionary<string, int> compoundIds)
    {
        var venues = new Table("venues", ("id", NpgsqlDbType.Integer), ("name", NpgsqlDbType.Text), ("level", NpgsqlDbType.Text), ("area_id", NpgsqlDbType.Integer),
            ("compound_id", NpgsqlDbType.Integer), ("location", NpgsqlDbType.Geography), ("floor_area_sqm", NpgsqlDbType.Numeric), ("capacity", NpgsqlDbType.Integer),
            ("opening_hours", NpgsqlDbType.Text), ("opened_on", NpgsqlDbType.Date), ("closed_on", NpgsqlDbType.Date));
        var venueIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in ReadGeoJson(dir, MapFiles.Venues))
        {
            venues.Add(f, venueIds, f.Text("key"), f.Text("name"), f.Enum<VenueLevel>("level"), f.Ref("area", areaIds, "area"), f.OptionalRef("compound", compoundIds, "compound"),
                Point(f), f.Decimal("floorAreaSqm"), f.Int("capacity"), f.OptionalText("openingHours"), f.Date("openedOn"), f.OptionalDate("closedOn"));
        }

        var bookings = new Table("bookings", ("id", NpgsqlDbType.Integer), ("venue_id", NpgsqlDbType.Integer), ("during", NpgsqlDbType.TimestampTzRange),
            ("booked_by", NpgsqlDbType.Text), ("purpose", NpgsqlDbType.Text), ("created_at", NpgsqlDbType.TimestampTz), ("cancelled_at", NpgsqlDbType.TimestampTz));
        foreach (var r in ReadCsv(dir, MapFiles.Bookings, "venue", "start", "end", "booked_by", "purpose", "created_at", "cancelled_at"))
        {
            var (start, end) = (r.Instant("start"), r.Instant("end"));
            if (end <= start)
            {
                throw r.Error("'end' must be after 'start'");
            }

            bookings.AddWithId(r.Ref("venue", venueIds, "venue"), new NpgsqlRange<DateTime>(start, true, end, false), r.Text("booked_by"), r.OptionalText("purpose"),
                r.Instant("created_at"), r.OptionalInstant("cancelled_at"));
        }

        return (venues, bookings);
    }

    private static Table ReadOffices(string dir, Dictionary<string, int> areaIds, Dictionary<string, int> orgIds, Dictionary<string, int> committeeIds, Dictionary<string, int> companyIds)
    {
        var offices = new Table("office_spaces", ("id", NpgsqlDbType.Integer), ("name", NpgsqlDbType.Text), ("address", NpgsqlDbType.Text), ("area_id", NpgsqlDbType.Integer),
            ("location", NpgsqlDbType.Geography), ("floor_area_sqm", NpgsqlDbType.Numeric), ("source", NpgsqlDbType.Text), ("added_on", NpgsqlDbType.Date),
            ("assigned_on", NpgsqlDbType.Date), ("assigned_organization_id", NpgsqlDbType.Integer), ("assigned_committee_id", NpgsqlDbType.Integer),
            ("assigned_property_company_id", NpgsqlDbType.Integer));
        foreach (var f in ReadGeoJson(dir, MapFiles.OfficeSpaces))
        {
            var org = f.OptionalRef("assignedOrganization", orgIds, "organization");
            var committee = f.OptionalRef("assignedCommittee", committeeIds, "committee (by compound)");
            var company = f.OptionalRef("assignedPropertyCompany", companyIds, "property company");
            var assignedOn = f.OptionalDate("assignedOn");
            if ((assignedOn is null) != (org is null && committee is null && company is null))
            {
                throw f.Error("'assignedOn' must be set exactly when the room is assigned");
            }

            offices.AddWithId(f.Text("name"), f.OptionalText("address"), f.Ref("community", areaIds, "community"), Point(f), f.Decimal("floorAreaSqm"),
                f.Enum<OfficeSpaceSource>("source"), f.Date("addedOn"), assignedOn, org, committee, company);
        }

        return offices;
    }

    /// <summary>The rows of one table in COPY column order; ids are 1, 2, 3… in file order.</summary>
    private sealed class Table(string name, params (string Column, NpgsqlDbType Type)[] columns)
    {
        public string Name { get; } = name;
        public string[] Columns { get; } = columns.Select(c => c.Column).ToArray();
        public List<object?[]> Rows { get; } = [];

        public void AddRow(params object?[] values) => Rows.Add(values);

        public int AddWithId(params object?[] values)
        {
            var id = Rows.Count + 1;
            Rows.Add([id, .. values]);
            return id;
        }

        /// <summary>Adds a row whose key other files refer to; a key may appear only once.</summary>
        public int Add(MapRecord record, Dictionary<string, int> ids, string key, params object?[] values)
        {
            var id = Rows.Count + 1;
            if (!ids.TryAdd(key, id))
            {
                throw record.Error($"duplicate key '{key}'");
            }

            Rows.Add([id, .. values]);
            return id;
        }

        /// <summary>
        /// Synchronous on purpose: the async writer costs a state machine per value, which for the
        /// ×100 map's tens of millions of values is most of the load time.
        /// </summary>
        public void Copy(NpgsqlConnection connection)
        {
            var list = string.Join(", ", Columns.Select(c => "\"" + c + "\""));
            using var writer = connection.BeginBinaryImport($"COPY {Name} ({list}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in Rows)
            {
                writer.StartRow();
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is null)
                    {
                        writer.WriteNull();
                    }
                    else
                    {
                        writer.Write(row[i], columns[i].Type);
                    }
                }
            }

            writer.Complete();
        }
    }
}

public sealed record MapLoadSummary(IReadOnlyDictionary<string, int> RowsByTable, TimeSpan Elapsed);
