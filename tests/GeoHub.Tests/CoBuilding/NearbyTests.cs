using System.Diagnostics;
using System.Text.Json;
using GeoHub.Common;
using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;
using static GeoHub.Tests.GraphQLClient;

namespace GeoHub.Tests.CoBuilding;

/// <summary>
/// Compound.nearbyCoBuildingUnits and CoBuildingUnit.nearbyCompounds against brute force: every
/// compound-unit distance by ST_Distance on the spheroid, filtered, sorted and cut here in C#.
/// </summary>
[Collection(SpatialDatabase.Name)]
public sealed class NearbyTests(SpatialFixture fixture)
{
    private const string UnitsNearEveryCompound = """
        query($within: Float!, $first: Int) {
          compounds(first: 100) { nodes { id nearbyCoBuildingUnits(withinMeters: $within, first: $first) { distanceMeters paired unit { id } } } }
        }
        """;

    private const string CompoundsNearEveryUnit = """
        query($within: Float!, $first: Int, $unpaired: Boolean) {
          coBuildingUnits(first: 100) { nodes { id nearbyCompounds(withinMeters: $within, first: $first, unpairedOnly: $unpaired) { distanceMeters paired compound { id } } } }
        }
        """;

    private const string UnitsNearOneCompound = """
        query($id: ID!, $within: Float!, $first: Int) {
          compound(id: $id) { nearbyCoBuildingUnits(withinMeters: $within, first: $first) { distanceMeters paired unit { id } } }
        }
        """;

    private sealed record Pair(int Compound, int Unit, double DistanceMeters, bool Paired);

    private sealed record Neighbour(int Id, double DistanceMeters, bool Paired);

    [Theory]
    [InlineData(2000, 3)]
    [InlineData(500, 10)]
    [InlineData(150, 2)]
    [InlineData(5000, 100)]
    [InlineData(50000, 7)]
    public async Task Units_near_every_compound_match_brute_force(double within, int first)
    {
        var pairs = await AllPairsAsync();
        var nodes = (await fixture.QueryAsync(UnitsNearEveryCompound, new { within, first })).GetProperty("compounds").GetProperty("nodes");

        Assert.Equal(pairs.Select(p => p.Compound).Distinct().Count(), nodes.GetArrayLength());
        foreach (var node in nodes.EnumerateArray())
        {
            var compound = IdOf(node.GetProperty("id"));
            var expected = Nearest(pairs.Where(p => p.Compound == compound), p => p.Unit, within, first);
            AssertSame(expected, Read(node.GetProperty("nearbyCoBuildingUnits"), "unit"), $"compound {compound}");
        }
    }

    [Theory]
    [InlineData(2000, 3, false)]
    [InlineData(800, 10, true)]
    [InlineData(50000, 100, false)]
    public async Task Compounds_near_every_unit_match_brute_force(double within, int first, bool unpaired)
    {
        var pairs = await AllPairsAsync();
        var nodes = (await fixture.QueryAsync(CompoundsNearEveryUnit, new { within, first, unpaired })).GetProperty("coBuildingUnits").GetProperty("nodes");

        Assert.Equal(pairs.Select(p => p.Unit).Distinct().Count(), nodes.GetArrayLength());
        foreach (var node in nodes.EnumerateArray())
        {
            var unit = IdOf(node.GetProperty("id"));
            var expected = Nearest(pairs.Where(p => p.Unit == unit && !(unpaired && p.Paired)), p => p.Compound, within, first);
            AssertSame(expected, Read(node.GetProperty("nearbyCompounds"), "compound"), $"unit {unit}");
        }
    }

    [Fact]
    public async Task Edge_cases_of_compound_1_inside_tie_and_pairing()
    {
        var units = await UnitsNearCompound1Async(2000, 10);

        Assert.Equal(SpatialMap.UnitInsideCompound, units[0].Id);
        Assert.Equal(0, units[0].DistanceMeters);
        // Units 2 and 3 stand at one point: the same distance, so id decides.
        Assert.Equal([2, 3], units.Skip(1).Take(2).Select(u => u.Id));
        Assert.Equal(units[1].DistanceMeters, units[2].DistanceMeters);
        Assert.True(units.Single(u => u.Id == SpatialMap.PairedUnit).Paired, "an agreement in force pairs");
        Assert.False(units.Single(u => u.Id == SpatialMap.UnitWithEndedAgreement).Paired, "an ended agreement does not pair");
        Assert.False(units.Single(u => u.Id == 3).Paired, "an agreement with the community only does not pair");
    }

