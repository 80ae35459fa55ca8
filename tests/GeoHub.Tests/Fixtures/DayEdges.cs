namespace GeoHub.Tests.Fixtures;

/// <summary>Reads a value on each of <see cref="DatedMap.Days"/> and compares them all at once, so a failure shows every day.</summary>
internal static class DayEdges
{
    public static async Task AssertAsync<T>(string what, T[] expected, Func<DateOnly, Task<T>> read)
    {
        List<T> actual = [];
        foreach (var day in DatedMap.Days)
        {
            actual.Add(await read(day));
        }

        Assert.True(expected.SequenceEqual(actual),
            $"{what} on {string.Join(", ", DatedMap.Days.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))}: " +
            $"expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
    }

    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
