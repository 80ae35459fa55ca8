using GraphQL.Types;

namespace GeoHub.GraphQL;

/// <summary>
/// The within / intersects / near fields of the filters of point entities, bound to their
/// Within / Intersects (JsonElement?) and Near properties and read by <see cref="SpatialFilter.From"/>.
/// </summary>
public static class SpatialFields
{
    public static void AddTo(IInputObjectGraphType filter, string rows)
    {
        ArgumentNullException.ThrowIfNull(filter);
        filter.AddField(new FieldType
        {
            Name = "within",
            Type = typeof(GeoJsonScalar),
            Description = $"Only {rows} located within this GeoJSON Polygon or MultiPolygon (ST_CoveredBy, planar in SRID 4326 as for compounds: a point on its edge counts).",
        });
        filter.AddField(new FieldType
        {
            Name = "intersects",
            Type = typeof(GeoJsonScalar),
            Description = $"Only {rows} located on or inside this GeoJSON geometry (ST_Intersects, planar in SRID 4326).",
        });
        filter.AddField(new FieldType
        {
            Name = "near",
            Type = typeof(NearFilterType),
            Description = "Within the distance of a point (metres on the WGS 84 spheroid, inclusive).",
        });
    }
}
