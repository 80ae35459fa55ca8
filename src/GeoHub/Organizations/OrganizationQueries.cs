using GeoHub.Areas;
using GeoHub.Compounds;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.Organizations;

public static class OrganizationQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<PartyOrganizationType, PartyOrganization>>>("partyOrganizations")
            .Description("Compound party organisations active on asOf (default today), optionally in an area, by code.")
            .Argument<StringGraphType>("areaCode")
            .Argument<DateScalar>("asOf")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var path = context.GetArgument<string?>("areaCode") is { } code ? await AreaQueries.PathOfAsync(context, code) : null;
                var day = AsOf.From(context);
                return await context.PageAsync(
                    db =>
                    {
                        var active = db.PartyOrganizations.Where(o => o.FormedOn <= day && (o.DissolvedOn == null || o.DissolvedOn > day));
                        return path is null ? active : active.Where(o => o.Community!.Path == path || o.Community.Path.StartsWith(path + "/"));
                    },
                    [SortKey.Of<PartyOrganization, string>("code", o => o.Code)],
                    o => o.Id);
            });
    }
}
