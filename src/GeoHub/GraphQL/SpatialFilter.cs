using System.Text.Json;
using NetTopologySuite.Geometries;

namespace GeoHub.GraphQL;

/// <summary>The geometries of a filter's spatial conditions, read and validated (SRID 4326).</summary>
public sealed record SpatialFilter(Geometry? Within, Geometry? Intersects, Point? Near, double Meters)
{
    private static readonly string[] Areal = ["Polygon", "MultiPolygon"];

    /// <summary>Reads the arguments; an invalid geometry is an INVALID_GEOMETRY error naming the argument.</summary>
    public static SpatialFilter From(JsonElement? within, JsonElement? intersects, NearFilter? near)
    {
        var checkedNear = SpatialArguments.Near(near, "where.near");
        return new(
            within is { } w ? GeometryInput.Read(w, "where.within", Areal) : null,
            intersects is { } i ? GeometryInput.Read(i, "where.intersects") : null,
            checkedNear?.Point,
            checkedNear?.Meters ?? 0);
    }

    /// <summary>Only a near condition, from an argument already checked by <see cref="SpatialArguments.Near"/>.</summary>
    public static SpatialFilter Around((Point Point, double Meters)? near) =>
        new(null, null, near?.Point, near?.Meters ?? 0);
}
