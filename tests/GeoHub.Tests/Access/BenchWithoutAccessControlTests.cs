using GeoHub.Access;
using Microsoft.Extensions.Configuration;

namespace GeoHub.Tests.Access;

/// <summary>The bench's setting that turns access control off holds only on a benchmark database.</summary>
public sealed class BenchWithoutAccessControlTests
{
    private static IConfiguration Settings(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection(value is null ? [] : [new(BenchWithoutAccessControl.Setting, value)]).Build();

    [Theory]
    [InlineData("Host=127.0.0.1;Database=geohub")]
    [InlineData("Host=127.0.0.1;Database=geohub_test_bench_x10")]
    [InlineData("Host=127.0.0.1")]
    public void Is_refused_outside_a_benchmark_database(string connectionString)
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => BenchWithoutAccessControl.IsOn(Settings("true"), connectionString));
        Assert.Contains(BenchWithoutAccessControl.Setting, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Holds_on_a_benchmark_database_and_is_off_unless_set()
    {
        Assert.True(BenchWithoutAccessControl.IsOn(Settings("true"), "Host=127.0.0.1;Database=geohub_bench_x10"));
        Assert.False(BenchWithoutAccessControl.IsOn(Settings(null), "Host=127.0.0.1;Database=geohub"));
        Assert.False(BenchWithoutAccessControl.IsOn(Settings("false"), "Host=127.0.0.1;Database=geohub"));
    }
}
