using GeoHub.CoBuilding;
using GeoHub.Common;
using GeoHub.Tests.Fixtures;
using GeoHub.Venues;
using Microsoft.EntityFrameworkCore;
using static GeoHub.Tests.Fixtures.DatedMap;

namespace GeoHub.Tests.Common;

/// <summary>
/// The three forms of <see cref="ActiveOn"/> (SQL run by PostgreSQL, EF translated to SQL, the
/// plain test) agree with the rule written out here, on the edge days of a closed and an open range.
/// </summary>
[Collection(DatedDatabase.Name)]
public sealed class ActiveOnTests(DatedFixture fixture)
{
    // Before, First, LastDay, End, Later.
    private static readonly bool[] Closed = [false, true, true, false, false];
    private static readonly bool[] Open = [false, true, true, true, true];
    private static readonly bool[] ClosedNotEnded = [true, true, true, false, false];

    [Fact]
    public void The_plain_test()
    {
        Assert.Equal(Closed, Days.Select(d => ActiveOn.Holds(First, End, d)));
        Assert.Equal(Open, Days.Select(d => ActiveOn.Holds(First, null, d)));
        // A start that may be null (office space never assigned): never begun, never active.
        Assert.Equal(Closed, Days.Select(d => ActiveOn.Holds((DateOnly?)First, End, d)));
        Assert.Equal(Open, Days.Select(d => ActiveOn.Holds((DateOnly?)First, null, d)));
        Assert.True(Days.All(d => !ActiveOn.Holds((DateOnly?)null, null, d)));
    }

    [Fact]
    public async Task The_sql_of_not_active()
    {
        foreach (var (from, until, expected) in new[] { ((DateOnly?)First, (DateOnly?)End, Closed), (First, null, Open), (null, null, Days.Select(_ => false).ToArray()) })
        {
            List<bool> inactive = [];
            foreach (var day in Days)
            {
                inactive.Add((await fixture.SqlAsync(
                    $"SELECT {ActiveOn.InactiveSql("f", "u", "d")} FROM (SELECT @f::date AS f, @u::date AS u, @d::date AS d) t",
                    r => r.GetBoolean(0),
                    ("f", from is { } f ? f : DBNull.Value), ("u", until is { } u ? u : DBNull.Value), ("d", day))).Single());
            }

            Assert.Equal(expected.Select(active => !active), inactive);
        }
    }

    // Rooms R1 (assigned End), R2 (never assigned) and R3 (assigned First, released End) of DatedMap.
    [Fact]
    public async Task The_ef_expression_with_a_start_that_may_be_null()
    {
        await using var db = fixture.CreateDb();
        List<string> assigned = [];
        List<string> vacant = [];
        foreach (var day in Days)
        {
            var rooms = db.OfficeSpaces.Where(o => o.Id < 99);
            assigned.Add(string.Join(",", await rooms.Where(ActiveOn.Where<OfficeSpace>(o => o.AssignedOn, o => o.ReleasedOn, day)).OrderBy(o => o.Id).Select(o => o.Name).ToListAsync()));
            vacant.Add(string.Join(",", await rooms.Where(ActiveOn.WhereNot<OfficeSpace>(o => o.AssignedOn, o => o.ReleasedOn, day)).OrderBy(o => o.Id).Select(o => o.Name).ToListAsync()));
        }

        Assert.Equal(["", "R3", "R3", "R1", "R1"], assigned);
        Assert.Equal(["R1,R2,R3", "R1,R2", "R1,R2", "R2,R3", "R2,R3"], vacant);
    }

