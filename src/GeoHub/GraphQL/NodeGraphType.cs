using GeoHub.Access;
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
    protected NodeGraphType(string name, Func<T, int> idOf, string description)
    {
        Name = name;
        Description = description;
        Interface<NodeInterface>();
        IsTypeOf = value => value is T;
        Field<NonNullGraphType<IdGraphType>>("id").Public().Resolve(context => GlobalId.Encode(name, idOf(context.Source)));
    }
}
