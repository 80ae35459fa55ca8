using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace GeoHub.GraphQL;

/// <summary>RFC 3339 date-time with an offset; a value without an offset is refused, not guessed.</summary>
public sealed class DateTimeScalar : ScalarGraphType
{
    public DateTimeScalar()
    {
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
        DateTimeOffset offset => offset,
        string text => Parse(text) ?? ThrowValueConversionError(value),
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => Parse(text.Value.ToString()) ?? ThrowLiteralConversionError(value),
        _ => ThrowLiteralConversionError(value),
    };

    private static DateTimeOffset? Parse(string text)
    {
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
    }
}
