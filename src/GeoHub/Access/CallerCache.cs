using Microsoft.Extensions.Caching.Memory;

namespace GeoHub.Access;

/// <summary>
/// Callers of tokens already checked, by the Authorization header, until the token's expiry and
/// for a minute at most (so that area paths follow the map, as <see cref="AreaDirectory"/> does).
/// </summary>
public sealed class CallerCache : IDisposable
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public Caller? Find(string header) => cache.TryGetValue(header, out Caller? caller) ? caller : null;

    public void Add(string header, Caller caller, DateTimeOffset expires)
    {
        var until = DateTimeOffset.UtcNow + Longest < expires ? DateTimeOffset.UtcNow + Longest : expires;
        if (until > DateTimeOffset.UtcNow)
        {
            cache.Set(header, caller, new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
        }
    }

    public void Dispose() => cache.Dispose();
}
