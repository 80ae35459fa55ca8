using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace GeoHub.Access;

/// <summary>What a field serves, which decides who may read it.</summary>
public enum AccessClass
{
    /// <summary>Public data (the first row of the roles table), or structure whose parent field decided.</summary>
    Public,

    /// <summary>Internal data of a kind: FORBIDDEN to a caller with no right to the kind anywhere.</summary>
    Internal,

    /// <summary>Personal text of an item of a kind: masked unless the caller may read it there.</summary>
    Personal,

    /// <summary>A write: FORBIDDEN to callers who may write nowhere; the resolver checks the area.</summary>
    Write,
}

/// <summary>A field's access class, kept as field metadata and read by <see cref="AccessSchemaVisitor"/>.</summary>
public sealed record FieldAccess(AccessClass Class, DataKind? Kind = null)
{
    public const string MetadataKey = "geohub.access";

    public static FieldAccess? Of(FieldType field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.GetMetadata<FieldAccess?>(MetadataKey);
    }
}

/// <summary>One call per field: <c>Field(...).Public()</c>, <c>.Internal(DataKind.Meetings)</c>, <c>.Personal(...)</c>, <c>.Write()</c>.</summary>
public static class FieldAccessExtensions
{
    public static FieldBuilder<TSource, TReturn> Public<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.Access(new FieldAccess(AccessClass.Public));

    public static FieldBuilder<TSource, TReturn> Internal<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, DataKind kind) =>
        field.Access(new FieldAccess(AccessClass.Internal, kind));

    public static FieldBuilder<TSource, TReturn> Personal<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, DataKind kind) =>
        field.Access(new FieldAccess(AccessClass.Personal, kind));

    public static FieldBuilder<TSource, TReturn> Write<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.Access(new FieldAccess(AccessClass.Write));

    public static FieldType Public(this FieldType field) => field.WithMetadata(FieldAccess.MetadataKey, new FieldAccess(AccessClass.Public));

    private static FieldBuilder<TSource, TReturn> Access<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, FieldAccess access)
    {
        ArgumentNullException.ThrowIfNull(field);
        field.FieldType.WithMetadata(FieldAccess.MetadataKey, access);
        return field;
    }
}
