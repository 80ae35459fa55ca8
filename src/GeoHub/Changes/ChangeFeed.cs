using System.Collections.Concurrent;
using System.Threading.Channels;
using GeoHub.Areas;
using Npgsql;

namespace GeoHub.Changes;

/// <summary>One committed change as a map subscriber sees it: one event per compound it touched.</summary>
public sealed record MapChange(long ChangeId, DateTime At, string Kind, DateOnly On, string AreaCode, string Entity, int EntityId, int? CompoundId);

/// <summary>
/// Every committed write, from PostgreSQL to this instance's subscribers. Each instance LISTENs on
/// one connection; the change log's trigger NOTIFYs at commit with the change's id, so a write on
/// any instance reaches subscribers of every instance, and a rolled-back write reaches nobody.
/// Delivery never waits for a subscriber: each has a bounded buffer, and one that falls that far
/// behind is ended with SUBSCRIBER_TOO_SLOW (it should reconnect and read the map again).
/// </summary>
public sealed partial class ChangeFeed(NpgsqlDataSource dataSource, ILogger<ChangeFeed> logger) : BackgroundService
{
    public const string Channel = "geohub_changes";

    /// <summary>Events a subscriber may have waiting before it counts as too slow.</summary>
    public const int BufferSize = 256;

    private readonly ConcurrentDictionary<Subscriber, byte> subscribers = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the feed listens (tests wait for it before writing).</summary>
    public Task Listening => listening.Task;

    /// <summary>Changes in the area with this path (and everything under it), from now on.</summary>
    public Subscriber Subscribe(string areaPath)
    {
        var subscriber = new Subscriber(areaPath, this);
        subscribers.TryAdd(subscriber, 0);
        return subscriber;
    }

    internal void Remove(Subscriber subscriber) => subscribers.TryRemove(subscriber, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The database went away: listen again shortly (changes committed meanwhile are missed
                // by live subscribers, who read the map again when they reconnect).
                ListenFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        var pending = new List<long>();
        connection.Notification += (_, notification) =>
        {
            if (long.TryParse(notification.Payload, out var id))
            {
                pending.Add(id);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        listening.TrySetResult();
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(stoppingToken);
            // Notifications are read off the connection in commit order; a wait may bring several.
            if (pending.Count > 0)
            {
                long[] ids = [.. pending];
                pending.Clear();
                await DispatchAsync(connection, ids, stoppingToken);
            }
        }
    }

    private async Task DispatchAsync(NpgsqlConnection connection, long[] ids, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand("""
            SELECT id, at, operation, on_day, area_path, entity, entity_id, compound_ids
            FROM changes WHERE id = ANY(@ids) ORDER BY array_position(@ids, id)
            """, connection);
        read.Parameters.AddWithValue("ids", ids);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var path = reader.GetString(4);
            var compounds = reader.GetFieldValue<int[]>(7);
            var events = (compounds.Length == 0 ? [null] : compounds.Select(c => (int?)c))
                .Select(compound => new MapChange(reader.GetInt64(0), reader.GetDateTime(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3),
                    path[(path.LastIndexOf('/') + 1)..], reader.GetString(5), reader.GetInt32(6), compound))
                .ToList();
            foreach (var subscriber in subscribers.Keys)
            {
                if (subscriber.Covers(path))
                {
                    foreach (var change in events)
                    {
                        subscriber.Offer(change);
                    }
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "change feed: listening failed; trying again")]
    private static partial void ListenFailed(ILogger logger, Exception exception);
}

/// <summary>One subscription's buffer of changes in its area.</summary>
public sealed class Subscriber : IDisposable
{
    private readonly string areaPath;
    private readonly ChangeFeed feed;
    private readonly Channel<MapChange> buffer = Channel.CreateBounded<MapChange>(new BoundedChannelOptions(ChangeFeed.BufferSize)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    internal Subscriber(string areaPath, ChangeFeed feed)
    {
        this.areaPath = areaPath;
        this.feed = feed;
    }

    public ChannelReader<MapChange> Changes => buffer.Reader;

    internal bool Covers(string path) => UnderArea.Holds(path, areaPath);

    /// <summary>Never waits: a full buffer ends the subscription instead of holding up the feed.</summary>
    internal void Offer(MapChange change)
    {
        if (!buffer.Writer.TryWrite(change))
        {
            buffer.Writer.TryComplete(new SubscriberTooSlowException());
            feed.Remove(this);
        }
    }

    public void Dispose()
    {
        feed.Remove(this);
        buffer.Writer.TryComplete();
    }
}

public sealed class SubscriberTooSlowException : Exception
{
    public SubscriberTooSlowException()
        : base($"The subscriber fell {ChangeFeed.BufferSize} changes behind and was ended; subscribe again and read the map afresh.")
    {
    }

    public SubscriberTooSlowException(string message)
        : base(message)
    {
    }

    public SubscriberTooSlowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
