using GeoHub.Access;
using GeoHub.Common;
using GeoHub.Compounds;
using GeoHub.GraphQL;
using GeoHub.Organizations;
using GraphQL.Types;

namespace GeoHub.Committees;

public sealed class SeatRoleType : EnumerationGraphType<SeatRole>
{
    public SeatRoleType() => Name = "SeatRole";
}

public sealed class OwnersCommitteeType : NodeGraphType<OwnersCommittee>
{
    public OwnersCommitteeType()
        : base("OwnersCommittee", c => c.Id, "A compound's owners' committee (业委会).")
    {
        Field(x => x.Version).Public().Description("Changes with every write to the record; give it back to change the record (STALE_VERSION when it moved on).");
        Field(c => c.Name).Public();
        Field<NonNullGraphType<DateScalar>>("formedOn").Public().Resolve(context => context.Source.FormedOn);
        Field<DateScalar>("dissolvedOn").Public().Resolve(context => context.Source.DissolvedOn);
        Field(c => c.FormedUnderPartyLead).Public().Description("Formed under the party organisation's lead.");
        Field<NonNullGraphType<BooleanGraphType>>("red").Public()
            .Description("红色业委会: formed under the party organisation's lead, active, with party members seated, as of the date given (default today).")
            .Argument<DateScalar>("asOf")
            .Resolve(context =>
            {
                var day = AsOf.From(context);
                var committee = context.Source;
                var active = ActiveOn.Holds(committee.FormedOn, committee.DissolvedOn, day);
                // An aggregate, public to every caller (it names nobody): read from all the seats,
                // not only those the caller may see.
                return context.LoadAll(new AllSeatsByCommitteeId(), committee.Id)
                    .Then(seats => active && committee.FormedUnderPartyLead && seats.Any(s => s.PartyMemberId is not null && Seated(s, day)));
            });
        Field<NonNullGraphType<CompoundType>>("compound").Public().Resolve(context => context.LoadById<Compound>(context.Source.CompoundId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CommitteeSeatType>>>>("seats").Internal(DataKind.CommitteeSeats)
            .Description("Seats held as of the date given (default today).")
            .Argument<DateScalar>("asOf")
            .Resolve(context =>
            {
                var day = AsOf.From(context);
                return context.LoadAll(new SeatsByCommitteeId(), context.Source.Id)
                    .Then(seats => seats.Where(s => Seated(s, day)).OrderBy(s => s.Role).ThenBy(s => s.Id).ToList());
            });
    }

    private static bool Seated(CommitteeSeat seat, DateOnly day) => ActiveOn.Holds(seat.From, seat.Until, day);
}

public sealed class CommitteeSeatType : NodeGraphType<CommitteeSeat>
{
    public CommitteeSeatType()
        : base("CommitteeSeat", s => s.Id, "A seat on an owners' committee.")
    {
        Field(x => x.Version).Internal(DataKind.CommitteeSeats).Description("Changes with every write to the record; give it back to change the record (STALE_VERSION when it moved on).");
        Field<NonNullGraphType<SeatRoleType>>("role").Internal(DataKind.CommitteeSeats).Resolve(context => context.Source.Role);
        Field(s => s.HolderName).Personal(DataKind.CommitteeSeats).Description("Personal data.");
        Field<NonNullGraphType<DateScalar>>("from").Internal(DataKind.CommitteeSeats).Resolve(context => context.Source.From);
        Field<DateScalar>("until").Internal(DataKind.CommitteeSeats).Resolve(context => context.Source.Until);
        Field<PartyMemberType>("partyMember").Internal(DataKind.PartyMembers).Resolve(context => context.Source.PartyMemberId is { } id ? context.LoadById<PartyMember>(id) : null);
        Field<NonNullGraphType<OwnersCommitteeType>>("committee").Internal(DataKind.CommitteeSeats).Resolve(context => context.LoadById<OwnersCommittee>(context.Source.CommitteeId));
    }
}
