using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace GeoHub.GraphQL;

/// <summary>RFC 3339 date-time with an offset; a value without an offset is refused, not guessed.</summary>
public sealed class DateTimeScalar : ScalarGraphType
{
    private readonly DateSpan span;

    public DateTimeScalar(IOptions<DateSpan> span)
    {
        ArgumentNullException.ThrowIfNull(span);
        this.span = span.Value;
        Name = "DateTime";
        Description = "An RFC 3339 date-time with offset, e.g. 2019-06-30T09:00:00+08:00.";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateTimeOffset offset => offset.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        DateTime { Kind: DateTimeKind.Utc } utc => new DateTimeOffset(utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        DateTimeOffset offset => Within(offset),
        string text => Parse(text) is { } parsed ? Within(parsed) : ThrowValueConversionError(value),
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
        GraphQLStringValue text => Parse(text.Value.ToString()) is { } parsed ? Within(parsed) : ThrowLiteralConversionError(value),
        _ => ThrowLiteralConversionError(value),
    };

    /// <summary>The instant's UTC day must lie in the span (hours matter nowhere near its ends).</summary>
    private DateTimeOffset Within(DateTimeOffset instant) =>
        span.Contains(DateOnly.FromDateTime(instant.UtcDateTime))
            ? instant
            : throw new DateOutOfSpanException(span.Describe(instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)));

    private static DateTimeOffset? Parse(string text)
    {
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
    }
}
