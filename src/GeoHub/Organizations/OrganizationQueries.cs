using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.Common;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.Organizations;

public sealed class MeetingFilter
{
    public string? AreaCode { get; set; }
    public string? OrganizationId { get; set; }
    public MeetingKind? Kind { get; set; }
    public int? Year { get; set; }
}

public sealed class MeetingFilterType : InputObjectGraphType<MeetingFilter>
{
    public MeetingFilterType()
    {
        Name = "MeetingFilter";
        Description = "Every condition given must hold.";
        Field(f => f.AreaCode, nullable: true).Description("Only meetings of organisations in a community of this area (any level).");
        Field(f => f.OrganizationId, type: typeof(IdGraphType)).Description("Only meetings of this party organisation.");
        Field(f => f.Kind, type: typeof(MeetingKindType));
        Field(f => f.Year, nullable: true).Description("Only meetings held in this calendar year.");
    }
}

public static class OrganizationQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<PartyOrganizationType, PartyOrganization>>>("partyOrganizations").Public()
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
                        var active = db.PartyOrganizations.Where(ActiveOn.Where<PartyOrganization>(o => o.FormedOn, o => o.DissolvedOn, day));
                        return active.InAreas(path is null ? [] : [path], o => o.Community);
                    },
                    [SortKey.Of<PartyOrganization, string>("code", o => o.Code)],
                    o => o.Id);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<MeetingType, Meeting>>>("meetings").Internal(DataKind.Meetings)
            .Description("三会一课 meetings matching a filter, by id.")
            .Argument<MeetingFilterType>("where")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<MeetingFilter?>("where");
                var organizationId = filter?.OrganizationId is { } id ? GlobalId.Decode(id, "PartyOrganization") : (int?)null;
                if (filter?.Year is { } year && DateSpan.Of(context) is var span && !span.ContainsYear(year))
                {
                    throw GraphQLErrors.InvalidArgument("where." + span.DescribeYear(year));
                }

                var paths = await AreaQueries.PathsOfAsync(context, filter?.AreaCode);
                return await context.PageAsync(
                    db =>
                    {
                        var meetings = db.Meetings.InAreas(paths, m => m.Organization!.Community);
                        meetings = organizationId is { } organization ? meetings.Where(m => m.OrganizationId == organization) : meetings;
                        meetings = filter?.Kind is { } kind ? meetings.Where(m => m.Kind == kind) : meetings;
                        if (filter?.Year is { } year)
                        {
                            var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
                            meetings = meetings.Where(m => m.HeldOn >= from && m.HeldOn <= to);
                        }

                        return meetings;
                    },
                    [], m => m.Id);
            });
    }
}
