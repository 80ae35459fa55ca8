using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.Common;
using GeoHub.Compounds;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.Organizations;

public sealed class OrganizationKindType : EnumerationGraphType<OrganizationKind>
{
    public OrganizationKindType() => Name = "OrganizationKind";
}

public sealed class FormationType : EnumerationGraphType<Formation>
{
    public FormationType()
    {
        Name = "Formation";
        Description = "STANDALONE: one compound; JOINT: several neighbouring compounds (联合组建).";
    }
}

public sealed class MemberCategoryType : EnumerationGraphType<MemberCategory>
{
    public MemberCategoryType() => Name = "MemberCategory";
}

public sealed class CadreRankType : EnumerationGraphType<CadreRank>
{
    public CadreRankType()
    {
        Name = "CadreRank";
        Description = "DEPARTMENT 厅级, DIVISION 处级, SECTION 科级.";
    }
}

public sealed class RoleKindType : EnumerationGraphType<RoleKind>
{
    public RoleKindType() => Name = "RoleKind";
}

public sealed class MeetingKindType : EnumerationGraphType<MeetingKind>
{
    public MeetingKindType()
    {
        Name = "MeetingKind";
        Description = "三会一课: branch committee 支委会, party group 党小组会, general assembly 党员大会, party lecture 党课.";
    }
}

