using System.Globalization;
using GeoHub.Common;
using GraphQL;
using GraphQL.Validation;
using Microsoft.Extensions.Options;

namespace GeoHub.GraphQL;

/// <summary>
/// The days a dated input may name (settings under <c>GeoHub:Dates</c>): nothing GeoHub records
/// happened before the People's Republic was founded, and nothing is planned more than a few
/// years ahead. A date outside is a typing or encoding error (0001-01-01 from an unset field),
/// refused as INVALID_ARGUMENT rather than stored or searched for.
/// </summary>
public sealed class DateSpan
{
    public const string Section = "GeoHub:Dates";

    public DateOnly Earliest { get; set; } = new(1949, 10, 1);

    /// <summary>How far after today (in Longyan) a date may lie.</summary>
    public int YearsAhead { get; set; } = 5;

    public DateOnly Latest => LongyanDay.Today(TimeProvider.System).AddYears(YearsAhead);

    public bool Contains(DateOnly day) => day >= Earliest && day <= Latest;

    /// <summary>A calendar year some of whose days lie in the span.</summary>
    public bool ContainsYear(int year) => year >= Earliest.Year && year <= Latest.Year;

    /// <summary>The span of the running app (its settings).</summary>
    public static DateSpan Of(IResolveFieldContext context) =>
        (context ?? throw new ArgumentNullException(nameof(context))).RequestServices!.GetRequiredService<IOptions<DateSpan>>().Value;

    /// <summary>The refusal's text, naming the value and the span.</summary>
    public string Describe(string value) =>
        string.Create(CultureInfo.InvariantCulture, $"'{value}' is outside the dates GeoHub accepts ({Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}).");

    public string DescribeYear(int year) =>
        string.Create(CultureInfo.InvariantCulture, $"year {year} is outside the years GeoHub accepts ({Earliest.Year} to {Latest.Year}).");
}

/// <summary>
/// A date input outside <see cref="DateSpan"/>, thrown by the Date and DateTime scalars while
/// they coerce a value. A validation error, so that GraphQL.NET reports it as it stands (an
/// argument literal) or wrapped in the variable's error (a variable), never as INTERNAL_ERROR.
/// </summary>
public sealed class DateOutOfSpanException : ValidationError
{
    public DateOutOfSpanException(string message)
        : base(message)
    {
        Code = ErrorCodes.InvalidArgument;
    }
}