    [Fact]
    public async Task The_sql()
    {
        foreach (var (until, expected) in new[] { ((DateOnly?)End, Closed), (null, Open) })
        {
            List<bool> actual = [];
            List<bool> notEnded = [];
            List<bool> ended = [];
            foreach (var day in Days)
            {
                var row = (await fixture.SqlAsync(
                    $"SELECT {ActiveOn.Sql("f", "u", "d")}, {ActiveOn.NotEndedSql("u", "d")}, {ActiveOn.EndedSql("u", "d")} FROM (SELECT @f::date AS f, @u::date AS u, @d::date AS d) t",
                    r => (r.GetBoolean(0), r.GetBoolean(1), r.GetBoolean(2)),
                    ("f", First), ("u", until is { } u ? u : DBNull.Value), ("d", day))).Single();
                actual.Add(row.Item1);
                notEnded.Add(row.Item2);
                ended.Add(row.Item3);
            }

            Assert.Equal(expected, actual);
            Assert.Equal(until is null ? Days.Select(_ => true) : ClosedNotEnded, notEnded);
            Assert.Equal(notEnded.Select(n => !n), ended);
        }
    }

    [Fact]
    public async Task The_sql_over_a_period()
    {
        // Open on every day of [first, last] / on some day of it; the range is [First, End).
        async Task<(bool Throughout, bool Sometime)> OverAsync(DateOnly first, DateOnly last) =>
            (await fixture.SqlAsync(
                $"SELECT {ActiveOn.ThroughoutSql("f", "u", "a", "b")}, {ActiveOn.SometimeSql("f", "u", "a", "b")} FROM (SELECT @f::date AS f, @u::date AS u, @a::date AS a, @b::date AS b) t",
                r => (r.GetBoolean(0), r.GetBoolean(1)), ("f", First), ("u", End), ("a", first), ("b", last))).Single();

        Assert.Equal((true, true), await OverAsync(First, LastDay));
        Assert.Equal((false, true), await OverAsync(Before, First));
        Assert.Equal((false, true), await OverAsync(LastDay, End));
        Assert.Equal((false, false), await OverAsync(End, Later));
        Assert.Equal((false, false), await OverAsync(Before.AddDays(-10), Before));
    }

    // Agreements A1 (signed First, ended End) and A2 (signed First, open) of DatedMap.
    [Fact]
    public async Task The_ef_expression()
    {
        await using var db = fixture.CreateDb();
        List<string> active = [];
        List<string> notEnded = [];
        List<string> ended = [];
        foreach (var day in Days)
        {
            var agreements = db.Agreements.Where(a => a.Id < 99);
            active.Add(string.Join(",", await agreements.Where(ActiveOn.Where<Agreement>(a => a.SignedOn, a => a.EndedOn, day)).OrderBy(a => a.Id).Select(a => a.Title).ToListAsync()));
            notEnded.Add(string.Join(",", await agreements.Where(ActiveOn.WhereNotEnded<Agreement>(a => a.EndedOn, day)).OrderBy(a => a.Id).Select(a => a.Title).ToListAsync()));
            ended.Add(string.Join(",", await agreements.Where(ActiveOn.WhereEnded<Agreement>(a => a.EndedOn, day)).OrderBy(a => a.Id).Select(a => a.Title).ToListAsync()));
        }

        Assert.Equal(["", "A1,A2", "A1,A2", "A2", "A2"], active);
        Assert.Equal(["A1,A2", "A1,A2", "A1,A2", "A2", "A2"], notEnded);
        Assert.Equal(["", "", "", "A1", "A1"], ended);
    }

    // A day written into the SQL as a literal would make a new query plan for every day asked.
    [Fact]
    public async Task The_ef_expression_sends_the_day_as_a_parameter()
    {
        await using var db = fixture.CreateDb();
        var sql = db.Agreements.Where(ActiveOn.Where<Agreement>(a => a.SignedOn, a => a.EndedOn, First)).ToQueryString();
        var body = string.Join("\n", sql.Split('\n').Where(line => !line.StartsWith("--", StringComparison.Ordinal)));

        Assert.DoesNotContain("2019-03-01", body, StringComparison.Ordinal);
        Assert.Contains("signed_on <= @", body, StringComparison.Ordinal);
    }
}
