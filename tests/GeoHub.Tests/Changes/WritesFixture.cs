using System.Globalization;
using System.Text.Json;
using GeoHub.Access;
using GeoHub.Common;
using GeoHub.Data;
using GeoHub.GraphQL;
using GeoHub.Maps;

namespace GeoHub.Tests.Changes;

/// <summary>
/// The demo map in a database of its own, which the write tests change: each test picks rows no
/// other test touches, and every expected answer is read with SQL written here.
/// </summary>
public sealed class WritesFixture() : DatabaseFixture("writes")
{
    public static DateOnly Today => LongyanDay.Today(TimeProvider.System);

    public static string TodayText => Day(Today);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Id(string type, int id) => GlobalId.Encode(type, id);

    protected override async Task SeedAsync(GeoHubDb db) => await MapLoader.LoadAsync(DataSource, RepoPaths.DemoMap);

    /// <summary>A client of an ADMIN, who may record changes anywhere (the Access tests try the other roles).</summary>
    public HttpClient Writer() => CreateClient(Role.Admin, subject: "test-writer");

    /// <summary>Runs a mutation `name(input: $input)` selecting <paramref name="selection"/>, over HTTP.</summary>
    public async Task<JsonElement> MutateAsync(string name, object input, string selection = "__typename", HttpClient? client = null)
    {
        var inputType = char.ToUpperInvariant(name[0]) + name[1..] + "Input";
        client ??= Writer();
        return await client.PostAsync($"mutation($input: {inputType}!) {{ {name}(input: $input) {{ {selection} }} }}", new { input });
    }

    /// <summary>The payload of a mutation that must succeed.</summary>
    public async Task<JsonElement> MutateOkAsync(string name, object input, string selection)
    {
        var answer = await MutateAsync(name, input, selection);
        Assert.False(answer.TryGetProperty("errors", out var errors), $"{name}: {errors}");
        return answer.GetProperty("data").GetProperty(name);
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters) =>
        (await SqlAsync(sql, reader => reader.GetFieldValue<T>(0), parameters)).Single();

    /// <summary>
    /// A fingerprint of every table a write may touch (each table's rows, hashed in order): equal
    /// before and after a refused write means nothing at all was written.
    /// </summary>
    public async Task<string> FingerprintAsync()
    {
        string[] tables =
        [
            "party_organizations", "organization_compounds", "party_members", "party_roles", "meetings", "owners_committees",
            "committee_seats", "co_building_units", "agreements", "projects", "activities", "venues", "office_spaces", "changes",
            "idempotency_keys",
        ];
        var parts = new List<string>();
        foreach (var table in tables)
        {
            parts.Add(table + ":" + await ScalarAsync<string>($"SELECT count(*) || '/' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t"));
        }

        return string.Join("\n", parts);
    }
}

[CollectionDefinition(Name)]
public sealed class WritesDatabase : ICollectionFixture<WritesFixture>
{
    public const string Name = "Writes";
}

public static class Answers
{
    /// <summary>The error codes and the fields they name, as "CODE input.field".</summary>
    public static IReadOnlyList<string> CodedFields(this JsonElement answer) =>
        answer.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateArray().Select(e => e.TryGetProperty("extensions", out var x)
                ? x.GetProperty("code").GetString() + (x.TryGetProperty("field", out var f) ? " " + f.GetString() : "")
                : "")]
            : [];
}
