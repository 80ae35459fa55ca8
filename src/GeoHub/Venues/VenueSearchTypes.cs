using GeoHub.Access;
using GeoHub.Compounds;
using GraphQL.Types;

namespace GeoHub.Venues;

/// <summary>A venue free over the asked period, at a distance from the asked point.</summary>
public sealed record VacantVenue(Venue Venue, double DistanceMeters);

/// <summary>A compound farther than the asked distance from every venue.</summary>
public sealed record VenueGap(Compound Compound, int Households, double? DistanceMeters, Venue? NearestVenue, IReadOnlyList<OfficeSpace> CandidateOfficeSpaces);

public sealed class VacantVenueType : ObjectGraphType<VacantVenue>
{
    public VacantVenueType()
    {
        Name = "VacantVenue";
        Field(v => v.DistanceMeters).Public().Description("Metres on the WGS 84 spheroid from the asked point.");
        Field<NonNullGraphType<VenueType>>("venue").Public().Resolve(context => context.Source.Venue);
    }
}

public sealed class VenueGapType : ObjectGraphType<VenueGap>
{
    public VenueGapType()
    {
        Name = "VenueGap";
        Field(g => g.Households).Public();
        Field(g => g.DistanceMeters, nullable: true).Public().Description("Metres to the nearest venue; null when there is no venue at all.");
        Field<NonNullGraphType<CompoundType>>("compound").Public().Resolve(context => context.Source.Compound);
        Field<VenueType>("nearestVenue").Public().Resolve(context => context.Source.NearestVenue);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OfficeSpaceType>>>>("candidateOfficeSpaces").Public()
            .Description("Vacant office space within the distance of the compound that could close the gap.")
            .Resolve(context => context.Source.CandidateOfficeSpaces);
    }
}
