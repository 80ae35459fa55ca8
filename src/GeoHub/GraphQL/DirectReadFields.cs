using System.Linq.Expressions;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace GeoHub.GraphQL;

/// <summary>What a root field lets <see cref="DirectReads"/> answer without GraphQL.NET's execution.</summary>
public enum DirectRootKind
{
    /// <summary>One row by its global id (an <c>id: ID!</c> argument); null is never answered directly.</summary>
    ById,

    /// <summary>A connection page by id, <c>first</c> only, optionally <c>where: { near: { point, meters } }</c> on the row's Location.</summary>
    PageById,
}

/// <summary>The declaration a topic puts on a root field beside its resolver (see <see cref="DirectReadFields"/>).</summary>
public sealed record DirectRoot(DirectRootKind Kind, Type Row, bool Near);

/// <summary>
/// The marks topics put on their fields so that <see cref="DirectReads"/> may answer the simplest
/// reads itself. Each sits beside the resolver it must agree with, and the differential tests
/// compare both answers (tests/GeoHub.Tests/GraphQL/DirectReadsTests).
/// </summary>
public static class DirectReadFields
{
    public const string RootKey = "geohub.direct.root";

    /// <summary>Set by <see cref="Column"/>: the row property the field returns as it is.</summary>
    public const string ColumnKey = "geohub.direct.column";

    /// <summary>GraphQL.NET's own mark on an expression field, <c>Field(x => x.Name)</c>: the property it reads.</summary>
    public const string ExpressionPropertyKey = "ORIGINAL_EXPRESSION_PROPERTY_NAME";

    /// <summary>The root field looks a row up by global id, as <see cref="DirectRootKind.ById"/> says.</summary>
    public static FieldBuilder<TSource, TReturn> DirectById<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, Type row) =>
        field.Mark(new DirectRoot(DirectRootKind.ById, row, Near: false));

    /// <summary>The root field pages rows by id, as <see cref="DirectRootKind.PageById"/> says; <paramref name="near"/>: where.near reads the row's Location.</summary>
    public static FieldBuilder<TSource, TReturn> DirectPage<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, Type row, bool near) =>
        field.Mark(new DirectRoot(DirectRootKind.PageById, row, near));

    /// <summary>
    /// The field's value is the row's property as it is: this sets the resolver and marks the
    /// property, so the two cannot disagree. (Expression fields, <c>Field(x => x.Name)</c>, are
    /// marked by GraphQL.NET itself.)
    /// </summary>
    public static FieldBuilder<TSource, object> Column<TSource, TValue>(this FieldBuilder<TSource, object> field, Expression<Func<TSource, TValue>> property)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(property);
        if (property.Body is not MemberExpression { Expression: ParameterExpression } member)
        {
            throw new ArgumentException("a column is a property of the row", nameof(property));
        }

        var read = property.Compile();
        field.FieldType.WithMetadata(ColumnKey, member.Member.Name);
        return field.Resolve(context => read(context.Source));
    }

    /// <summary>The row property a field returns as it is, or null when it computes its value.</summary>
    public static string? PropertyOf(FieldType field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.GetMetadata<string?>(ColumnKey) ?? field.GetMetadata<string?>(ExpressionPropertyKey);
    }

    private static FieldBuilder<TSource, TReturn> Mark<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, DirectRoot root)
    {
        ArgumentNullException.ThrowIfNull(field);
        field.FieldType.WithMetadata(RootKey, root);
        return field;
    }
}
