using System.Diagnostics;

namespace GeoHub.Telemetry;

/// <summary>
/// The time a request's database commands take, summed, for the slow-operation log and the
/// database-time histogram: Npgsql starts an activity per command, and a listener adds each
/// one's duration to the accumulator of the request it ran for (an AsyncLocal, which flows into
/// the resolvers and their batches).
/// </summary>
public sealed class DatabaseTime
{
    private static readonly AsyncLocal<DatabaseTime?> Current = new();
    private static readonly ActivityListener Listener = Listen();
    private long ticks;
    private int commands;

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref ticks));

    public int Commands => Volatile.Read(ref commands);

    /// <summary>Measures the commands run from here on in this async flow.</summary>
    public static DatabaseTime Start()
    {
        _ = Listener;
        var time = new DatabaseTime();
        Current.Value = time;
        return time;
    }

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            // Created with their data whether or not a tracer samples them: the sum needs every command.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (Current.Value is { } time)
                {
                    Interlocked.Add(ref time.ticks, activity.Duration.Ticks);
                    Interlocked.Increment(ref time.commands);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
