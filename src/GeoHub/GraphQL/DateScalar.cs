using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace GeoHub.GraphQL;

/// <summary>A calendar day, YYYY-MM-DD, as <see cref="DateOnly"/>: "as of" questions are about days, not instants.</summary>
public sealed class DateScalar : ScalarGraphType
{
    private readonly DateSpan span;

    public DateScalar(IOptions<DateSpan> span)
    {
        ArgumentNullException.ThrowIfNull(span);
        this.span = span.Value;
        Name = "Date";
        Description = "A calendar day, YYYY-MM-DD (the demo map's zone is Asia/Shanghai).";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        DateOnly day => Within(day),
        string text => Parse(text) is { } day ? Within(day) : ThrowValueConversionError(value),
        _ => ThrowValueConversionError(value),
    };

    /// <summary>
    /// Well-formed is enough here: a day outside the span is refused by <see cref="ParseLiteral"/>
    /// while the argument is coerced, with a message saying why (this check's refusal has none).
    /// </summary>
    public override bool CanParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => true,
        GraphQLStringValue text => Parse(text.Value.ToString()) is not null,
        _ => false,
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => Parse(text.Value.ToString()) is { } day ? Within(day) : ThrowLiteralConversionError(value),
        _ => ThrowLiteralConversionError(value),
    };

    private DateOnly Within(DateOnly day) =>
        span.Contains(day) ? day : throw new DateOutOfSpanException(span.Describe(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    private static DateOnly? Parse(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
