using GraphQL.DataLoader;

namespace GeoHub.GraphQL;

/// <summary>
/// Collects the keys asked for by one level of a query and fetches them with one command.
/// GraphQL.NET runs every field that returns an <see cref="IDataLoaderResult"/> only after the
/// rest of the level has resolved, so by the time the first result is awaited all keys of the
/// level are queued. One loader lives per request and per fetch (see <see cref="DataLoaders"/>).
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Dictionary<TKey, Task<IReadOnlyDictionary<TKey, TValue>>> batchOf = [];
    private HashSet<TKey> queued = [];
    private TaskCompletionSource<IReadOnlyDictionary<TKey, TValue>>? pending;

    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        lock (gate)
        {
            if (!batchOf.TryGetValue(key, out var batch))
            {
                pending ??= new TaskCompletionSource<IReadOnlyDictionary<TKey, TValue>>(TaskCreationOptions.RunContinuationsAsynchronously);
                queued.Add(key);
                batch = pending.Task;
                batchOf[key] = batch;
            }

            return new Result(this, key, batch);
        }
    }

    /// <summary>
    /// Gives <paramref name="key"/> its value without a fetch, when a statement of the level above
    /// read it already; a key already asked for keeps its batch.
    /// </summary>
    public void Prime(TKey key, TValue value)
    {
        lock (gate)
        {
            batchOf.TryAdd(key, Task.FromResult<IReadOnlyDictionary<TKey, TValue>>(new Dictionary<TKey, TValue> { [key] = value }));
        }
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<IReadOnlyDictionary<TKey, TValue>>? source;
        HashSet<TKey> keys;
        lock (gate)
        {
            source = pending;
            keys = queued;
            pending = null;
            queued = [];
        }

        if (source is null)
        {
            return;
        }

        try
        {
            source.SetResult(await fetch(keys, cancellationToken));
        }
        catch (Exception exception)
        {
            source.SetException(exception);
            throw;
        }
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, TKey key, Task<IReadOnlyDictionary<TKey, TValue>> batch) : IDataLoaderResult<TValue?>
    {
        public async Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            if (!batch.IsCompleted)
            {
                await loader.DispatchAsync(cancellationToken);
            }

            var values = await batch;
            return values.TryGetValue(key, out var value) ? value : default;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}

/// <summary>
/// One kind of batch fetch, with every argument it depends on as a member (a day, a year, a
/// radius). Implementations are records: a request finds its loader by the fetch's value, its
/// type and members, so two fields whose arguments differ can never share a loader and get each
/// other's rows, and <see cref="FetchAsync"/>, which sees only those members and the keys, can
/// depend on nothing else. Name one by its key, as <c>BuildingsByCompoundId</c>.
/// </summary>
public interface IBatchFetch<TKey, TValue>
    where TKey : notnull
{
    /// <summary>The values of the keys (a key without one is left out), with the request's services.</summary>
    Task<IReadOnlyDictionary<TKey, TValue>> FetchAsync(IServiceProvider services, IReadOnlyCollection<TKey> keys, CancellationToken cancellationToken);
}

/// <summary>The request's loaders, one per batch fetch value. Scoped: nothing is shared between requests.</summary>
public sealed class DataLoaders
{
    private readonly Lock gate = new();
    private readonly Dictionary<object, object> loaders = [];

    /// <summary>The loader of this fetch (equal fetches share one), fetching with <paramref name="services"/>.</summary>
    public BatchLoader<TKey, TValue> For<TKey, TValue>(IBatchFetch<TKey, TValue> fetch, IServiceProvider services)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(fetch);
        lock (gate)
        {
            if (!loaders.TryGetValue(fetch, out var loader))
            {
                loader = new BatchLoader<TKey, TValue>((keys, cancellationToken) => fetch.FetchAsync(services, keys, cancellationToken));
                loaders[fetch] = loader;
            }

            return (BatchLoader<TKey, TValue>)loader;
        }
    }

    /// <summary>Forgets every loader, so the next loads read afresh (each event of a subscription).</summary>
    public void Clear()
    {
        lock (gate)
        {
            loaders.Clear();
        }
    }
}

/// <summary>A value computed when GraphQL.NET asks for it, after the rest of the level has resolved.</summary>
public sealed class DeferredResult<T>(Func<CancellationToken, Task<T>> compute) : IDataLoaderResult<T>
{
    public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => compute(cancellationToken);

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await compute(cancellationToken);
}

public static class DataLoaderResultExtensions
{
    /// <summary>Maps a loader's value once it arrives, keeping the field deferred to the batch.</summary>
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> result, Func<T, TResult> map) =>
        new Mapped<T, TResult>(result, map);

    private sealed class Mapped<T, TResult>(IDataLoaderResult<T> inner, Func<T, TResult> map) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) =>
            map(await inner.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}
