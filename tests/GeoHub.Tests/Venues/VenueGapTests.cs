using System.Text.Json;
using GeoHub.Common;
using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;

namespace GeoHub.Tests.Venues;

/// <summary>venueGaps against a brute-force answer: every compound measured to every open venue, no index, no KNN.</summary>
[Collection(BattleMapDatabase.Name)]
public sealed class VenueGapTests(BattleMapFixture fixture)
{
    private const string Gaps = """
        query($area: String!, $max: Float!, $first: Int, $minLevel: VenueLevel) {
          venueGaps(areaCode: $area, maxDistanceMeters: $max, first: $first, minVenueLevel: $minLevel) {
            households
            distanceMeters
            compound { id name }
            nearestVenue { id name }
            candidateOfficeSpaces { id }
          }
        }
        """;

    private sealed record ExpectedGap(int CompoundId, int Households, int VenueId, double Distance, int[] OfficeSpaceIds);

    private sealed record ActualGap(int CompoundId, int Households, int? VenueId, double? Distance, int[] OfficeSpaceIds);

    [Theory]
    [InlineData("350802", 1000, true)]
    [InlineData("350802", 1000, false)]
    [InlineData("350802", 2000, true)]
    [InlineData("350802", 2000, false)]
    [InlineData("350802001000", 1000, true)]
    [InlineData("350802001001", 500, false)]
    public async Task Gaps_are_the_compounds_whose_least_spheroid_distance_to_an_open_venue_exceeds_the_limit(string area, double max, bool listed)
    {
        await NearestVenueListsAsync(listed);
        var expected = await BruteForceAsync(area, max);
        var actual = await GapsAsync(area, max);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(g => (g.CompoundId, g.Households)), actual.Select(g => (g.CompoundId, g.Households)));
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.Equal(want.VenueId, got.VenueId);
            Assert.InRange(got.Distance!.Value, want.Distance - 0.01, want.Distance + 0.01);
            Assert.Equal(want.OfficeSpaceIds, got.OfficeSpaceIds);
        }
    }

    [Theory]
    [InlineData("COMMUNITY", new[] { "Community", "Street" }, true)]
    [InlineData("COMMUNITY", new[] { "Community", "Street" }, false)]
    [InlineData("STREET", new[] { "Street" }, true)]
    [InlineData("STREET", new[] { "Street" }, false)]
    public async Task Only_venues_of_at_least_the_level_asked_for_close_a_gap(string minLevel, string[] levels, bool listed)
    {
        await NearestVenueListsAsync(listed);
        var expected = await BruteForceAsync("350802", 1000, levels);
        var actual = await GapsAsync("350802", 1000, minLevel: minLevel);

        // C1 holds a compound-level venue only, so it is a gap once compound venues do not count.
        Assert.Contains(expected, g => g.CompoundId == 1);
        Assert.Equal(expected.Select(g => (g.CompoundId, g.VenueId)), actual.Select(g => (g.CompoundId, g.VenueId ?? 0)));
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.InRange(got.Distance!.Value, want.Distance - 0.01, want.Distance + 0.01);
        }
    }

    [Fact]
    public async Task Gaps_come_most_households_first_with_ties_by_id_and_the_closed_venue_does_not_count()
    {
        var actual = await GapsAsync("350802", 1000);

        // C3 and C4 both have 800 households; C4's only close venue (V3) closed in 2020.
        Assert.Equal([3, 4, 6, 5, 7], actual.Select(g => g.CompoundId));
        Assert.Equal([3], actual[0].OfficeSpaceIds);
        Assert.Equal([1], actual[1].OfficeSpaceIds);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(1000)]
    [InlineData(5000)]
    public async Task Lists_full_of_closed_venues_send_their_compounds_to_the_search_and_agree_with_brute_force(double max)
    {
        // Eight venues around C2, closed long ago: C2's list (VenueReach.Depth = 8) holds only
        // them, so no listed venue counts; whether the open venues lie beyond the last listed one
        // (max 20) or the list cannot tell (1000, 5000), the answer is the brute force's.
        var closed = Enumerable.Range(0, VenueReach.Depth).Select(i => 100 + i).ToArray();
        try
        {
            await fixture.RunSqlAsync(string.Join(' ', closed.Select((id, i) =>
                $"INSERT INTO venues (id, name, level, area_id, compound_id, location, floor_area_sqm, capacity, opened_on, closed_on) " +
                $"VALUES ({id}, 'closed {id}', 'Community', 6, NULL, ST_SetSRID(ST_MakePoint(117.015 + 0.0012 * cos({i} * pi() / 4), 25.005 + 0.0012 * sin({i} * pi() / 4)), 4326)::geography, 50, 20, '2000-01-01', '2001-01-01');")));
            await NearestVenueListsAsync(listed: true);
            var listedOfC2 = await fixture.SqlAsync("SELECT venue_id FROM compound_nearest_venues WHERE compound_id = 2 ORDER BY rank", r => r.GetInt32(0));
            Assert.Equal(closed.Order(), listedOfC2.Order());

            var expected = await BruteForceAsync("350802", max);
            var actual = await GapsAsync("350802", max);

            Assert.Equal(max < 900, expected.Any(g => g.CompoundId == 2)); // C2 is about 900 m from V1
            Assert.Equal(expected.Select(g => (g.CompoundId, g.VenueId)), actual.Select(g => (g.CompoundId, g.VenueId ?? 0)));
            foreach (var (want, got) in expected.Zip(actual))
            {
                Assert.InRange(got.Distance!.Value, want.Distance - 0.01, want.Distance + 0.01);
                Assert.Equal(want.OfficeSpaceIds, got.OfficeSpaceIds);
            }
        }
        finally
        {
            await fixture.RunSqlAsync($"DELETE FROM venues WHERE id IN ({string.Join(',', closed)})");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_compound_exactly_at_the_limit_is_not_a_gap_and_one_centimetre_less_makes_it_one(bool listed)
    {
        await NearestVenueListsAsync(listed);
        var exact = (await fixture.SqlAsync(
            "SELECT ST_Distance(c.boundary::geography, v.location) FROM compounds c, venues v WHERE c.id = 2 AND v.id = 1",
            r => r.GetDouble(0))).Single();
        var others = await fixture.SqlAsync(
            "SELECT count(*) FROM compounds c, venues v WHERE c.id = 2 AND v.id <> 1 AND ST_Distance(c.boundary::geography, v.location) <= @d",
            r => r.GetInt64(0), ("d", exact + 1));
        Assert.Equal(0, others.Single());

        var atLimit = await GapsAsync("350802001001", exact);
        var justUnder = await GapsAsync("350802001001", exact - 0.01);

        Assert.DoesNotContain(atLimit, g => g.CompoundId == 2);
        var gap = Assert.Single(justUnder, g => g.CompoundId == 2);
        Assert.Equal(1, gap.VenueId);
        Assert.InRange(gap.Distance!.Value, exact - 0.01, exact + 0.01);
    }

    [Fact]
    public async Task A_compound_holding_a_venue_is_at_distance_zero_and_never_a_gap()
    {
        var distance = (await fixture.SqlAsync(
            "SELECT ST_Distance(c.boundary::geography, v.location) FROM compounds c, venues v WHERE c.id = 1 AND v.id = 1",
            r => r.GetDouble(0))).Single();
        var gaps = await GapsAsync("350802", 0.001);

        Assert.Equal(0, distance);
        Assert.DoesNotContain(gaps, g => g.CompoundId == 1);
        Assert.Equal(6, gaps.Count);
    }

    [Fact]
    public async Task First_limits_the_list_after_ordering()
    {
        var all = await GapsAsync("350802", 1000);
        var two = await GapsAsync("350802", 1000, first: 2);

        Assert.Equal(all.Take(2).Select(g => g.CompoundId), two.Select(g => g.CompoundId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Without_candidate_office_spaces_selected_the_gaps_are_the_same_and_a_fragment_still_gets_them(bool listed)
    {
        await NearestVenueListsAsync(listed);
        var expected = await BruteForceAsync("350802", 1000);
        var bare = (await fixture.QueryAsync(
            "query($area: String!, $max: Float!) { venueGaps(areaCode: $area, maxDistanceMeters: $max) { households distanceMeters compound { id } nearestVenue { id } } }",
            new { area = "350802", max = 1000.0 })).GetProperty("venueGaps").EnumerateArray().ToList();
        var fragment = await fixture.QueryAsync(
            """
            query($area: String!, $max: Float!) { venueGaps(areaCode: $area, maxDistanceMeters: $max) { ...Gap } }
            fragment Gap on VenueGap { households distanceMeters compound { id } nearestVenue { id } ... on VenueGap { candidateOfficeSpaces { id } } }
            """,
            new { area = "350802", max = 1000.0 });

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(g => g.CompoundId), bare.Select(g => GlobalId.Decode(g.GetProperty("compound").GetProperty("id").GetString()!, "Compound")));
        foreach (var (want, got) in expected.Zip(bare))
        {
            Assert.Equal(want.Households, got.GetProperty("households").GetInt32());
            Assert.Equal(want.VenueId, GlobalId.Decode(got.GetProperty("nearestVenue").GetProperty("id").GetString()!, "Venue"));
            Assert.InRange(got.GetProperty("distanceMeters").GetDouble(), want.Distance - 0.01, want.Distance + 0.01);
            Assert.False(got.TryGetProperty("candidateOfficeSpaces", out _));
        }

        Assert.Equal(
            expected.Select(g => g.OfficeSpaceIds),
            fragment.GetProperty("venueGaps").EnumerateArray().Select(g => g.GetProperty("candidateOfficeSpaces").EnumerateArray()
                .Select(o => GlobalId.Decode(o.GetProperty("id").GetString()!, "OfficeSpace")).ToArray()));
    }

    [Fact]
    public async Task An_area_without_gaps_answers_an_empty_list()
    {
        Assert.Empty(await GapsAsync("350803", 1000));
    }

    [Theory]
    [InlineData("999999", 1000, ErrorCodes.NotFound)]
    [InlineData("350802", 0, ErrorCodes.InvalidArgument)]
    [InlineData("350802", -5, ErrorCodes.InvalidArgument)]
    [InlineData("350802", 50_000.5, ErrorCodes.InvalidArgument)]
    public async Task Unknown_areas_and_distances_out_of_range_are_coded_errors(string area, double max, string code)
    {
        var answer = await fixture.ExecuteAsync(Gaps, new { area, max });

        Assert.Equal([code], answer.ErrorCodes());
    }

    /// <summary>Every compound's nearest-venue list filled (as a load leaves them), or none (as after a venue was written).</summary>
    private async Task NearestVenueListsAsync(bool listed)
    {
        if (listed)
        {
            await using var connection = await fixture.DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await VenueReach.FillAsync(connection, transaction);
            await transaction.CommitAsync();
        }
        else
        {
            await fixture.RunSqlAsync("DELETE FROM compound_nearest_venues");
        }
    }

    private async Task<List<ActualGap>> GapsAsync(string area, double max, int? first = null, string? minLevel = null)
    {
        var data = await fixture.QueryAsync(Gaps, new { area, max, first, minLevel });
        return [.. data.GetProperty("venueGaps").EnumerateArray().Select(g => new ActualGap(
            GlobalId.Decode(g.GetProperty("compound").GetProperty("id").GetString()!, "Compound"),
            g.GetProperty("households").GetInt32(),
            g.GetProperty("nearestVenue").ValueKind == JsonValueKind.Null ? null : GlobalId.Decode(g.GetProperty("nearestVenue").GetProperty("id").GetString()!, "Venue"),
            g.GetProperty("distanceMeters").ValueKind == JsonValueKind.Null ? null : g.GetProperty("distanceMeters").GetDouble(),
            [.. g.GetProperty("candidateOfficeSpaces").EnumerateArray().Select(o => GlobalId.Decode(o.GetProperty("id").GetString()!, "OfficeSpace"))]))];
    }

    /// <summary>Every compound of the area against every open venue; gaps are those whose least distance exceeds the limit.</summary>
    private Task<List<ExpectedGap>> BruteForceAsync(string area, double max, string[]? levels = null) => fixture.SqlAsync(
        """
        WITH area AS (SELECT path FROM areas WHERE code = @code),
        pairs AS (
            SELECT c.id, c.households, v.id AS venue_id, ST_Distance(c.boundary::geography, v.location, true) AS distance
            FROM compounds c JOIN areas d ON d.id = c.community_id, area, venues v
            WHERE (d.path = area.path OR d.path LIKE area.path || '/%')
              AND v.opened_on <= @day AND (v.closed_on IS NULL OR v.closed_on > @day) AND v.level = ANY(@levels)),
        nearest AS (SELECT DISTINCT ON (id) * FROM pairs ORDER BY id, distance, venue_id)
        SELECT n.id, n.households, n.venue_id, n.distance,
               ARRAY(SELECT o.id FROM compounds c, office_spaces o
                     WHERE c.id = n.id AND (o.assigned_on IS NULL OR o.assigned_on > @day)
                       AND ST_Distance(c.boundary::geography, o.location, true) <= @max
                     ORDER BY ST_Distance(c.boundary::geography, o.location, true), o.id)
        FROM nearest n
        WHERE n.distance > @max
        ORDER BY n.households DESC, n.id
        """,
        r => new ExpectedGap(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetDouble(3), r.GetFieldValue<int[]>(4)),
        ("code", area), ("max", max), ("day", LongyanDay.Today(TimeProvider.System)), ("levels", levels ?? ["Compound", "Community", "Street"]));
}
