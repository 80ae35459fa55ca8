using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.BattleMap;
using GeoHub.CoBuilding;
using GeoHub.Compounds;
using GeoHub.Coverage;
using GeoHub.Organizations;
using GeoHub.Venues;
using GraphQL.Types;

namespace GeoHub.GraphQL;

/// <summary>The root query: each topic adds its own fields.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        NodeQueries.AddTo(this);
        AreaQueries.AddTo(this);
        CompoundQueries.AddTo(this);
        BuildingQueries.AddTo(this);
        OrganizationQueries.AddTo(this);
        VenueQueries.AddTo(this);
        CoBuildingQueries.AddTo(this);
        CoverageQueries.AddTo(this);
        ProgressQueries.AddTo(this);
        BattleMapQueries.AddTo(this);
        VacantVenueQueries.AddTo(this);
        VenueGapQueries.AddTo(this);
        AccessQueries.AddTo(this);
    }
}