    [Fact]
    public async Task A_unit_exactly_at_the_radius_is_included_and_just_beyond_it_is_not()
    {
        var exact = (await fixture.SqlAsync(
            "SELECT ST_Distance(c.boundary::geography, u.location) FROM compounds c, co_building_units u WHERE c.id = 1 AND u.id = @unit",
            r => r.GetDouble(0), ("unit", SpatialMap.PairedUnit)))[0];

        var atRadius = await UnitsNearCompound1Async(exact, 100);
        Assert.Equal(SpatialMap.PairedUnit, atRadius[^1].Id);
        Assert.Equal(exact, atRadius[^1].DistanceMeters, 0.01);

        var inside = await UnitsNearCompound1Async(exact - 0.01, 100);
        Assert.DoesNotContain(inside, u => u.Id == SpatialMap.PairedUnit);
        Assert.Equal(atRadius.Count - 1, inside.Count);
    }

    [Fact]
    public async Task Unpaired_only_leaves_out_the_paired_compound()
    {
        const string Query = """
            query($id: ID!, $unpaired: Boolean) {
              node(id: $id) { ... on CoBuildingUnit { nearbyCompounds(withinMeters: 1000, unpairedOnly: $unpaired) { paired compound { id } } } }
            }
            """;
        var id = GlobalId.Encode("CoBuildingUnit", SpatialMap.PairedUnit);
        var all = (await fixture.QueryAsync(Query, new { id, unpaired = false })).GetProperty("node").GetProperty("nearbyCompounds");
        var unpaired = (await fixture.QueryAsync(Query, new { id, unpaired = true })).GetProperty("node").GetProperty("nearbyCompounds");

        Assert.Contains(all.EnumerateArray(), n => IdOf(n.GetProperty("compound").GetProperty("id")) == 1 && n.GetProperty("paired").GetBoolean());
        Assert.DoesNotContain(unpaired.EnumerateArray(), n => IdOf(n.GetProperty("compound").GetProperty("id")) == 1);
        Assert.Equal(all.GetArrayLength() - 1, unpaired.GetArrayLength());
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(-1, 5)]
    [InlineData(50000.001, 5)]
    [InlineData(1000, 0)]
    [InlineData(1000, 101)]
    public async Task Out_of_range_arguments_are_invalid_argument_errors(double within, int first)
    {
        var answer = await fixture.ExecuteAsync(UnitsNearOneCompound, new { id = GlobalId.Encode("Compound", 1), within, first });
        Assert.Equal([ErrorCodes.InvalidArgument], CodesOf(answer));
    }

    [Fact]
    public async Task Nearby_units_of_a_page_cost_the_same_commands_for_5_compounds_as_for_50()
    {
        const string Query = """
            query($first: Int!) { compounds(first: $first) { nodes { nearbyCoBuildingUnits(withinMeters: 2000, first: 3) { distanceMeters unit { name } } } } }
            """;
        var (five, fiveAnswer) = await CountCommandsAsync(() => fixture.QueryAsync(Query, new { first = 5 }));
        var (fifty, fiftyAnswer) = await CountCommandsAsync(() => fixture.QueryAsync(Query, new { first = 50 }));

        Assert.Equal(5, fiveAnswer.GetProperty("compounds").GetProperty("nodes").GetArrayLength());
        Assert.Equal(50, fiftyAnswer.GetProperty("compounds").GetProperty("nodes").GetArrayLength());
        // The page, then the neighbours of all its compounds with their units' rows.
        Assert.Equal(2, five.Count);
        Assert.Equal(five.Count, fifty.Count);
    }

    [Fact]
    public async Task A_compound_by_id_with_its_nearby_units_costs_one_command()
    {
        const string Query = """
            query($id: ID!) { compound(id: $id) { name nearbyCoBuildingUnits(withinMeters: 2000, first: 3) { distanceMeters unit { name kind } } } }
            """;
        var (commands, answer) = await CountCommandsAsync(() => fixture.QueryAsync(Query, new { id = GlobalId.Encode("Compound", SpatialMap.CompoundWithUnitInside) }));
        var (_, missing) = await CountCommandsAsync(() => fixture.QueryAsync(Query, new { id = GlobalId.Encode("Compound", 999_999) }));

        Assert.Single(commands);
        var expected = await fixture.SqlAsync("SELECT name FROM compounds WHERE id = @id", r => r.GetString(0), ("id", SpatialMap.CompoundWithUnitInside));
        Assert.Equal(expected[0], answer.GetProperty("compound").GetProperty("name").GetString());
        Assert.Equal(3, answer.GetProperty("compound").GetProperty("nearbyCoBuildingUnits").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("compound").ValueKind);
    }

