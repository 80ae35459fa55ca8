using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.CoBuilding;
using GeoHub.Committees;
using GeoHub.Compounds;
using GeoHub.Organizations;
using GeoHub.Venues;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.GraphQL;

public static class NodeQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NodeInterface>("node").Public()
            .Description("Any object by its global id; null when no such object exists.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve(context => Load(context, context.GetArgument<string>("id")));

        query.Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes").Public()
            .Description("Objects by global id, in the order given (null where none exists).")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids")
            .ResolveAsync(async context =>
            {
                var pending = context.GetArgument<List<string>>("ids").Select(id => Load(context, id)).ToList();
                List<object?> found = [];
                foreach (var result in pending)
                {
                    found.Add(await result.GetResultAsync(context.CancellationToken));
                }

                return found;
            });
    }

    /// <summary>Every type that implements Node; an id of any other type is an INVALID_ID error.</summary>
    private static global::GraphQL.DataLoader.IDataLoaderResult Load(IResolveFieldContext context, string globalId)
    {
        if (!GlobalId.TryDecode(globalId, out var type, out var id))
        {
            throw new ExecutionError($"'{globalId}' is not a GeoHub id.") { Code = ErrorCodes.InvalidId };
        }

        return type switch
        {
            "Area" => context.LoadById<Area>(id),
            "Compound" => context.LoadById<Compound>(id),
            "Building" => context.LoadById<Building>(id),
            "Stairwell" => context.LoadById<Stairwell>(id),
            "PropertyCompany" => context.LoadById<PropertyCompany>(id),
            "PartyOrganization" => context.LoadById<PartyOrganization>(id),
            "PartyGroup" => context.LoadById<PartyGroup>(id),
            "PartyMember" => context.LoadById<PartyMember>(id),
            "PartyRole" => context.LoadById<PartyRole>(id),
            "Meeting" => context.LoadById<Meeting>(id),
            "OwnersCommittee" => context.LoadById<OwnersCommittee>(id),
            "CommitteeSeat" => context.LoadById<CommitteeSeat>(id),
            "Venue" => context.LoadById<Venue>(id),
            "Booking" => context.LoadById<Booking>(id),
            "OfficeSpace" => context.LoadById<OfficeSpace>(id),
            "CoBuildingUnit" => context.LoadById<CoBuildingUnit>(id),
            "Agreement" => context.LoadById<Agreement>(id),
            "Project" => context.LoadById<Project>(id),
            "Activity" => context.LoadById<Activity>(id),
            _ => throw new ExecutionError($"'{globalId}' names no GeoHub type.") { Code = ErrorCodes.InvalidId },
        };
    }
}
