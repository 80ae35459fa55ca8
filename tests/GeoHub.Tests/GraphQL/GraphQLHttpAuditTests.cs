using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace GeoHub.Tests.GraphQL;

/// <summary>
/// graphql-http's server audits (the GraphQL-over-HTTP spec's reference checks) against the real
/// endpoint on a Kestrel port. `make test` runs `npm ci --prefix tests/audit` first; the test
/// installs the pinned packages itself when they are missing.
/// </summary>
[Collection(GraphQLHttpServer.Name)]
public sealed class GraphQLHttpAuditTests(GraphQLHttpFixture fixture, ITestOutputHelper output)
{
    private static readonly string AuditDir = Path.Combine(RepoPaths.Root, "tests", "audit");

    [Fact]
    public async Task Endpoint_passes_every_MUST_and_SHOULD_audit_of_graphql_http()
    {
        if (!Directory.Exists(Path.Combine(AuditDir, "node_modules", "graphql-http")))
        {
            var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"]);
            Assert.True(install.ExitCode == 0, "npm ci in tests/audit failed:\n" + install.Output);
        }

        var endpoint = new Uri(fixture.StartKestrel(), "/graphql");
        var audit = await RunAsync("node", ["audit.mjs", endpoint.ToString()]);
        output.WriteLine(audit.Output);

        var summaryLine = audit.Output.Split('\n').LastOrDefault(line => line.StartsWith("SUMMARY ", StringComparison.Ordinal));
        Assert.True(summaryLine is not null, "the audit printed no summary:\n" + audit.Output);
        using var summary = JsonDocument.Parse(summaryLine["SUMMARY ".Length..]);
        var root = summary.RootElement;
        var failures = root.GetProperty("failures").EnumerateArray()
            .Where(failure => failure.GetProperty("level").GetString() is "MUST" or "SHOULD")
            .Select(failure => failure.GetRawText())
            .ToList();

        Assert.True(failures.Count == 0, "MUST/SHOULD audits failed:\n" + string.Join('\n', failures));
        Assert.Equal(0, audit.ExitCode);
        Assert.True(root.GetProperty("total").GetInt32() >= 61, "fewer audits ran than graphql-http defines");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = AuditDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A hung audit must not outlive the test run.
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
