using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace GeoHub.GraphQL;

/// <summary>
/// What a field weighs in <see cref="OperationCost"/>, kept in the field's metadata beside its
/// resolver. Weights follow the work a field causes: one row read is 1; a field that scans an
/// area's compounds or searches around each of them weighs what that costs next to a row.
/// </summary>
public static class FieldCosts
{
    private const string Key = "geohub:cost";

    public static FieldBuilder<TSource, TReturn> Cost<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, double weight)
    {
        ArgumentNullException.ThrowIfNull(field);
        field.FieldType.WithMetadata(Key, (Func<CostArguments, double>)(_ => weight));
        return field;
    }

    /// <summary>A weight that depends on the field's arguments (an area's level, a distance).</summary>
    public static FieldBuilder<TSource, TReturn> Cost<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, Func<CostArguments, double> weight)
    {
        ArgumentNullException.ThrowIfNull(field);
        field.FieldType.WithMetadata(Key, weight);
        return field;
    }

    /// <summary>
    /// How many compounds an area code stands for, next to a community's (GB/T 2260 codes: a
    /// city ends in 00, a district is any other six digits, a street's 12 digits end in 000);
    /// what scans an area's compounds weighs its base times this. An unknown code is NOT_FOUND
    /// after one lookup, so it weighs as a community.
    /// </summary>
    public static double AreaScale(string? code) => code switch
    {
        { Length: 6 } when code.EndsWith("00", StringComparison.Ordinal) => 1000,
        { Length: 6 } => 100,
        { Length: 12 } when code.EndsWith("000", StringComparison.Ordinal) => 10,
        _ => 1,
    };

    public static double WeightOf(FieldType field, CostArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.GetMetadata<Func<CostArguments, double>>(Key) is { } weight ? weight(arguments) : 1;
    }
}
