using GeoHub.CoBuilding;
using GeoHub.Committees;
using GeoHub.Compounds;
using GeoHub.Organizations;
using GeoHub.Venues;
using GraphQL.Types;

namespace GeoHub.GraphQL;

/// <summary>The root mutation: each topic adds its own fields.</summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        CompoundMutations.AddTo(this);
        BookingMutations.AddTo(this);
        OrganizationMutations.AddTo(this);
        MemberMutations.AddTo(this);
        CommitteeMutations.AddTo(this);
        CoBuildingMutations.AddTo(this);
        VenueMutations.AddTo(this);
    }
}
