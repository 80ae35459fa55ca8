using System.Text.Json;
using GeoHub.GraphQL;

namespace GeoHub.Tests.GraphQL;

/// <summary>Reads a root connection page by page and compares it with the rows SQL gives.</summary>
internal static class FilterAssert
{
    /// <summary>The connection's ids under a filter, all pages, in the order served; every page's totalCount must agree.</summary>
    public static async Task<(List<int> Ids, int TotalCount)> PageAllAsync(
        DatabaseFixture fixture, string field, string filterType, string typeName, string where, int pageSize = 500)
    {
        var query = $$"""
            query($where: {{filterType}}, $first: Int, $after: String) {
              {{field}}(where: $where, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } }
            }
            """;
        using var filter = JsonDocument.Parse(where);
        List<int> ids = [];
        int? total = null;
        string? after = null;
        while (true)
        {
            var page = (await fixture.QueryAsync(query, new { where = filter.RootElement, first = pageSize, after })).GetProperty(field);
            var count = page.GetProperty("totalCount").GetInt32();
            Assert.Equal(total ?? count, count);
            total = count;
            ids.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => GlobalId.Decode(n.GetProperty("id").GetString()!, typeName)));
            if (!page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean())
            {
                return (ids, count);
            }

            after = page.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        }
    }

    /// <summary>The connection gives the ids the SQL gives (same ids, same order, totalCount), and they are not none.</summary>
    public static async Task MatchesSqlAsync(
        DatabaseFixture fixture, string field, string filterType, string typeName, string where, string sql, params (string Name, object Value)[] parameters)
    {
        var expected = await fixture.SqlAsync(sql, r => r.GetInt32(0), parameters);
        var (ids, total) = await PageAllAsync(fixture, field, filterType, typeName, where);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, ids);
        Assert.Equal(expected.Count, total);
    }

    /// <summary>The error codes of an answer, and its first message.</summary>
    public static (List<string> Codes, string Message) ErrorsOf(JsonElement answer)
    {
        Assert.True(answer.TryGetProperty("errors", out var errors), $"no errors: {answer}");
        return ([.. errors.EnumerateArray().Select(e => e.GetProperty("extensions").GetProperty("code").GetString()!).Distinct()],
            errors[0].GetProperty("message").GetString()!);
    }
}
