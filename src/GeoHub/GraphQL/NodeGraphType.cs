using System.Linq.Expressions;
using GeoHub.Access;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.GraphQL;

/// <summary>Anything with a global id; <c>node(id:)</c> fetches any of them.</summary>
public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "An object with an opaque global id.";
        Field<NonNullGraphType<IdGraphType>>("id").Public().Description("Opaque global id; node(id:) resolves it.");
    }
}

/// <summary>An object type that implements Node; its global id carries the type name.</summary>
public abstract class NodeGraphType<T> : ObjectGraphType<T>
{
    /// <param name="name">The type's name, which its global ids carry.</param>
    /// <param name="idOf">The row's key property (its name is kept on the id field for <see cref="DirectReads"/>).</param>
    /// <param name="description">The type's description.</param>
    protected NodeGraphType(string name, Expression<Func<T, int>> idOf, string description)
    {
        ArgumentNullException.ThrowIfNull(idOf);
        Name = name;
        Description = description;
        Interface<NodeInterface>();
        IsTypeOf = value => value is T;
        var id = idOf.Compile();
        var field = Field<NonNullGraphType<IdGraphType>>("id").Public().Resolve(context => GlobalId.Encode(name, id(context.Source)));
        if (idOf.Body is MemberExpression { Expression: ParameterExpression } member)
        {
            field.FieldType.WithMetadata(NodeGraphType.IdPropertyKey, member.Member.Name);
        }
    }
}

public static class NodeGraphType
{
    /// <summary>Metadata of a node type's id field: the row property its global id encodes.</summary>
    public const string IdPropertyKey = "geohub.node.idProperty";
}
