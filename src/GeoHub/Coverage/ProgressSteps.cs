namespace GeoHub.Coverage;

/// <summary>The steps of the fortnightly review's progress chart (半月谈).</summary>
public enum ProgressInterval
{
    Week,
    Fortnight,
    Month,
    Quarter,
}

/// <summary>The days a progress series is counted on.</summary>
public static class ProgressSteps
{
    /// <summary>More points than this is a request for a report, not a chart.</summary>
    public const int MaxPoints = 200;

    /// <summary>
    /// <paramref name="from"/>, then every step after it while before <paramref name="to"/>, then
    /// <paramref name="to"/> itself: both ends are included and the last step may be short. Months
    /// are counted from <paramref name="from"/> (not added one to another), so a series from the
    /// 31st keeps to month ends instead of drifting to the 28th. Null when the series would be
    /// longer than <see cref="MaxPoints"/>.
    /// </summary>
    public static IReadOnlyList<DateOnly>? Days(DateOnly from, DateOnly to, ProgressInterval every)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        List<DateOnly> days = [];
        for (var step = 0; ; step++)
        {
            var day = every switch
            {
                ProgressInterval.Week => from.AddDays(7 * step),
                ProgressInterval.Fortnight => from.AddDays(14 * step),
                ProgressInterval.Month => from.AddMonths(step),
                ProgressInterval.Quarter => from.AddMonths(3 * step),
                _ => throw new ArgumentOutOfRangeException(nameof(every), every, null),
            };
            if (day >= to)
            {
                break;
            }

            days.Add(day);
            if (days.Count >= MaxPoints)
            {
                return null;
            }
        }

        days.Add(to);
        return days;
    }
}
