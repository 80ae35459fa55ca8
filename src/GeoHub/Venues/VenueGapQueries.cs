using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.Common;
using GeoHub.Compounds;
using GeoHub.Data;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GeoHub.Venues;

/// <summary>
/// Compounds of an area farther than a distance from every open venue (阵地空白), most households
/// first, with the nearest venue and the vacant office space that could close the gap.
/// Two commands whatever the number of gaps: the gaps with their compound and nearest venue,
/// then the candidate office spaces. The nearest-venue lists decide most compounds (see GapsSql).
/// </summary>
public static class VenueGapQueries
{
    public const double MaxDistanceLimit = 50_000;
    public const int DefaultFirst = 100;
    public const int MaxFirst = 1000;

    /// <summary>Venue levels from the smallest up: a gap "of at least COMMUNITY level" ignores compound venues.</summary>
    private static readonly VenueLevel[] LevelsUp = [VenueLevel.Compound, VenueLevel.Community, VenueLevel.Street];

    // Most compounds are decided by their nearest-venue list (compound_nearest_venues, the
    // Depth nearest venues of any level, open or not, exactly on the spheroid; see VenueReach):
    // every venue nearer than a listed one is listed before it, so the first listed venue that
    // counts is the nearest that counts, and when none counts, every counting venue is at least as
    // far as the last listed one (or there is none, if fewer than Depth are listed). Only compounds
    // without a list, those the list cannot decide, and those within a centimetre of the limit
    // (where ST_DWithin, the definition, is the judge) take the anti-join, which probes the venues'
    // GiST index once per compound. The gaps' nearest venue comes from the list or, failing it,
    // from the live search, and their office space is searched after the limit, for the gaps only,
    // and only when the selection asks for it (a spheroid distance from each gap's boundary to
    // every office space near it: about a third of the statement on the ×10 map).
    // The outer LEFT JOIN keeps one row for a known area without gaps, so "no such area" and
    // "no gaps" are told apart without another command.
    private static readonly string GapsWithOfficeSpacesSql = GapsSql(officeSpaces: true);
    private static readonly string GapsOnlySql = GapsSql(officeSpaces: false);

    private static string GapsSql(bool officeSpaces) => $"""
        SELECT gap.*
        FROM areas a
        LEFT JOIN LATERAL (
            SELECT c.id, c.code, c.name, c.community_id, c.households, c.address, c.built_year, c.boundary, c.property_company_id,
                   v.id AS venue_id, v.name AS venue_name, v.level AS venue_level, v.area_id AS venue_area_id,
                   v.compound_id AS venue_compound_id, v.location AS venue_location, v.floor_area_sqm AS venue_floor_area_sqm,
                   v.capacity AS venue_capacity, v.opening_hours AS venue_opening_hours, v.opened_on AS venue_opened_on,
                   v.closed_on AS venue_closed_on,
                   coalesce(gc.known_distance, nearest.distance) AS distance,
                   {(officeSpaces ? $"""
                   ARRAY(
                       SELECT o.id FROM office_spaces o
                       WHERE {ActiveOn.InactiveSql("o.assigned_on", "o.released_on")}
                         AND ST_DWithin(o.location, g.geography, @max)
                       ORDER BY ST_Distance(o.location, g.geography), o.id)
                   """ : "'{}'::int[]")} AS office_space_ids
            FROM (
                SELECT c.id, c.households, known.venue_id AS known_venue_id, known.distance AS known_distance
                FROM compounds c
                CROSS JOIN LATERAL (SELECT c.boundary::geography AS geography) g
                LEFT JOIN LATERAL (
                    SELECT n.venue_id, n.distance_m AS distance
                    FROM compound_nearest_venues n
                    JOIN venues kv ON kv.id = n.venue_id
                    WHERE n.compound_id = c.id AND {Counts("kv")}
                    ORDER BY n.rank
                    LIMIT 1
                ) known ON true
                LEFT JOIN LATERAL (
                    SELECT count(*) AS listed, max(n.distance_m) AS reach
                    FROM compound_nearest_venues n
                    WHERE known.venue_id IS NULL AND n.compound_id = c.id
                ) list ON true
                WHERE {UnderArea.CompoundsSql("a.path")}
                  AND CASE
                      WHEN known.distance < @max - 0.01 THEN false
                      WHEN known.distance > @max + 0.01 THEN true
                      WHEN known.venue_id IS NULL AND list.listed > 0 AND (list.listed < {VenueReach.Depth} OR list.reach > @max + 0.01) THEN true
                      ELSE NOT EXISTS (
                          SELECT 1 FROM venues w
                          WHERE {Counts("w")} AND ST_DWithin(w.location, g.geography, @max))
                  END
                ORDER BY c.households DESC, c.id
                LIMIT @first
            ) gc
            JOIN compounds c ON c.id = gc.id
            CROSS JOIN LATERAL (SELECT c.boundary::geography AS geography) g
            {NearestVenues.NearestOpenVenue("g.geography", Counts, only: "gc.known_venue_id IS NULL")}
            LEFT JOIN venues v ON v.id = coalesce(gc.known_venue_id, nearest.venue_id)
        ) gap ON true
        WHERE a.code = @code
        ORDER BY gap.households DESC, gap.id
        """;

    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<VenueGapType>>>>("venueGaps").Public()
            .Description("Compounds of the area farther than maxDistanceMeters from every open venue, most households first (ties by id).")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<NonNullGraphType<FloatGraphType>>("maxDistanceMeters", $"Metres on the WGS 84 spheroid, more than 0 and at most {MaxDistanceLimit:0}.")
            .Argument<IntGraphType>("first", $"At most this many gaps (default {DefaultFirst}, at most {MaxFirst}).")
            .Argument<VenueLevelType>("minVenueLevel", "Only venues of this level or above count (COMPOUND < COMMUNITY < STREET); default any venue.")
            .Cost(arguments => 10 * FieldCosts.AreaScale(arguments.Text("areaCode")))
            .ResolveAsync(async context =>
            {
                var code = context.GetArgument<string>("areaCode");
                var maxDistance = context.GetArgument<double>("maxDistanceMeters");
                var first = context.GetArgument<int?>("first") ?? DefaultFirst;
                if (!(maxDistance > 0 && maxDistance <= MaxDistanceLimit))
                {
                    throw GraphQLErrors.InvalidArgument($"maxDistanceMeters must be more than 0 and at most {MaxDistanceLimit:0}; got {maxDistance}.");
                }

                if (first is < 0 or > MaxFirst)
                {
                    throw GraphQLErrors.InvalidArgument($"first must be 0 to {MaxFirst}; got {first}.");
                }

                var factory = context.RequestServices!.GetRequiredService<IDbContextFactory<GeoHubDb>>();
                var minLevel = context.GetArgument<VenueLevel?>("minVenueLevel") ?? VenueLevel.Compound;
                return await FindAsync(
                        context.DataSource(), factory, code, maxDistance, first, minLevel, AsOf.Today(context), context.Selects("candidateOfficeSpaces"), context.CancellationToken)
                    ?? throw GraphQLErrors.NotFound("area", $"code '{code}'");
            });