    [Fact]
    public async Task Paired_is_computed_only_when_selected()
    {
        const string Without = """
            query($id: ID!) { compound(id: $id) { nearbyCoBuildingUnits(withinMeters: 2000, first: 10) { distanceMeters unit { id } } } }
            """;
        const string WithFragment = """
            query($id: ID!) { compound(id: $id) { nearbyCoBuildingUnits(withinMeters: 2000, first: 10) { distanceMeters unit { id } ...Pairing } } }
            fragment Pairing on NearbyUnit { paired }
            """;
        var id = GlobalId.Encode("Compound", 1);
        var (without, withoutAnswer) = await CountCommandsAsync(() => fixture.QueryAsync(Without, new { id }));
        var (with, withAnswer) = await CountCommandsAsync(() => fixture.QueryAsync(WithFragment, new { id }));

        Assert.DoesNotContain(without, command => command.Contains("agreements", StringComparison.Ordinal));
        Assert.Contains(with, command => command.Contains("agreements", StringComparison.Ordinal));
        var nearby = (JsonElement answer) => answer.GetProperty("compound").GetProperty("nearbyCoBuildingUnits").EnumerateArray().ToList();
        Assert.Equal(
            nearby(withoutAnswer).Select(n => n.GetProperty("unit").GetProperty("id").GetString()),
            nearby(withAnswer).Select(n => n.GetProperty("unit").GetProperty("id").GetString()));
        // Through the fragment, paired is still right: true for the unit with an agreement in force.
        var paired = nearby(withAnswer).Single(n => IdOf(n.GetProperty("unit").GetProperty("id")) == SpatialMap.PairedUnit);
        Assert.True(paired.GetProperty("paired").GetBoolean());
    }

    /// <summary>Commands (their SQL) Npgsql runs inside <paramref name="run"/>, told apart from other tests' by trace id.</summary>
    private static async Task<(List<string> Commands, T Result)> CountCommandsAsync<T>(Func<Task<T>> run)
    {
        using var source = new ActivitySource("GeoHub.Tests.Spatial");
        List<string> commands = [];
        ActivityTraceId trace = default;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Npgsql" || s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.TraceId == trace)
                {
                    lock (commands)
                    {
                        // The statement's text where Npgsql tags it (either convention's name).
                        commands.Add((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement"))?.ToString() ?? activity.DisplayName);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        T result;
        using (var root = source.StartActivity("count commands"))
        {
            trace = root!.TraceId;
            result = await run();
        }

        return (commands, result);
    }

    private async Task<List<Neighbour>> UnitsNearCompound1Async(double within, int first) =>
        Read((await fixture.QueryAsync(UnitsNearOneCompound, new { id = GlobalId.Encode("Compound", SpatialMap.CompoundWithUnitInside), within, first }))
            .GetProperty("compound").GetProperty("nearbyCoBuildingUnits"), "unit");

    private Task<List<Pair>> AllPairsAsync() => fixture.SqlAsync(
        """
        SELECT c.id, u.id, ST_Distance(c.boundary::geography, u.location, true),
               EXISTS (SELECT 1 FROM agreements a WHERE a.compound_id = c.id AND a.unit_id = u.id AND (a.ended_on IS NULL OR a.ended_on > @today))
        FROM compounds c CROSS JOIN co_building_units u
        """,
        r => new Pair(r.GetInt32(0), r.GetInt32(1), r.GetDouble(2), r.GetBoolean(3)),
        ("today", LongyanDay.Today(TimeProvider.System)));

    private static List<Neighbour> Nearest(IEnumerable<Pair> pairs, Func<Pair, int> other, double within, int first) =>
        [.. pairs.Where(p => p.DistanceMeters <= within).OrderBy(p => p.DistanceMeters).ThenBy(other).Take(first).Select(p => new Neighbour(other(p), p.DistanceMeters, p.Paired))];

    private static List<Neighbour> Read(JsonElement list, string entity) =>
        [.. list.EnumerateArray().Select(n => new Neighbour(
            IdOf(n.GetProperty(entity).GetProperty("id")), n.GetProperty("distanceMeters").GetDouble(), n.GetProperty("paired").GetBoolean()))];

    private static void AssertSame(List<Neighbour> expected, List<Neighbour> actual, string what)
    {
        Assert.True(expected.Select(e => e.Id).SequenceEqual(actual.Select(a => a.Id)),
            $"{what}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.True(Math.Abs(e.DistanceMeters - a.DistanceMeters) <= 0.01, $"{what}: {e} vs {a}");
            Assert.Equal(e.Paired, a.Paired);
        }
    }
}
