using System.Collections;
using System.Globalization;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;

namespace GeoHub.GraphQL;

/// <summary>
/// The cost and depth of the operation a request runs, computed in one pass over the document:
/// each fragment is measured once, at multiplier 1, and a spread adds that measure times the
/// multiplier where it stands. Walking the expansion instead (as GraphQL.NET's analyser does)
/// takes 2ⁿ steps for n fragments that each spread the next twice.
/// <para>
/// A field costs its weight (1 unless it declares one with <see cref="FieldCosts"/>) times
/// the product of the multipliers of the lists around it. A list's multiplier is its
/// <c>first</c>/<c>last</c> argument, else the number of <c>ids</c> it is given, else 20; a
/// connection field multiplies its <c>nodes</c>/<c>edges</c> by its page size (default
/// <see cref="Paging.DefaultPageSize"/>). Introspection costs 1 a field and multiplies nothing:
/// its answer is bounded by the schema. Depth counts data fields and introspection fields apart.
/// </para>
/// </summary>
public static class OperationCost
{
    private const double DefaultListMultiplier = 20;

    /// <summary>
    /// Null when the operation is within the limits, or when it cannot be found (validation then
    /// says why). <paramref name="maxComplexity"/> is the caller's budget, if not the limits' own.
    /// </summary>
    public static ExecutionError? Check(ISchema schema, GraphQLDocument document, string? operationName, Inputs? variables, DocumentLimits limits, double? maxComplexity = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(limits);
        var operation = SelectOperation(document, operationName);
        var root = operation?.Operation switch
        {
            OperationType.Query => schema.Query,
            OperationType.Mutation => schema.Mutation,
            OperationType.Subscription => schema.Subscription,
            _ => null,
        };
        if (operation is null || root is null)
        {
            return null;
        }

        var walker = new Walker(schema, document, operation, variables);
        Measure measure;
        try
        {
            measure = walker.SelectionSet(operation.SelectionSet, root);
        }
        catch (FragmentCycleException cycle)
        {
            return new ExecutionError($"Fragment '{cycle.Name}' spreads itself.") { Code = ErrorCodes.NoFragmentCycles };
        }

        if (measure.DataDepth > limits.MaxDepth || measure.IntrospectionDepth > limits.MaxIntrospectionDepth)
        {
            return new ExecutionError(measure.DataDepth > limits.MaxDepth
                ? $"The query nests fields {measure.DataDepth} deep; the depth limit is {limits.MaxDepth}."
                : $"The introspection query nests {measure.IntrospectionDepth} deep; the depth limit is {limits.MaxIntrospectionDepth}.")
            {
                Code = ErrorCodes.DepthLimit,
            };
        }

        var budget = maxComplexity ?? limits.MaxComplexity;
        return measure.Cost > budget
            ? new ExecutionError($"The query costs {measure.Cost.ToString("G6", CultureInfo.InvariantCulture)}; at most {budget.ToString(CultureInfo.InvariantCulture)} is allowed.") { Code = ErrorCodes.Complexity }
            : null;
    }