public sealed class PartyOrganizationType : NodeGraphType<PartyOrganization>
{
    public PartyOrganizationType()
        : base("PartyOrganization", o => o.Id, "A compound's \"兼合式\" party organisation.")
    {
        Field(x => x.Version).Public().Description("Changes with every write to the record; give it back to change the record (STALE_VERSION when it moved on).");
        Field(o => o.Code).Public();
        Field(o => o.Name).Public();
        Field<NonNullGraphType<OrganizationKindType>>("kind").Public().Resolve(context => context.Source.Kind);
        Field<NonNullGraphType<FormationType>>("formation").Public().Resolve(context => context.Source.Formation);
        Field<NonNullGraphType<DateScalar>>("formedOn").Public().Resolve(context => context.Source.FormedOn);
        Field<DateScalar>("dissolvedOn").Public().Resolve(context => context.Source.DissolvedOn);
        Field<NonNullGraphType<FloatGraphType>>("startupFundingYuan").Public().Resolve(context => (double)context.Source.StartupFundingYuan);
        Field<NonNullGraphType<AreaType>>("community").Public().Resolve(context => context.LoadById<Area>(context.Source.CommunityId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CompoundType>>>>("compounds").Public()
            .Description("The compounds it covers as of the date given (default today).")
            .Argument<DateScalar>("asOf")
            .Resolve(context =>
            {
                return context.LoadAll(new CoveredCompoundsByOrganizationId(AsOf.From(context)), context.Source.Id)
                    .Then(links => links.Select(l => l.Compound!).ToList());
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeetingType>>>>("meetings").Internal(DataKind.Meetings)
            .Description("三会一课 held in a year, by day.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Resolve(context =>
            {
                var year = context.GetArgument<int>("year");
                if (year is < 1 or > 9999)
                {
                    throw GraphQLErrors.InvalidArgument($"year {year} is out of range.");
                }

                return context.LoadAll(new MeetingsByOrganizationId(year), context.Source.Id);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PartyGroupType>>>>("partyGroups").Internal(DataKind.PartyGroups)
            .Resolve(context => context.LoadAll(new PartyGroupsByOrganizationId(), context.Source.Id));
    }
}

public sealed class PartyGroupType : NodeGraphType<PartyGroup>
{
    public PartyGroupType()
        : base("PartyGroup", g => g.Id, "A building (stairwell) party group (楼栋(梯)党小组).")
    {
        Field(g => g.Name).Internal(DataKind.PartyGroups);
        Field<NonNullGraphType<DateScalar>>("formedOn").Internal(DataKind.PartyGroups).Resolve(context => context.Source.FormedOn);
        Field<NonNullGraphType<PartyOrganizationType>>("organization").Internal(DataKind.PartyGroups).Resolve(context => context.LoadById<PartyOrganization>(context.Source.OrganizationId));
        Field<BuildingType>("building").Internal(DataKind.PartyGroups).Resolve(context => context.Source.BuildingId is { } id ? context.LoadById<Building>(id) : null);
    }
}

public sealed class PartyMemberType : NodeGraphType<PartyMember>
{
    public PartyMemberType()
        : base("PartyMember", m => m.Id, "A resident party member (居民党员). The phone number is personal data and is not served; names are personal data too, so there is no root listing of members or committee seats (reach them through a compound or organisation) until access control comes.")
    {
        Field(x => x.Version).Internal(DataKind.PartyMembers).Description("Changes with every write to the record; give it back to change the record (STALE_VERSION when it moved on).");
        Field(m => m.Name).Personal(DataKind.PartyMembers).Description("Personal data.");
        Field<NonNullGraphType<MemberCategoryType>>("category").Internal(DataKind.PartyMembers).Resolve(context => context.Source.Category);
        Field<CadreRankType>("cadreRank").Internal(DataKind.PartyMembers).Resolve(context => context.Source.CadreRank);
        Field(m => m.WorkUnit, nullable: true).Personal(DataKind.PartyMembers);
        Field<DateScalar>("reportedOn").Internal(DataKind.PartyMembers).Description("When an in-service member reported back to the compound (回小区报到).").Resolve(context => context.Source.ReportedOn);
        Field<DateScalar>("registeredOn").Internal(DataKind.PartyMembers).Description("When the member was registered in this compound (null: before the records began).").Resolve(context => context.Source.RegisteredOn);
        Field<DateScalar>("leftOn").Internal(DataKind.PartyMembers).Description("The first day the member no longer lives here (moved or left).").Resolve(context => context.Source.LeftOn);
        Field<NonNullGraphType<CompoundType>>("compound").Internal(DataKind.PartyMembers).Resolve(context => context.LoadById<Compound>(context.Source.CompoundId));
        Field<BuildingType>("building").Internal(DataKind.PartyMembers).Resolve(context => context.Source.BuildingId is { } id ? context.LoadById<Building>(id) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PartyRoleType>>>>("roles").Internal(DataKind.PartyRoles)
            .Resolve(context => context.LoadAll(new RolesByMemberId(), context.Source.Id));
    }
}

public sealed class PartyRoleType : NodeGraphType<PartyRole>
{
    public PartyRoleType()
        : base("PartyRole", r => r.Id, "A role a member holds in a compound organisation, over a period.")
    {
        Field(x => x.Version).Internal(DataKind.PartyRoles).Description("Changes with every write to the record; give it back to change the record (STALE_VERSION when it moved on).");
        Field<NonNullGraphType<RoleKindType>>("kind").Internal(DataKind.PartyRoles).Resolve(context => context.Source.Kind);
        Field<NonNullGraphType<DateScalar>>("from").Internal(DataKind.PartyRoles).Resolve(context => context.Source.From);
        Field<DateScalar>("until").Internal(DataKind.PartyRoles).Resolve(context => context.Source.Until);
        Field<NonNullGraphType<PartyMemberType>>("member").Internal(DataKind.PartyMembers).Resolve(context => context.LoadById<PartyMember>(context.Source.MemberId));
        Field<NonNullGraphType<PartyOrganizationType>>("organization").Internal(DataKind.PartyRoles).Resolve(context => context.LoadById<PartyOrganization>(context.Source.OrganizationId));
        Field<PartyGroupType>("partyGroup").Internal(DataKind.PartyGroups).Resolve(context => context.Source.PartyGroupId is { } id ? context.LoadById<PartyGroup>(id) : null);
    }
}

public sealed class MeetingType : NodeGraphType<Meeting>
{
    public MeetingType()
        : base("Meeting", m => m.Id, "A 三会一课 meeting.")
    {
        Field<NonNullGraphType<MeetingKindType>>("kind").Internal(DataKind.Meetings).Resolve(context => context.Source.Kind);
        Field<NonNullGraphType<DateScalar>>("heldOn").Internal(DataKind.Meetings).Resolve(context => context.Source.HeldOn);
        Field(m => m.Topic, nullable: true).Internal(DataKind.Meetings);
        Field(m => m.Attendees).Internal(DataKind.Meetings);
        Field<NonNullGraphType<PartyOrganizationType>>("organization").Internal(DataKind.Meetings).Resolve(context => context.LoadById<PartyOrganization>(context.Source.OrganizationId));
    }
}
