using System.Globalization;
using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using NetTopologySuite.Geometries;

namespace GeoHub.GraphQL;

/// <summary>A point and a radius, as the connections' <c>near</c> filters take them.</summary>
public sealed class NearFilter
{
    public JsonElement Point { get; set; }
    public double Meters { get; set; }
}

public sealed class NearFilterType : InputObjectGraphType<NearFilter>
{
    public NearFilterType()
    {
        Name = "NearFilter";
        Description = "Within this many metres (on the WGS 84 spheroid, inclusive) of a point.";
        Field<NonNullGraphType<GeoJsonScalar>>("point").Description("A GeoJSON Point, longitude/latitude in WGS 84.");
        Field<NonNullGraphType<FloatGraphType>>("meters").Description($"Metres, more than 0 and at most {SpatialArguments.MaxMeters:N0}.");
    }
}

/// <summary>Checks the distance and count arguments shared by the spatial fields, once, with coded errors.</summary>
public static class SpatialArguments
{
    /// <summary>A radius beyond this would make a "nearby" question scan a whole city.</summary>
    public const double MaxMeters = 50_000;
    /// <summary>
    /// "Within" is inclusive: a row at exactly withinMeters is in. ST_DWithin and ST_Distance
    /// round differently (ST_DWithin(a, b, ST_Distance(a, b)) is false for some pairs, off by
    /// about 1e-9 m), so radii are widened by a tenth of a millimetre, far below survey accuracy.
    /// </summary>
    public const double InclusiveSlackMeters = 1e-4;

    public const int DefaultFirst = 10;
    public const int MaxFirst = 100;

    public static double Meters(double meters, string argument) =>
        meters is > 0 and <= MaxMeters
            ? meters
            : throw GraphQLErrors.InvalidArgument(string.Create(CultureInfo.InvariantCulture,
                $"{argument} must be more than 0 and at most {MaxMeters} metres, not {meters}."));

    public static int First(IResolveFieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var first = context.GetArgument<int?>("first") ?? DefaultFirst;
        return first is >= 1 and <= MaxFirst
            ? first
            : throw GraphQLErrors.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"first must be 1 to {MaxFirst}, not {first}."));
    }

    /// <summary>A checked near filter: the point read, and the radius in range and widened by <see cref="InclusiveSlackMeters"/>.</summary>
    public static (Point Point, double Meters)? Near(NearFilter? near, string argument) =>
        near is null ? null : (GeoJson.ReadPoint(near.Point, argument + ".point"), Meters(near.Meters, argument + ".meters") + InclusiveSlackMeters);
}