    /// <summary>The measure of one operation, for tests and logs.</summary>
    public static (double Cost, int DataDepth, int IntrospectionDepth) MeasureOf(ISchema schema, GraphQLDocument document, string? operationName, Inputs? variables)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(document);
        var operation = SelectOperation(document, operationName) ?? throw new ArgumentException("no such operation", nameof(operationName));
        var root = operation.Operation == OperationType.Mutation ? schema.Mutation! : schema.Query;
        var measure = new Walker(schema, document, operation, variables).SelectionSet(operation.SelectionSet, root);
        return (measure.Cost, measure.DataDepth, measure.IntrospectionDepth);
    }

    private static GraphQLOperationDefinition? SelectOperation(GraphQLDocument document, string? operationName)
    {
        GraphQLOperationDefinition? found = null;
        foreach (var definition in document.Definitions)
        {
            if (definition is not GraphQLOperationDefinition operation)
            {
                continue;
            }

            if (operationName is null)
            {
                if (found is not null)
                {
                    return null;
                }

                found = operation;
            }
            else if (operation.Name?.StringValue == operationName)
            {
                return operation;
            }
        }

        return found;
    }

    private readonly record struct Measure(double Cost, int DataDepth, int IntrospectionDepth);

    private sealed class FragmentCycleException(string name) : Exception
    {
        public string Name { get; } = name;
    }

    private sealed class Walker
    {
        private readonly ISchema schema;
        private readonly Dictionary<string, GraphQLFragmentDefinition> fragments = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Measure> measured = new(StringComparer.Ordinal);
        private readonly HashSet<string> measuring = new(StringComparer.Ordinal);
        private readonly CostArguments.Values values;

        public Walker(ISchema schema, GraphQLDocument document, GraphQLOperationDefinition operation, Inputs? variables)
        {
            this.schema = schema;
            foreach (var definition in document.Definitions)
            {
                if (definition is GraphQLFragmentDefinition fragment)
                {
                    fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
                }
            }

            values = new CostArguments.Values(operation, variables);
        }

        public Measure SelectionSet(GraphQLSelectionSet? set, IGraphType? parent)
        {
            if (set is null || parent is not IComplexGraphType complex)
            {
                // An unknown type or a selection on a leaf: validation reports it; nothing to measure.
                return default;
            }

            double cost = 0;
            int dataDepth = 0, introspectionDepth = 0;
            foreach (var selection in set.Selections)
            {
                var measure = selection switch
                {
                    GraphQLField field => Field(field, complex),
                    GraphQLFragmentSpread spread => Fragment(spread.FragmentName.Name.StringValue),
                    GraphQLInlineFragment inline => SelectionSet(inline.SelectionSet, inline.TypeCondition is { } condition ? schema.AllTypes[condition.Type.Name.StringValue] : complex),
                    _ => default,
                };
                cost += measure.Cost;
                dataDepth = Math.Max(dataDepth, measure.DataDepth);
                introspectionDepth = Math.Max(introspectionDepth, measure.IntrospectionDepth);
            }

            return new Measure(cost, dataDepth, introspectionDepth);
        }

        private Measure Fragment(string name)
        {
            if (measured.TryGetValue(name, out var known))
            {
                return known;
            }

            if (!fragments.TryGetValue(name, out var fragment))
            {
                return default;
            }

            if (!measuring.Add(name))
            {
                throw new FragmentCycleException(name);
            }

            var measure = SelectionSet(fragment.SelectionSet, schema.AllTypes[fragment.TypeCondition.Type.Name.StringValue]);
            measuring.Remove(name);
            measured[name] = measure;
            return measure;
        }

        private Measure Field(GraphQLField field, IComplexGraphType parent)
        {
            var name = field.Name.StringValue;
            if (name == "__typename")
            {
                return new Measure(1, parent.Name.StartsWith("__", StringComparison.Ordinal) ? 0 : 1, 0);
            }

            var introspection = name is "__schema" or "__type" || parent.Name.StartsWith("__", StringComparison.Ordinal);
            var definition = name switch
            {
                "__schema" => schema.SchemaMetaFieldType,
                "__type" => schema.TypeMetaFieldType,
                _ => parent.GetField(name),
            };
            if (definition is null)
            {
                return default;
            }

            var arguments = new CostArguments(field.Arguments, values);
            var children = SelectionSet(field.SelectionSet, Unwrap(definition.ResolvedType));
            if (introspection)
            {
                return new Measure(1 + children.Cost, 0, 1 + children.IntrospectionDepth);
            }

            var weight = FieldCosts.WeightOf(definition, arguments);
            return new Measure(weight + (Multiplier(definition, parent, arguments) * children.Cost), 1 + children.DataDepth, 0);
        }

        private static double Multiplier(FieldType definition, IComplexGraphType parent, CostArguments arguments)
        {
            var type = definition.ResolvedType is NonNullGraphType nonNull ? nonNull.ResolvedType : definition.ResolvedType;
            var pageSize = arguments.Number("first") ?? arguments.Number("last");
            if (type is ListGraphType)
            {
                return pageSize is { } size ? Math.Max(size, 0)
                    : arguments.Count("ids") is { } count ? count
                    : IsConnection(parent) ? 1
                    : DefaultListMultiplier;
            }

            // A connection multiplies its nodes and edges: they are lists of one page.
            return definition.Arguments?.Find("first") is not null && IsConnection(Unwrap(definition.ResolvedType))
                ? Math.Max(pageSize ?? Paging.DefaultPageSize, 0)
                : 1;
        }

        private static bool IsConnection(IGraphType? type) => type is IComplexGraphType complex && complex.GetField("pageInfo") is not null;

        private static IGraphType? Unwrap(IGraphType? type)
        {
            while (type is NonNullGraphType or ListGraphType)
            {
                type = type is NonNullGraphType nonNull ? nonNull.ResolvedType : ((ListGraphType)type).ResolvedType;
            }

            return type;
        }
    }
}

