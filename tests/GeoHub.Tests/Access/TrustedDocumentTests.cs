using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GeoHub.Access;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.Access;

/// <summary>
/// Trusted documents (issue 8, part 6): the project's own operations by their SHA-256, sent by
/// hash as Apollo and Relay clients send them; and the setting that binds callers below a role
/// to those documents, refusing others with a code, writing nothing, in the audit log.
/// </summary>
[Collection(AccessDatabase.Name)]
public sealed class TrustedDocumentTests(AccessFixture fixture) : IAsyncLifetime
{
    private const string Book = """
        mutation Book($venue: ID!, $from: DateTime!, $to: DateTime!) {
          bookVenue(venueId: $venue, from: $from, to: $to, bookedBy: "王建国", purpose: "trusted test") { id }
        }
        """;

    private static readonly string BattleMap = File.ReadAllText(Path.Combine(RepoPaths.Operations, "battle-map.graphql"));

    private readonly List<WebApplicationFactory<Program>> factories = [];
    private AccessMap map = null!;

    public async Task InitializeAsync() => map = await AccessMap.ReadAsync(fixture);

    public async Task DisposeAsync()
    {
        foreach (var factory in factories)
        {
            await factory.DisposeAsync();
        }

        await fixture.RunSqlAsync("DELETE FROM bookings WHERE purpose = 'trusted test'");
    }

