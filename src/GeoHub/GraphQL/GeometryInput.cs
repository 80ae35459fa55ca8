using System.Globalization;
using System.Text.Json;
using GraphQL;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace GeoHub.GraphQL;

/// <summary>
/// The rules every geometry that comes in (imports, filter arguments) must follow, and reading
/// GeoJSON arguments under them. A broken geometry is refused here with its reason, before
/// PostGIS sees it: GEOS would otherwise fail mid-query with a TopologyException or, worse,
/// answer spatial predicates on garbage.
/// </summary>
public static class GeometryInput
{
    /// <summary>Why the geometry cannot be used, or null when it is fine.</summary>
    public static string? Problem(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.IsEmpty)
        {
            return "empty geometry";
        }

        foreach (var c in geometry.Coordinates)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y) || Math.Abs(c.X) > 180 || Math.Abs(c.Y) > 90)
            {
                return $"coordinate ({Format(c)}) is out of range: longitude must lie in [-180, 180], latitude in [-90, 90]";
            }
        }

        var validity = new IsValidOp(geometry);
        return validity.IsValid ? null : Describe(validity.ValidationError);
    }

    public static string Describe(TopologyValidationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Coordinate is { } at ? $"{error.Message} at ({Format(at)})" : error.Message;
    }

    public static string Format(Coordinate c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.X} {c.Y}");

    /// <summary>
    /// Reads a GeoJSON geometry (or a Feature's geometry) given as argument <paramref name="argument"/>;
    /// anything unreadable, of the wrong type or invalid is an INVALID_GEOMETRY error naming the argument.
    /// </summary>
    public static Geometry Read(JsonElement json, string argument, params string[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        if (json.ValueKind == JsonValueKind.Object && TypeOf(json) == "Feature" && json.TryGetProperty("geometry", out var inner))
        {
            json = inner;
        }

        var type = TypeOf(json);
        if (types.Length > 0 && (type is null || !types.Contains(type)))
        {
            throw Invalid(argument, $"expected a GeoJSON {string.Join(" or ", types)}, got {type ?? json.ValueKind.ToString()}");
        }

        var (geometry, error) = Parse(json);
        var problem = error ?? Problem(geometry!);
        return problem is null ? geometry! : throw Invalid(argument, problem);
    }

    /// <summary>The member "type" of a GeoJSON object, or null.</summary>
    public static string? TypeOf(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    /// <summary>
    /// A GeoJSON geometry as NTS reads it (SRID 4326), or why it could not be read. NTS refuses
    /// some broken shapes while reading (an unclosed ring is an ArgumentException), so those
    /// become reasons here instead of escaping as server errors.
    /// </summary>
    public static (Geometry? Geometry, string? Error) Parse(JsonElement json)
    {
        try
        {
            var geometry = json.Deserialize<Geometry>(GeoJson.Options);
            return geometry is null ? (null, "no geometry") : (geometry, null);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException or IndexOutOfRangeException)
        {
            return (null, Unclosed(e.Message) ? "ring is not closed (its first and last positions differ)" : $"unreadable GeoJSON geometry: {e.Message}");
        }
    }

    private static bool Unclosed(string message) => message.Contains("closed linestring", StringComparison.OrdinalIgnoreCase);

    private static ExecutionError Invalid(string argument, string reason) =>
        new($"Argument {argument}: {reason}.") { Code = ErrorCodes.InvalidGeometry };
}
