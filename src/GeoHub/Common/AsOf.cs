using GraphQL;

namespace GeoHub.Common;

/// <summary>
/// Days are Longyan's: Asia/Shanghai, UTC+8 all year (China has kept no daylight saving since
/// 1991). Every date in the data (formed, signed, opened, …) is a local date, and so is "today".
/// </summary>
public static class LongyanDay
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The local day an instant falls on.</summary>
    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>Today in Longyan by <paramref name="clock"/> (the system clock, or a test's fixed one).</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Of(clock.GetUtcNow());
    }
}

/// <summary>The day a field describes: its asOf argument, else today in Longyan.</summary>
public static class AsOf
{
    /// <summary>Today by the request's clock (the registered <see cref="TimeProvider"/>, else the system's).</summary>
    public static DateOnly Today(IResolveFieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LongyanDay.Today(context.RequestServices?.GetService<TimeProvider>() ?? TimeProvider.System);
    }

    public static DateOnly From(IResolveFieldContext context, string argument = "asOf") =>
        context.GetArgument<DateOnly?>(argument) ?? Today(context);
}