/// <summary>
/// A field's arguments as far as its cost needs them: integers, strings and list lengths,
/// from literals or from the request's variables (their declared defaults included). A value
/// of the wrong type reads as absent; validation refuses it afterwards.
/// </summary>
public readonly struct CostArguments
{
    private readonly GraphQLArguments? arguments;
    private readonly Values values;

    internal CostArguments(GraphQLArguments? arguments, Values values)
    {
        this.arguments = arguments;
        this.values = values;
    }

    public int? Number(string name) => Find(name) switch
    {
        int i => i,
        long l => (int)Math.Clamp(l, int.MinValue, int.MaxValue),
        _ => null,
    };

    public string? Text(string name) => Find(name) as string;

    /// <summary>A Date argument: a literal, or a variable (which the JSON reader may have made a DateTime).</summary>
    public DateOnly? Day(string name) => Find(name) switch
    {
        string text when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) => day,
        DateTime time => DateOnly.FromDateTime(time),
        DateOnly day => day,
        _ => null,
    };

    public int? Count(string name) => Find(name) switch
    {
        ICollection collection => collection.Count,
        _ => null,
    };

    private object? Find(string name)
    {
        if (arguments is null)
        {
            return null;
        }

        foreach (var argument in arguments.Items)
        {
            if (argument.Name.StringValue == name)
            {
                return values.Read(argument.Value);
            }
        }

        return null;
    }

    internal sealed class Values(GraphQLOperationDefinition operation, Inputs? variables)
    {
        public object? Read(GraphQLValue value) => value switch
        {
            GraphQLIntValue number => long.TryParse(number.Value.Span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : long.MaxValue,
            GraphQLStringValue text => text.Value.ToString(),
            GraphQLEnumValue name => name.Name.StringValue,
            GraphQLListValue list => list.Values ?? [],
            GraphQLVariable variable => Variable(variable.Name.StringValue),
            _ => null,
        };

        private object? Variable(string name)
        {
            if (variables is not null && variables.TryGetValue(name, out var given))
            {
                return given switch
                {
                    int or long or string or null => given,
                    short or byte or sbyte or ushort or uint => Convert.ToInt64(given, CultureInfo.InvariantCulture),
                    ulong u => (long)Math.Min(u, long.MaxValue),
                    decimal or double or float or System.Numerics.BigInteger => WholeNumber(given),
                    _ => given,
                };
            }

            foreach (var definition in operation.Variables?.Items ?? [])
            {
                if (definition.Variable.Name.StringValue == name)
                {
                    return definition.DefaultValue is { } fallback and not GraphQLVariable ? Read(fallback) : null;
                }
            }

            return null;
        }

        private static long? WholeNumber(object value)
        {
            var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            return Math.Floor(number) == number ? (long)Math.Clamp(number, long.MinValue, long.MaxValue) : null;
        }
    }
}
