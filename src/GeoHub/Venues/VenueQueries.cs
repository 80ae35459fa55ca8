using GeoHub.Areas;
using GeoHub.Compounds;
using GeoHub.Data;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.Venues;

public sealed class OfficeSpaceFilter
{
    public string? AreaCode { get; set; }
    public bool? Vacant { get; set; }
    public NearFilter? Near { get; set; }
    public DateOnly? AddedFrom { get; set; }
    public DateOnly? AddedTo { get; set; }
}

public sealed class OfficeSpaceFilterType : InputObjectGraphType<OfficeSpaceFilter>
{
    public OfficeSpaceFilterType()
    {
        Name = "OfficeSpaceFilter";
        Description = "Every condition given must hold.";
        Field(f => f.AreaCode, nullable: true).Description("Only office space in this area (any level: city, district, street, community).");
        Field(f => f.Vacant, nullable: true).Description("true: not assigned as of today; false: assigned on or before today.");
        Field(f => f.Near, type: typeof(NearFilterType)).Description("Within the distance of a point (metres on the WGS 84 spheroid, inclusive).");
        Field(f => f.AddedFrom, nullable: true).Description("Added on or after this day.");
        Field(f => f.AddedTo, nullable: true).Description("Added on or before this day.");
    }
}

public static class VenueQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<VenueType, Venue>>>("venues")
            .Description("Venues, optionally in an area and near a point, by id.")
            .Argument<StringGraphType>("areaCode")
            .Argument<NearFilterType>("near", "Within the distance of a point (metres on the WGS 84 spheroid, inclusive).")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var path = context.GetArgument<string?>("areaCode") is { } code ? await AreaQueries.PathOfAsync(context, code) : null;
                var near = SpatialArguments.Near(context.GetArgument<NearFilter?>("near"), "near");
                return await context.PageAsync(
                    db =>
                    {
                        IQueryable<Venue> venues = db.Venues;
                        venues = path is null ? venues : venues.Where(v => v.Area!.Path == path || v.Area.Path.StartsWith(path + "/"));
                        // IsWithinDistance on a geography column is ST_DWithin on the spheroid, using the GiST index.
                        return near is (var point, var meters) ? venues.Where(v => v.Location.IsWithinDistance(point, meters)) : venues;
                    },
                    [], v => v.Id);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<OfficeSpaceType, OfficeSpace>>>("officeSpaces")
            .Description("Office space matching a filter, by id. areaCode is kept for older clients; where.areaCode does the same.")
            .Argument<StringGraphType>("areaCode")
            .Argument<OfficeSpaceFilterType>("where")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<OfficeSpaceFilter?>("where");
                var near = SpatialArguments.Near(filter?.Near, "where.near");
                var paths = new List<string>();
                foreach (var code in new[] { context.GetArgument<string?>("areaCode"), filter?.AreaCode }.OfType<string>())
                {
                    paths.Add(await AreaQueries.PathOfAsync(context, code));
                }

                var today = AsOf.Today;
                return await context.PageAsync(db => Filter(db, filter, paths, near, today), [], o => o.Id);
            });
    }

    private static IQueryable<OfficeSpace> Filter(GeoHubDb db, OfficeSpaceFilter? filter, List<string> paths, (NetTopologySuite.Geometries.Point Point, double Meters)? near, DateOnly today)
    {
        IQueryable<OfficeSpace> spaces = db.OfficeSpaces;
        foreach (var path in paths)
        {
            spaces = spaces.Where(o => o.Area!.Path == path || o.Area.Path.StartsWith(path + "/"));
        }

        if (near is (var point, var meters))
        {
            spaces = spaces.Where(o => o.Location.IsWithinDistance(point, meters));
        }

        spaces = filter?.Vacant switch
        {
            true => spaces.Where(o => o.AssignedOn == null || o.AssignedOn > today),
            false => spaces.Where(o => o.AssignedOn <= today),
            null => spaces,
        };
        if (filter?.AddedFrom is { } from)
        {
            spaces = spaces.Where(o => o.AddedOn >= from);
        }

        if (filter?.AddedTo is { } to)
        {
            spaces = spaces.Where(o => o.AddedOn <= to);
        }

        return spaces;
    }
}
