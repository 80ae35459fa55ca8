using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using NetTopologySuite.Geometries;

namespace GeoHub.GraphQL;

public sealed class NearFilter
{
    public JsonElement Point { get; set; }
    public double Meters { get; set; }
}

public sealed class NearFilterType : InputObjectGraphType<NearFilter>
{
    public NearFilterType()
    {
        Name = "NearFilter";
        Description = "Within a distance of a point, in metres on the spheroid.";
        Field(f => f.Point, type: typeof(NonNullGraphType<GeoJsonScalar>)).Description("A GeoJSON Point (longitude, latitude).");
        Field(f => f.Meters).Description("The distance in metres, ≥ 0.");
    }
}

/// <summary>The geometries of a filter's spatial conditions, read and validated (SRID 4326).</summary>
public sealed record SpatialFilter(Geometry? Within, Geometry? Intersects, Point? Near, double Meters)
{
    private static readonly string[] Areal = ["Polygon", "MultiPolygon"];

    /// <summary>Reads the arguments; an invalid geometry is an INVALID_GEOMETRY error naming the argument.</summary>
    public static SpatialFilter From(JsonElement? within, JsonElement? intersects, NearFilter? near)
    {
        var point = near is null ? null : (Point)GeometryInput.Read(near.Point, "where.near.point", "Point");
        if (near is not null && !(near.Meters >= 0 && double.IsFinite(near.Meters)))
        {
            throw GraphQLErrors.InvalidArgument($"Argument where.near.meters must be a distance ≥ 0, got {near.Meters}.");
        }

        return new(
            within is { } w ? GeometryInput.Read(w, "where.within", Areal) : null,
            intersects is { } i ? GeometryInput.Read(i, "where.intersects") : null,
            point,
            near?.Meters ?? 0);
    }
}