    /// <summary>What clients send: the operations of operations/ (the contract as clients wrote it), and the page's own.</summary>
    public static TheoryData<string> ClientDocuments()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.PageOperations, "*.graphql")
            .Concat(Directory.GetFiles(RepoPaths.Operations, "*.graphql", SearchOption.AllDirectories)))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ClientDocuments))]
    public void Every_document_a_client_sends_is_trusted_by_its_hash(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, file));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var trusted = fixture.Factory.Services.GetRequiredService<TrustedDocuments>();
        Assert.True(trusted.Documents.TryGetValue(hash, out var document), $"{file} ({hash}) is not a trusted document");
        Assert.Equal(text, document);
    }

    /// <summary>
    /// The page sends only documents of web/src/operations (imported as files): a document
    /// written inline in its scripts would not be trusted, and a bound caller's page would break.
    /// </summary>
    [Fact]
    public void The_page_writes_no_document_inline()
    {
        // A literal handed to gql or subscribe, or a string that starts as an operation does.
        var inline = new System.Text.RegularExpressions.Regex(@"\bgql\(\s*['""`]|subscribe\(\s*\{\s*query:\s*['""`]|['""`]\s*(query|mutation|subscription)\s+\w+\s*[({]");
        var scripts = Directory.GetFiles(Path.Combine(RepoPaths.Root, "web", "src", "map"), "*.js")
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "web", "src", "shared"), "*.js"));
        var found = scripts.SelectMany(file => File.ReadAllLines(file)
            .Where(line => inline.IsMatch(line))
            .Select(line => $"{Path.GetFileName(file)}: {line.Trim()}")).ToList();
        Assert.True(found.Count == 0, "documents written inline: " + string.Join(" | ", found));
    }

    /// <summary>
    /// Every query of the trusted documents, for the whole city where it takes an area, is within
    /// PUBLIC's budget: binding PUBLIC to these documents never refuses the page its own queries.
    /// </summary>
    [Fact]
    public void Every_trusted_query_fits_the_public_budget_for_the_whole_city()
    {
        var schema = fixture.Factory.Services.GetRequiredService<ISchema>();
        var budget = new CallerLimits().MaxComplexity(Role.Public, new DocumentLimits());
        var trusted = fixture.Factory.Services.GetRequiredService<TrustedDocuments>();
        var measured = 0;
        List<string> over = [];
        foreach (var text in trusted.Documents.Values)
        {
            var document = GraphQLParser.Parser.Parse(text);
            foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>().Where(o => o.Operation == OperationType.Query))
            {
                // Only the variables named here: the others keep their defaults (a page size, say).
                var variables = new Inputs((operation.Variables?.Items ?? [])
                    .Select(v => v.Variable.Name.StringValue)
                    .Where(CityScale.ContainsKey)
                    .ToDictionary(name => name, name => CityScale[name]));
                var (cost, _, _) = OperationCost.MeasureOf(schema, document, operation.Name?.StringValue, variables);
                if (cost > budget)
                {
                    over.Add($"{operation.Name?.StringValue} costs {cost}");
                }

                measured++;
            }
        }

        Assert.True(over.Count == 0, $"over PUBLIC's {budget} for the city: {string.Join(", ", over)}");

        Assert.True(measured >= 15, $"only {measured} queries measured");
    }

    // The variables the documents take, at their largest: the city, and the page's chart (twelve
    // fortnights back from the day, as web/src/map/chart.js asks: 14 points).
    private static readonly Dictionary<string, object?> CityScale = new()
    {
        ["area"] = "350800",
        ["areaCode"] = "350800",
        ["from"] = "2018-12-30",
        ["to"] = "2019-06-30",
        ["every"] = "FORTNIGHT",
    };

    [Fact]
    public async Task A_document_sent_by_its_hash_answers_as_its_text_does_over_post_and_get()
    {
        var variables = new { area = "350802", asOf = "2019-06-30" };
        var client = fixture.CreateClient();
        var byText = await SendAsync(client, new { query = BattleMap, variables });
        var byHash = await SendAsync(client, new { variables, extensions = Persisted(BattleMap) });
        Assert.Equal(HttpStatusCode.OK, byHash.Status);
        Assert.Empty(byHash.Answer.ErrorCodes());
        Assert.Equal(byText.Answer.GetRawText(), byHash.Answer.GetRawText());

        var query = $"/graphql?variables={Uri.EscapeDataString(JsonSerializer.Serialize(variables))}&extensions={Uri.EscapeDataString(JsonSerializer.Serialize(Persisted(BattleMap)))}";
        using var get = await client.GetAsync(new Uri(query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var answer = JsonDocument.Parse(await get.Content.ReadAsStringAsync());
        Assert.Equal(byText.Answer.GetRawText(), answer.RootElement.GetRawText());
    }

    [Fact]
    public async Task An_unknown_hash_is_persisted_query_not_found()
    {
        var unknown = new { persistedQuery = new { version = 1, sha256Hash = Hash("{ __typename } # not one of GeoHub's") } };
        var (status, answer) = await SendAsync(fixture.CreateClient(), new { extensions = unknown });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([ErrorCodes.PersistedQueryNotFound], answer.ErrorCodes());

        // Under application/json a refused request is 200, as for every GraphQL error there.
        var (legacyStatus, legacyAnswer) = await SendAsync(fixture.CreateClient(), new { extensions = unknown }, "application/json");
        Assert.Equal(HttpStatusCode.OK, legacyStatus);
        Assert.Equal([ErrorCodes.PersistedQueryNotFound], legacyAnswer.ErrorCodes());
    }

    [Fact]
    public async Task A_hash_and_a_query_run_when_they_agree_and_are_refused_when_they_do_not()
    {
        const string free = "query Free { __typename }";
        var agree = await SendAsync(fixture.CreateClient(), new { query = free, extensions = Persisted(free) });
        Assert.Equal(HttpStatusCode.OK, agree.Status);
        Assert.Equal("Query", agree.Answer.GetProperty("data").GetProperty("__typename").GetString());

        var (status, answer) = await SendAsync(fixture.CreateClient(), new { query = free, extensions = Persisted(BattleMap) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([ErrorCodes.BadRequest], answer.ErrorCodes());

        foreach (var malformed in new object[] { new { persistedQuery = "abc" }, new { persistedQuery = new { sha256Hash = "12ab" } }, new { persistedQuery = new { version = 2, sha256Hash = Hash(BattleMap) } } })
        {
            var refused = await SendAsync(fixture.CreateClient(), new { extensions = malformed });
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal([ErrorCodes.BadRequest], refused.Answer.ErrorCodes());
        }
    }

    [Fact]
    public async Task A_mutation_by_hash_over_get_is_refused_as_a_mutation()
    {
        var import = File.ReadAllText(Path.Combine(RepoPaths.Operations, "import.graphql"));
        using var get = await fixture.CreateClient(Role.Admin).GetAsync(new Uri($"/graphql?extensions={Uri.EscapeDataString(JsonSerializer.Serialize(Persisted(import)))}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    public static TheoryData<TrustedDocumentsMode> Modes() => [.. Enum.GetValues<TrustedDocumentsMode>()];

    /// <summary>
    /// Under each setting, each role: a document of its own is refused exactly where the setting
    /// binds the role; a trusted one, by hash or as its text, runs for everyone.
    /// </summary>
    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_setting_binds_the_roles_it_names_to_trusted_documents(TrustedDocumentsMode mode)
    {
        var factory = Factory(new() { ["GeoHub:TrustedDocuments:Require"] = mode.ToString() });
        var variables = new { area = "350802", asOf = "2019-06-30" };
        foreach (var role in new[] { Role.Public, Role.Viewer, Role.Officer, Role.Admin })
        {
            var client = Client(factory, role, $"trusted-{mode}-{role}");
            var bound = mode switch
            {
                TrustedDocumentsMode.Public => role == Role.Public,
                TrustedDocumentsMode.BelowAdmin => role != Role.Admin,
                TrustedDocumentsMode.Everyone => true,
                _ => false,
            };
            var own = await SendAsync(client, new { query = "query Own { areas(first: 1) { nodes { code } } }" });
            if (bound)
            {
                Assert.Equal(HttpStatusCode.BadRequest, own.Status);
                Assert.Equal([ErrorCodes.PersistedQueryNotInList], own.Answer.ErrorCodes());
                Assert.False(own.Answer.TryGetProperty("data", out _));
            }
            else
            {
                Assert.True(own.Status == HttpStatusCode.OK && own.Answer.ErrorCodes().Count == 0, $"{mode} {role}: {own.Answer}");
            }

            foreach (var trusted in new object[] { new { query = BattleMap, variables }, new { variables, extensions = Persisted(BattleMap) } })
            {
                var answer = await SendAsync(client, trusted);
                Assert.True(answer.Status == HttpStatusCode.OK && answer.Answer.ErrorCodes().Count == 0, $"{mode} {role}: {answer.Answer}");
            }
        }
    }

    [Fact]
    public async Task A_refused_write_writes_nothing_and_is_audited()
    {
        var factory = Factory(new() { ["GeoHub:TrustedDocuments:Require"] = nameof(TrustedDocumentsMode.BelowAdmin) });
        var subject = "trusted-officer-" + Guid.NewGuid().ToString("N")[..8];
        var officer = Client(factory, Role.Officer, subject, [map.Community]);
        var booking = new
        {
            venue = GlobalId.Encode("Venue", map.VenueId),
            from = "2031-07-01T09:00:00+08:00",
            to = "2031-07-01T10:00:00+08:00",
        };
        var before = await CountAsync("SELECT count(*) FROM bookings");
        var (status, answer) = await SendAsync(officer, new { query = Book, variables = booking, operationName = "Book" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([ErrorCodes.PersistedQueryNotInList], answer.ErrorCodes());
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM bookings"));

        // The same booking by an ADMIN, whom BelowAdmin leaves free, is written.
        var admin = await SendAsync(Client(factory, Role.Admin, "trusted-admin"), new { query = Book, variables = booking });
        Assert.True(admin.Answer.ErrorCodes().Count == 0, admin.Answer.ToString());
        Assert.Equal(before + 1, await CountAsync("SELECT count(*) FROM bookings"));

        await factory.Services.GetRequiredService<AuditLog>().DrainAsync();
        var lines = await fixture.SqlAsync("SELECT kind, role, operation, operation_name, outcome FROM audit.audit_log WHERE subject = @s",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)), ("s", subject));
        Assert.Equal(("REFUSAL", "OFFICER", "/graphql", "Book", ErrorCodes.PersistedQueryNotInList), Assert.Single(lines));
    }

    [Fact]
    public async Task A_deployment_trusts_its_own_folders_beside_the_projects()
    {
        var folder = Directory.CreateTempSubdirectory("geohub-trusted-");
        try
        {
            const string own = "# a deployment's report\nquery Report { areas(first: 3) { nodes { code name } } }\n";
            Directory.CreateDirectory(Path.Combine(folder.FullName, "reports"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "reports", "report.graphql"), own);
            var factory = Factory(new()
            {
                ["GeoHub:TrustedDocuments:Require"] = nameof(TrustedDocumentsMode.Everyone),
                ["GeoHub:TrustedDocuments:Folders:0"] = folder.FullName,
            });
            var answer = await SendAsync(factory.CreateClient(), new { extensions = Persisted(own) });
            Assert.True(answer.Status == HttpStatusCode.OK && answer.Answer.ErrorCodes().Count == 0, answer.Answer.ToString());
            Assert.Equal(3, answer.Answer.GetProperty("data").GetProperty("areas").GetProperty("nodes").GetArrayLength());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static object Persisted(string text) => new { persistedQuery = new { version = 1, sha256Hash = Hash(text) } };

    private Task<long> CountAsync(string sql) => fixture.SqlAsync<long>(sql).ContinueWith(t => t.Result[0], TaskScheduler.Default);

    private WebApplicationFactory<Program> Factory(Dictionary<string, string> settings)
    {
        var factory = DatabaseFixture.CreateFactory(fixture.ConnectionString).WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings)
            {
                host.UseSetting(key, value);
            }
        });
        factories.Add(factory);
        return factory;
    }

    private HttpClient Client(WebApplicationFactory<Program> factory, Role role, string subject, string[]? areas = null)
    {
        var client = factory.CreateClient();
        if (role != Role.Public)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", TestHost.Token(role, areas ?? [map.District], subject: subject));
        }

        return client;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Answer)> SendAsync(HttpClient client, object body, string accept = "application/graphql-response+json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await client.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }
}
