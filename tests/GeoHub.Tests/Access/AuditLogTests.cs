using System.Text.Json;
using GeoHub.Access;
using GeoHub.GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GeoHub.Tests.Access;

/// <summary>What the audit log holds, who may read it, and that GeoHub's own role cannot change it.</summary>
[Collection(AccessDatabase.Name)]
public sealed class AuditLogTests(AccessFixture fixture) : IAsyncLifetime
{
    private AccessMap map = null!;

    public async Task InitializeAsync() => map = await AccessMap.ReadAsync(fixture);

    public Task DisposeAsync() => Task.CompletedTask;

    private Task DrainAsync() => fixture.Factory.Services.GetRequiredService<AuditLog>().DrainAsync();

    [Fact]
    public async Task Reading_personal_text_unmasked_is_a_line_per_community_with_its_count()
    {
        var subject = "officer-reads-" + Guid.NewGuid().ToString("N")[..8];
        var client = fixture.CreateClient(Role.Officer, [map.Community], subject: subject);
        var data = await client.QueryAsync($$"""
            query Seats { compounds(where: { areaCode: "{{map.Community}}" }, first: 500) { nodes { ownersCommittee { seats { holderName } } } } }
            """);
        var shown = data.GetProperty("compounds").GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("ownersCommittee").ValueKind == JsonValueKind.Object)
            .Sum(n => n.GetProperty("ownersCommittee").GetProperty("seats").GetArrayLength());
        Assert.True(shown > 0);

        await DrainAsync();
        var lines = await fixture.SqlAsync(
            "SELECT kind, operation, operation_name, area_code, items, role, areas FROM audit.audit_log WHERE subject = @s",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetString(5), r.GetFieldValue<string[]>(6)), ("s", subject));
        var line = Assert.Single(lines);
        Assert.Equal(("PERSONAL_READ", "CommitteeSeat.holderName", "Seats", map.Community, shown, "OFFICER"), (line.Item1, line.Item2, line.Item3, line.Item4, line.Item5, line.Item6));
        Assert.Equal([map.Community], line.Item7);
    }

    [Fact]
    public async Task Masked_text_is_no_personal_read_but_a_refused_field_is_a_refusal()
    {
        var subject = "viewer-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.CreateClient(Role.Viewer, ["350802"], subject: subject)
            .QueryAsync($$"""{ compounds(where: { areaCode: "{{map.Community}}" }) { nodes { ownersCommittee { seats { holderName } } } } }""");
        var unit = "unit-" + Guid.NewGuid().ToString("N")[..8];
        var refused = await fixture.CreateClient(Role.Unit, unit: map.UnitGlobalId, subject: unit).PostAsync("{ meetings { totalCount } }");
        Assert.Equal([ErrorCodes.Forbidden], refused.ErrorCodes());

        await DrainAsync();
        Assert.Empty(await fixture.SqlAsync<string>($"SELECT kind FROM audit.audit_log WHERE subject = '{subject}'"));
        Assert.Equal(["REFUSAL Query.meetings FORBIDDEN"], await fixture.SqlAsync<string>($"SELECT kind || ' ' || operation || ' ' || outcome FROM audit.audit_log WHERE subject = '{unit}'"));
    }

    [Fact]
    public async Task A_bad_token_is_a_refusal_of_the_path()
    {
        var before = (await fixture.SqlAsync<long>("SELECT count(*) FROM audit.audit_log WHERE outcome = 'UNAUTHENTICATED' AND operation = '/maps/350821.geojson'"))[0];
        var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        await client.GetAsync(new Uri("/maps/350821.geojson", UriKind.Relative));
        await DrainAsync();
        var after = (await fixture.SqlAsync<long>("SELECT count(*) FROM audit.audit_log WHERE outcome = 'UNAUTHENTICATED' AND operation = '/maps/350821.geojson' AND role = 'PUBLIC'"))[0];
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task Admin_reads_the_log_newest_first_filtered_and_paged_and_the_read_is_audited()
    {
        var subject = "paging-" + Guid.NewGuid().ToString("N")[..8];
        var unit = fixture.CreateClient(Role.Unit, unit: map.UnitGlobalId, subject: subject);
        foreach (var field in new[] { "meetings", "bookings", "meetings" })
        {
            await unit.PostAsync($"{{ {field} {{ totalCount }} }}");
            await Task.Delay(5);
        }

        await DrainAsync();
        var query = File.ReadAllText(Path.Combine(RepoPaths.Operations, "audit-log.graphql"));
        var admin = fixture.CreateClient(Role.Admin, subject: "auditor-" + subject);
        var first = (await admin.QueryAsync(query, new { first = 1, where = new { subject, kind = "REFUSAL" } })).GetProperty("auditLog");
        // Two refusals of the meetings field (two requests) and none of bookings, which a UNIT may read.
        Assert.Equal(2, first.GetProperty("totalCount").GetInt32());
        var newest = Assert.Single(first.GetProperty("nodes").EnumerateArray());
        Assert.Equal("Query.meetings", newest.GetProperty("operation").GetString());
        Assert.Equal("UNIT", newest.GetProperty("role").GetString());
        Assert.True(first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());

        var second = (await admin.QueryAsync(query, new { first = 5, after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString(), where = new { subject } })).GetProperty("auditLog");
        var older = Assert.Single(second.GetProperty("nodes").EnumerateArray());
        Assert.True(string.CompareOrdinal(older.GetProperty("at").GetString(), newest.GetProperty("at").GetString()) <= 0);
        Assert.False(second.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());

        await DrainAsync();
        Assert.Equal(2L, (await fixture.SqlAsync<long>($"SELECT count(*) FROM audit.audit_log WHERE kind = 'AUDIT_READ' AND subject = 'auditor-{subject}'"))[0]);
    }

    [Fact]
    public async Task GeoHubs_own_role_cannot_update_delete_truncate_or_drop_the_log()
    {
        await fixture.CreateClient().PostAsync("{ meetings { totalCount } }");
        await DrainAsync();
        var before = (await fixture.SqlAsync<long>("SELECT count(*) FROM audit.audit_log"))[0];
        Assert.True(before > 0);
        foreach (var statement in new[]
        {
            "UPDATE audit.audit_log SET outcome = 'OK'", "DELETE FROM audit.audit_log", "TRUNCATE audit.audit_log",
            "DROP TABLE audit.audit_log", "ALTER TABLE audit.audit_log DISABLE TRIGGER ALL",
        })
        {
            await Assert.ThrowsAsync<PostgresException>(() => fixture.RunSqlAsync(statement));
        }

        Assert.Equal(before, (await fixture.SqlAsync<long>("SELECT count(*) FROM audit.audit_log"))[0]);
    }
}
