using GeoHub.Areas;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.Venues;

public static class VenueQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<VenueType, Venue>>>("venues")
            .Description("Venues, optionally in an area, by id.")
            .Argument<StringGraphType>("areaCode")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var path = context.GetArgument<string?>("areaCode") is { } code ? await AreaQueries.PathOfAsync(context, code) : null;
                return await context.PageAsync(
                    db => path is null ? db.Venues : db.Venues.Where(v => v.Area!.Path == path || v.Area.Path.StartsWith(path + "/")),
                    [], v => v.Id);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<OfficeSpaceType, OfficeSpace>>>("officeSpaces")
            .Description("Office space, optionally in an area, by id.")
            .Argument<StringGraphType>("areaCode")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var path = context.GetArgument<string?>("areaCode") is { } code ? await AreaQueries.PathOfAsync(context, code) : null;
                return await context.PageAsync(
                    db => path is null ? db.OfficeSpaces : db.OfficeSpaces.Where(o => o.Area!.Path == path || o.Area.Path.StartsWith(path + "/")),
                    [], o => o.Id);
            });
    }
}
