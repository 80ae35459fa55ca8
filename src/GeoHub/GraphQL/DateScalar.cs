using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace GeoHub.GraphQL;

/// <summary>A calendar day, YYYY-MM-DD, as <see cref="DateOnly"/>: "as of" questions are about days, not instants.</summary>
public sealed class DateScalar : ScalarGraphType
{
    public DateScalar()
    {
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
        DateOnly day => day,
        string text => Parse(text) ?? ThrowValueConversionError(value),
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => Parse(text.Value.ToString()) ?? ThrowLiteralConversionError(value),
        _ => ThrowLiteralConversionError(value),
    };

    private static DateOnly? Parse(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
