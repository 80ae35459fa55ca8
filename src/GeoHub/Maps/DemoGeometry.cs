using NetTopologySuite.Geometries;
using NetTopologySuite.Precision;

namespace GeoHub.Maps;

/// <summary>Geometry helpers for the demo map: WGS 84 degrees, rounded to the files' 6 decimals.</summary>
internal static class DemoGeometry
{
    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>6 decimals ≈ 0.1 m: the files' precision. Reducing with it keeps polygons valid.</summary>
    private static readonly PrecisionModel Micro = new(1e6);

    public const double MetresPerDegreeLat = 110_900;

    /// <summary>At Longyan's latitude (~25°N).</summary>
    public const double MetresPerDegreeLon = 100_600;

    public static Point Point(double lon, double lat) =>
        Factory.CreatePoint(new Coordinate(Math.Round(lon, 6), Math.Round(lat, 6)));

    public static Polygon Box(double minX, double minY, double maxX, double maxY) =>
        (Polygon)Factory.ToGeometry(new Envelope(minX, maxX, minY, maxY));

    /// <summary>Rounds to the file precision and returns a valid MultiPolygon (largest parts kept if a step yielded a collection).</summary>
    public static MultiPolygon Reduce(Geometry geometry)
    {
        var reduced = GeometryPrecisionReducer.Reduce(geometry, Micro);
        var polygons = Enumerable.Range(0, reduced.NumGeometries)
            .Select(reduced.GetGeometryN)
            .OfType<Polygon>()
            .Where(p => !p.IsEmpty)
            .ToArray();
        if (polygons.Length == 0)
        {
            throw new InvalidOperationException("a demo polygon vanished when rounded");
        }

        var multi = Factory.CreateMultiPolygon(polygons);
        if (!multi.IsValid)
        {
            throw new InvalidOperationException("a demo polygon is invalid after rounding");
        }

        return multi;
    }
}
