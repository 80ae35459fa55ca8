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

    /// <summary>
    /// A GeoJSON Point with a finite longitude in [-180, 180] and latitude in [-90, 90] (an
    /// altitude is allowed and dropped); anything else is an INVALID_GEOMETRY error naming the argument.
    /// </summary>
    public static Point ReadPoint(JsonElement json, string argument)
    {
        if (json.ValueKind != JsonValueKind.Object
            || !json.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Point")
        {
            throw GraphQLErrors.InvalidGeometry($"{argument} must be a GeoJSON Point.");
        }

        if (!json.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array
            || coordinates.GetArrayLength() is < 2 or > 3
            || coordinates.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.Number))
        {
            throw GraphQLErrors.InvalidGeometry($"{argument} must have coordinates [longitude, latitude].");
        }

        var lon = coordinates[0].GetDouble();
        var lat = coordinates[1].GetDouble();
        if (!double.IsFinite(lon) || !double.IsFinite(lat) || lon is < -180 or > 180 || lat is < -90 or > 90)
        {
            throw GraphQLErrors.InvalidGeometry($"{argument} has longitude/latitude out of range (WGS 84 degrees).");
        }

        return Factory.CreatePoint(new Coordinate(lon, lat));
    }
}
