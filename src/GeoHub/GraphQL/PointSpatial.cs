using System.Runtime.CompilerServices;
using GeoHub.Data;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GeoHub.GraphQL;

/// <summary>
/// within / intersects / near for the entities located at a point (venues, office space,
/// co-building units), meaning exactly what they mean for compounds.
/// </summary>
public static class PointSpatial
{
    /// <summary>
    /// Rows whose location meets every condition of <paramref name="spatial"/>.
    /// <para>
    /// The locations are geography(Point,4326), but within/intersects must be the planar tests
    /// compounds get (ST_CoveredBy / ST_Intersects in SRID 4326, where a polygon's edges are
    /// straight in longitude/latitude rather than great-circle arcs), so that a point on a
    /// compound's boundary is in or out alike for both. EF cannot express the geography→geometry
    /// cast (a geography column's predicates translate to the spherical functions), so the
    /// conditions are an id subquery in SQL: the table and columns come from the EF model, every
    /// input is a parameter. `near` needs no cast, so EF writes it on the bare geography column:
    /// ST_DWithin measures metres on the spheroid and the column's GiST index applies.
    /// </para>
    /// </summary>
    public static IQueryable<T> Located<T>(this IQueryable<T> rows, GeoHubDb db, SpatialFilter spatial)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(spatial);
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity");
        var location = entity.FindProperty("Location")?.GetColumnName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no Location");
        var id = entity.FindProperty("Id")!.GetColumnName();

        List<string> conditions = [];
        List<object> values = [];
        if (spatial.Within is { } within)
        {
            conditions.Add($"ST_CoveredBy({location}::geometry, {{{values.Count}}})");
            values.Add(within);
        }

        if (spatial.Intersects is { } intersects)
        {
            conditions.Add($"ST_Intersects({location}::geometry, {{{values.Count}}})");
            values.Add(intersects);
        }

        if (spatial.Near is { } point)
        {
            // On the geography column itself EF can say it: ST_DWithin(location, @point, @meters)
            // with the point typed as geography (metres on the spheroid, the column's GiST index),
            // in the statement's own WHERE rather than as an id subquery joined back to the table.
            var meters = spatial.Meters;
            rows = rows.Where(r => EF.Property<Point>(r, "Location").IsWithinDistance(point, meters));
        }

        if (conditions.Count == 0)
        {
            return rows;
        }

        var sql = FormattableStringFactory.Create(
            $"SELECT {id} AS \"Value\" FROM {entity.GetTableName()} WHERE {string.Join(" AND ", conditions)}", [.. values]);
        var located = db.Database.SqlQuery<int>(sql);
        return rows.Where(r => located.Contains(EF.Property<int>(r, "Id")));
    }
}
