using System.Text.Json;
using GeoHub.Tests.Fixtures;

namespace GeoHub.Tests.GraphQL;

/// <summary>
/// hasPreviousPage and hasNextPage, paging forward and backward, on the eleven communities of
/// <see cref="DatedMap"/> in code order (the order SQL gives).
/// </summary>
[Collection(DatedDatabase.Name)]
public sealed class PagingTests(DatedFixture fixture)
{
    private const string Query = """
        query($first: Int, $after: String, $last: Int, $before: String) {
          areas(where: { level: COMMUNITY }, first: $first, after: $after, last: $last, before: $before) {
            pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
            nodes { code }
          }
        }
        """;

    [Fact]
    public async Task Forward_pages_have_a_previous_page_after_the_first_and_a_next_page_before_the_last()
    {
        var codes = await CodesAsync();
        Assert.Equal(11, codes.Count);

        var first = await PageAsync(new { first = 4 });
        var second = await PageAsync(new { first = 4, after = first.End });
        var third = await PageAsync(new { first = 4, after = second.End });

        Assert.Equal((Join(codes[..4]), false, true), (first.Codes, first.HasPrevious, first.HasNext));
        Assert.Equal((Join(codes[4..8]), true, true), (second.Codes, second.HasPrevious, second.HasNext));
        Assert.Equal((Join(codes[8..]), true, false), (third.Codes, third.HasPrevious, third.HasNext));
    }

    [Fact]
    public async Task Backward_pages_have_a_next_page_before_the_last_and_a_previous_page_after_the_first()
    {
        var codes = await CodesAsync();

        var last = await PageAsync(new { last = 4 });
        var middle = await PageAsync(new { last = 4, before = last.Start });
        var first = await PageAsync(new { last = 4, before = middle.Start });

        Assert.Equal((Join(codes[7..]), true, false), (last.Codes, last.HasPrevious, last.HasNext));
        Assert.Equal((Join(codes[3..7]), true, true), (middle.Codes, middle.HasPrevious, middle.HasNext));
        Assert.Equal((Join(codes[..3]), false, true), (first.Codes, first.HasPrevious, first.HasNext));
    }

    [Fact]
    public async Task A_page_holding_everything_has_neither()
    {
        var codes = await CodesAsync();
        var forward = await PageAsync(new { first = 11 });
        var backward = await PageAsync(new { last = 11 });

        Assert.Equal((Join(codes), false, false), (forward.Codes, forward.HasPrevious, forward.HasNext));
        Assert.Equal((Join(codes), false, false), (backward.Codes, backward.HasPrevious, backward.HasNext));
    }

    private static string Join(List<string> codes) => string.Join(",", codes);

    private async Task<List<string>> CodesAsync() => await fixture.SqlAsync<string>("SELECT code FROM areas WHERE level = 'Community' ORDER BY code");

    private async Task<(string Codes, bool HasPrevious, bool HasNext, string? Start, string? End)> PageAsync(object variables)
    {
        var areas = (await fixture.QueryAsync(Query, variables)).GetProperty("areas");
        var info = areas.GetProperty("pageInfo");
        return (
            string.Join(",", areas.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("code").GetString())),
            info.GetProperty("hasPreviousPage").GetBoolean(),
            info.GetProperty("hasNextPage").GetBoolean(),
            info.GetProperty("startCursor").GetString(),
            info.GetProperty("endCursor").ValueKind == JsonValueKind.Null ? null : info.GetProperty("endCursor").GetString());
    }
}