    /// <summary>
    /// The gaps, or null when no area has the code. Only open venues of at least <paramref name="minLevel"/> count.
    /// Without <paramref name="withOfficeSpaces"/> each gap's candidate office spaces are left empty (not searched).
    /// </summary>
    public static async Task<IReadOnlyList<VenueGap>?> FindAsync(
        NpgsqlDataSource dataSource, IDbContextFactory<GeoHubDb> dbFactory, string areaCode, double maxDistanceMeters, int first, VenueLevel minLevel, DateOnly day,
        bool withOfficeSpaces, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(withOfficeSpaces ? GapsWithOfficeSpacesSql : GapsOnlySql);
        command.Parameters.AddWithValue("levels", LevelsUp[Array.IndexOf(LevelsUp, minLevel)..].Select(l => l.ToString()).ToArray());
        command.Parameters.AddWithValue("code", areaCode);
        command.Parameters.AddWithValue("max", maxDistanceMeters);
        command.Parameters.AddWithValue("first", first);
        command.Parameters.AddWithValue("day", NpgsqlDbType.Date, day);

        var areaFound = false;
        List<(Compound Compound, Venue? Venue, double? Distance, int[] OfficeSpaceIds)> rows = [];
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                areaFound = true;
                if (!await reader.IsDBNullAsync(0, cancellationToken))
                {
                    rows.Add((ReadCompound(reader), ReadVenue(reader), Value<double>(reader, "distance"), reader.GetFieldValue<int[]>(reader.GetOrdinal("office_space_ids"))));
                }
            }
        }

        if (!areaFound)
        {
            return null;
        }

        var officeSpaceIds = rows.SelectMany(r => r.OfficeSpaceIds).Distinct().ToList();
        var officeSpaces = new Dictionary<int, OfficeSpace>();
        if (officeSpaceIds.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            officeSpaces = await db.OfficeSpaces.AsNoTracking().Where(o => officeSpaceIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        }

        return [.. rows.Select(r => new VenueGap(r.Compound, r.Compound.Households, r.Distance, r.Venue, [.. r.OfficeSpaceIds.Select(id => officeSpaces[id])]))];
    }

    /// <summary>The venues that count against a gap: open on the day, of an accepted level.</summary>
    private static string Counts(string venue) => $"{NearestVenues.VenueOpen(venue)} AND {venue}.level = ANY(@levels)";

    private static Compound ReadCompound(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt32(reader.GetOrdinal("id")),
        Code = reader.GetString(reader.GetOrdinal("code")),
        Name = reader.GetString(reader.GetOrdinal("name")),
        CommunityId = reader.GetInt32(reader.GetOrdinal("community_id")),
        Households = reader.GetInt32(reader.GetOrdinal("households")),
        Address = Text(reader, "address"),
        BuiltYear = Value<int>(reader, "built_year"),
        Boundary = reader.GetFieldValue<MultiPolygon>(reader.GetOrdinal("boundary")),
        PropertyCompanyId = Value<int>(reader, "property_company_id"),
    };

    private static Venue? ReadVenue(NpgsqlDataReader reader) => reader.IsDBNull(reader.GetOrdinal("venue_id"))
        ? null
        : new Venue
        {
            Id = reader.GetInt32(reader.GetOrdinal("venue_id")),
            Name = reader.GetString(reader.GetOrdinal("venue_name")),
            Level = Enum.Parse<VenueLevel>(reader.GetString(reader.GetOrdinal("venue_level"))),
            AreaId = reader.GetInt32(reader.GetOrdinal("venue_area_id")),
            CompoundId = Value<int>(reader, "venue_compound_id"),
            Location = reader.GetFieldValue<Point>(reader.GetOrdinal("venue_location")),
            FloorAreaSqm = reader.GetDecimal(reader.GetOrdinal("venue_floor_area_sqm")),
            Capacity = reader.GetInt32(reader.GetOrdinal("venue_capacity")),
            OpeningHours = Text(reader, "venue_opening_hours"),
            OpenedOn = reader.GetFieldValue<DateOnly>(reader.GetOrdinal("venue_opened_on")),
            ClosedOn = Value<DateOnly>(reader, "venue_closed_on"),
        };

    private static T? Value<T>(NpgsqlDataReader reader, string column)
        where T : struct
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
    }

    private static string? Text(NpgsqlDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }
}
