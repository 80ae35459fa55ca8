using Microsoft.Extensions.Caching.Memory;
using Npgsql;

namespace GeoHub.Access;

/// <summary>
/// The paths of the area codes tokens name, read once a minute at most: every request with a
/// token needs them, and areas change only when a map is loaded.
/// </summary>
public sealed class AreaDirectory(NpgsqlDataSource dataSource) : IDisposable
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions());

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>The areas with these codes; codes of no area are left out (they grant nothing).</summary>
    public async Task<IReadOnlyList<AreaGrant>> FindAsync(IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codes);
        List<AreaGrant> grants = [];
        foreach (var code in codes.Distinct(StringComparer.Ordinal))
        {
            var path = await cache.GetOrCreateAsync(("area-path", code), async entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = Lifetime;
                await using var command = dataSource.CreateCommand("SELECT path FROM areas WHERE code = @code");
                command.Parameters.Add(new NpgsqlParameter<string>("code", code));
                return await command.ExecuteScalarAsync(cancellationToken) as string;
            });
            if (path is not null)
            {
                grants.Add(new AreaGrant(code, path));
            }
        }

        return grants;
    }

    public void Dispose() => cache.Dispose();
}
