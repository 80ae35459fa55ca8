using System.Text.Json;
using GeoHub.Cli;

namespace GeoHub.Tests.Changes;

/// <summary>`geohub apply`: NDJSON through the same mutations, all or nothing; an error names its line.</summary>
[Collection(WritesDatabase.Name)]
public sealed class ApplyCommandTests(WritesFixture fixture)
{
    private async Task<(int Exit, string Errors)> ApplyAsync(params object[] lines)
    {
        var file = Path.Combine(Path.GetTempPath(), $"geohub-apply-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllLinesAsync(file, lines.Select(l => l as string ?? JsonSerializer.Serialize(l)));
        var errors = new StringWriter();
        var previous = Console.Error;
        Console.SetError(errors);
        try
        {
            return (await ApplyCommand.RunAsync(new FileInfo(file), fixture.ConnectionString, CancellationToken.None), errors.ToString());
        }
        finally
        {
            Console.SetError(previous);
            File.Delete(file);
        }
    }

    private async Task<(string Unit, string Compound, string Community)> TargetAsync() =>
        (await fixture.SqlAsync("""
            SELECT (SELECT id FROM co_building_units ORDER BY id OFFSET 40 LIMIT 1), c.id, a.code
            FROM compounds c JOIN areas a ON a.id = c.community_id ORDER BY c.id OFFSET 1000 LIMIT 1
            """, r => (WritesFixture.Id("CoBuildingUnit", r.GetInt32(0)), WritesFixture.Id("Compound", r.GetInt32(1)), r.GetString(2)))).Single();

    [Fact]
    public async Task One_bad_line_writes_nothing_and_is_named()
    {
        var (unit, compound, community) = await TargetAsync();
        var before = await fixture.FingerprintAsync();
        var (exit, errors) = await ApplyAsync(
            new { mutation = "signAgreement", input = new { unitId = unit, compoundId = compound, title = "批量协议一", on = WritesFixture.TodayText } },
            new { mutation = "recordActivity", input = new { unitId = unit, communityCode = community, title = "批量活动", on = WritesFixture.TodayText } },
            new { mutation = "signAgreement", input = new { unitId = unit, compoundId = compound, title = "未来协议", on = WritesFixture.Day(WritesFixture.Today.AddDays(3)) } });
        Assert.Equal(1, exit);
        Assert.Contains("line 3: INVALID_ARGUMENT: input.on", errors, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.FingerprintAsync());
    }

    [Fact]
    public async Task A_good_file_commits_every_line_once()
    {
        var (unit, compound, community) = await TargetAsync();
        var (exit, errors) = await ApplyAsync(
            new { mutation = "signAgreement", input = new { unitId = unit, compoundId = compound, title = "批量协议二", on = WritesFixture.TodayText } },
            "",
            new { mutation = "launchProject", input = new { unitId = unit, communityCode = community, name = "批量项目", on = WritesFixture.TodayText } });
        Assert.True(exit == 0, errors);
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM agreements WHERE title = '批量协议二'"));
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM projects WHERE name = '批量项目'"));
        Assert.Equal(2L, await fixture.ScalarAsync<long>("SELECT count(*) FROM changes WHERE after->>'title' = '批量协议二' OR after->>'name' = '批量项目'"));
    }

    [Fact]
    public async Task A_line_that_is_not_a_mutation_is_named()
    {
        var (exit, errors) = await ApplyAsync(new { mutation = "dropEverything", input = new { } });
        Assert.Equal(1, exit);
        Assert.Contains("line 1: BAD_REQUEST", errors, StringComparison.Ordinal);
    }
}
