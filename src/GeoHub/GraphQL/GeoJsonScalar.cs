using System.Text.Json;
using GraphQL.Types;
using GraphQLParser.AST;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace GeoHub.GraphQL;

/// <summary>
/// An RFC 7946 object (geometry, Feature or FeatureCollection) as JSON, longitude/latitude in
/// WGS 84. Outputs NTS geometries or ready-made JSON; inputs arrive as a JsonElement for the
/// resolver to read and validate (see <see cref="GeoJson"/>).
/// </summary>
public sealed class GeoJsonScalar : ScalarGraphType
{
    public GeoJsonScalar()
    {
        Name = "GeoJSON";
        Description = "An RFC 7946 GeoJSON object (geometry, Feature or FeatureCollection), longitude/latitude in WGS 84.";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        JsonElement element => element,
        Geometry geometry => GeoJson.ToElement(geometry),
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        JsonElement element => element,
        IDictionary<string, object?> or string => JsonSerializer.SerializeToElement(value),
        _ => ThrowValueConversionError(value),
    };

    public override bool CanParseValue(object? value) => value is null or JsonElement or IDictionary<string, object?>;

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLObjectValue => JsonSerializer.SerializeToElement(ToPlain(value)),
        _ => ThrowLiteralConversionError(value, "a GeoJSON object"),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value is GraphQLNullValue or GraphQLObjectValue;

    private static object? ToPlain(GraphQLValue value) => value switch
    {
        GraphQLObjectValue obj => (obj.Fields ?? []).ToDictionary(f => f.Name.StringValue, f => ToPlain(f.Value)),
        GraphQLListValue list => (list.Values ?? []).Select(ToPlain).ToList(),
        GraphQLIntValue i => double.Parse(i.Value.Span, provider: System.Globalization.CultureInfo.InvariantCulture),
        GraphQLFloatValue f => double.Parse(f.Value.Span, provider: System.Globalization.CultureInfo.InvariantCulture),
        GraphQLStringValue s => s.Value.ToString(),
        GraphQLBooleanValue b => b.BoolValue,
        GraphQLNullValue => null,
        _ => throw new InvalidOperationException($"unexpected GeoJSON literal {value.Kind}"),
    };
}

/// <summary>Reading and writing GeoJSON with NTS; SRID 4326 throughout.</summary>
public static class GeoJson
{
    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new GeoJsonConverterFactory(Factory) },
    };

    public static JsonElement ToElement(Geometry geometry) => JsonSerializer.SerializeToElement(geometry, Options);
}
