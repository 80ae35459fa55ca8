using System.Runtime.InteropServices;
using Npgsql;

namespace GeoHub.Bench;

/// <summary>The facts a reader needs to compare these figures with their own: CPU, memory, versions.</summary>
internal static class Machine
{
    public static async Task<List<string>> FactsAsync(string connectionString)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT current_setting('server_version'), postgis_full_version()");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return
        [
            $"CPU: {cpu}, nproc {Environment.ProcessorCount}",
            $"Memory: {memory}",
            $"PostgreSQL {reader.GetString(0)}; PostGIS: {reader.GetString(1)}",
            $"{RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription}",
            "Client, servers and database share the machine; the servers run `geohub serve` (Release, Production).",
        ];
    }
}
