using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using GeoHub.Access;
using GeoHub.Data;
using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace GeoHub.GraphQL;

/// <summary><c>GeoHub:DirectReads:Enabled</c> (default true): whether <see cref="DirectReads"/> answers what it can.</summary>
public sealed class DirectReadOptions
{
    public const string Section = "GeoHub:DirectReads";

    public bool Enabled { get; set; } = true;
}

/// <summary>
/// The simplest reads answered with one statement and the rows written straight to JSON, without
/// GraphQL.NET's execution. For a small read, GraphQL.NET's per-request work (coercing variables,
/// parsing arguments, the execution tree, batching, completing and serialising every value) cost
/// more CPU than the statement itself: a compound by id spent about 0.06 of its 0.19 core-ms there
/// (BENCHMARKS.md, "GeoHub and PostGraphile").
/// <para>
/// A plan is made once per cached document (validated already) and operation, and only for a
/// query whose one root field a topic declared direct (<see cref="DirectReadFields"/>: a row by
/// global id, or a connection page by id with first and where.near at most) and whose selections
/// are all public fields that return a column of the row as it is, the global id, __typename, or
/// a connection's totalCount, pageInfo, edges and nodes; no fragments, no directives, no aliases
/// that merge. Everything else, and everything unusual at run time (a variable missing or out of
/// range, an id of another type, a row not found, any error), goes to GraphQL.NET's execution as
/// before, which stays the reference: it makes every error and every refusal. Leaf values are the
/// same objects the resolvers return (EF's value converters applied), serialised by the same
/// scalar types with the same JSON options, so the bytes are the same; the differential tests
/// send each document both ways and compare them.
/// </para>
/// <para>
/// It runs after RequestGuard (limits, trusted documents) and ResilientExecution (retries), so
/// both hold as they do for every execution; only public fields qualify, which every caller may
/// read unmasked and which the access layer audits nowhere.
/// </para>
/// </summary>
public sealed partial class DirectReads(DatabaseRoutes routes, IOptions<DirectReadOptions> options, ILogger<DirectReads> logger) : IConfigureExecution
{
    private readonly bool enabled = options.Value.Enabled;
    private readonly ConditionalWeakTable<GraphQLDocument, ConcurrentDictionary<string, DirectPlan?>> plans = [];
    private IModel? model;
    private long answered;

    // After RequestGuard (0) and ResilientExecution (1).
    public float SortOrder => 2;

    /// <summary>Requests answered directly since start (tests read it to know which path answered).</summary>
    public long Answered => Interlocked.Read(ref answered);

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(next);
        // Only a document that passed validation before: the endpoint's cache hits come with no rules.
        if (!enabled || options.ValidationRules is not { } rules || rules.Any() || options.Document is not { } document
            || options.Schema is not { } schema || options.RequestServices is not { } services)
        {
            return await next(options);
        }

        var plan = plans.GetValue(document, _ => new(StringComparer.Ordinal))
            .GetOrAdd(options.OperationName ?? "", _ => DirectPlan.Compile(schema, document, options.OperationName, Model()));
        if (plan?.Bind(options.Variables) is not { } values)
        {
            return await next(options);
        }

        var cancellationToken = options.CancellationToken;
        using var timeout = options.Timeout == Timeout.InfiniteTimeSpan ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout?.CancelAfter(options.Timeout);
        try
        {
            var route = services.GetRequiredService<RequestRoute>();
            var dataSource = plan.Root.Kind == DirectRootKind.ById ? routes.FixedPlanDataSourceFor(route) : routes.DataSourceFor(route);
            var answer = await plan.RunAsync(dataSource, values, timeout?.Token ?? cancellationToken);
            if (answer is null)
            {
                return await next(options);
            }

            Interlocked.Increment(ref answered);
            return new ExecutionResult { Executed = true, Data = answer, Document = document, Operation = plan.Operation, Query = options.Query };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception) when (timeout?.IsCancellationRequested == true)
        {
            // (Npgsql reports a cancelled command as OperationCanceledException or, mid-read, as its own exception.)
            // As GraphQL.NET answers a request past its budget (RequestGuard set it): no data, TIMEOUT.
            var result = new ExecutionResult();
            result.AddError(new TimeoutError());
            return result;
        }
        catch (Exception exception)
        {
            // The reference path answers faults as it always has (coded errors, retries). Anything
            // but the database's faults is a gap between the two paths, worth an operator's look.
            if (exception is not NpgsqlException)
            {
                HandedOver(logger, exception, options.OperationName ?? "anonymous");
            }

            return await next(options);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "direct read of {Operation} handed over to GraphQL.NET after an error")]
    private static partial void HandedOver(ILogger logger, Exception exception, string operation);

    // EF's model maps the rows' properties to columns and value converters; it is the same for
    // every context, so one is read once.
    private IModel Model()
    {
        if (model is null)
        {
            using var db = routes.ReadDbs.CreateDbContext();
            model = db.Model;
        }

        return model;
    }
}

/// <summary>A plan for one operation of one document: its statement and how rows become the answer.</summary>
internal sealed class DirectPlan
{
    private readonly List<Column> columns = [];
    private readonly List<ValueSource> absent = [];
    private ValueSource? id;
    private ValueSource? first;
    private ValueSource? point;
    private ValueSource? meters;
    private Shape shape = null!;
    private string sql = "";
    private string rootKey = "";
    private string rowTypeName = "";
    private Type rowType = null!;

    private DirectPlan(DirectRoot root, GraphQLOperationDefinition operation)
    {
        Root = root;
        Operation = operation;
    }

    public DirectRoot Root { get; }

    public GraphQLOperationDefinition Operation { get; }

    /// <summary>The plan of the operation, or null when anything in it is not for a direct read.</summary>
    public static DirectPlan? Compile(ISchema schema, GraphQLDocument document, string? operationName, IModel model)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var operation = operationName is null
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.Find(o => o.Name?.StringValue == operationName);
        if (operation is not { Operation: OperationType.Query, Directives: null or { Count: 0 } }
            || operation.SelectionSet.Selections is not [GraphQLField field] || !Plain(field)
            || schema.Query.GetField(field.Name.StringValue) is not { } rootField
            || rootField.GetMetadata<DirectRoot?>(DirectReadFields.RootKey) is not { } root
            || !IsPublic(rootField)
            || model.FindEntityType(root.Row) is not { } entity)
        {
            return null;
        }

        var plan = new DirectPlan(root, operation) { rootKey = (field.Alias?.Name ?? field.Name).StringValue, rowType = root.Row };
        var variables = operation.Variables?.Items ?? [];
        var table = entity.GetTableName();
        var key = entity.FindPrimaryKey()?.Properties is [{ } idProperty] && idProperty.ClrType == typeof(int) ? idProperty.GetColumnName() : null;
        if (table is null || key is null || field.SelectionSet is null)
        {
            return null;
        }

        var returned = Unwrap(rootField.ResolvedType);
        if (root.Kind == DirectRootKind.ById)
        {
            if (field.Arguments is not [{ Name.StringValue: "id" } argument]
                || ValueSource.Of(argument.Value, rootField.Arguments?.Find("id")?.ResolvedType, variables, schema) is not { } idSource
                || returned is not IObjectGraphType rowGraphType
                || plan.ObjectShape(rowGraphType, field.SelectionSet, entity, schema) is not { } rowShape)
            {
                return null;
            }

            plan.id = idSource;
            plan.shape = rowShape;
            plan.rowTypeName = rowGraphType.Name;
            plan.sql = $"SELECT {Select(plan.columns, key)} FROM {Quote(table)} t WHERE t.{Quote(key)} = $1";
            return plan;
        }

        string? location = null;
        foreach (var argument in field.Arguments?.Items ?? [])
        {
            switch (argument.Name.StringValue)
            {
                case "first":
                    plan.first = ValueSource.Of(argument.Value, rootField.Arguments?.Find("first")?.ResolvedType, variables, schema);
                    if (plan.first is null)
                    {
                        return null;
                    }

                    break;
                // A first page as clients ask for it (after: $after, null): a cursor's page goes the reference path.
                case "after" or "before" or "last":
                    if (ValueSource.Of(argument.Value, rootField.Arguments?.Find(argument.Name.StringValue)?.ResolvedType, variables, schema) is not { } cursor)
                    {
                        return null;
                    }

                    plan.absent.Add(cursor);
                    break;
                case "where" when root.Near && argument.Value is GraphQLObjectValue { Fields: [{ Name.StringValue: "near", Value: GraphQLObjectValue nearValue }] }
                    && nearValue.Fields is { Count: 2 } && schema.AllTypes["NearFilter"] is IInputObjectGraphType nearType:
                    foreach (var part in nearValue.Fields)
                    {
                        var source = ValueSource.Of(part.Value, nearType.GetField(part.Name.StringValue)?.ResolvedType, variables, schema);
                        switch (part.Name.StringValue)
                        {
                            case "point": plan.point = source; break;
                            case "meters": plan.meters = source; break;
                        }
                    }

                    location = entity.FindProperty("Location")?.GetColumnName();
                    if (plan.point is null || plan.meters is null || location is null)
                    {
                        return null;
                    }

                    break;
                default:
                    return null;
            }
        }

        if (returned is not IObjectGraphType connection || plan.ConnectionShape(connection, field.SelectionSet, entity, schema) is not { } connectionShape)
        {
            return null;
        }

        plan.shape = connectionShape;
        var near = location is null ? "" : $" WHERE ST_DWithin({{0}}.{Quote(location)}, $2, $3)";
        // totalCount in the page's own statement, as Paging does: an uncorrelated subquery run
        // once. With no cursor, a page with no row means nothing matched, so the total is 0.
        var total = connectionShape.Members.Any(m => m.Kind == MemberKind.TotalCount)
            ? $", (SELECT count(*)::int FROM {Quote(table)} c{string.Format(CultureInfo.InvariantCulture, near, "c")})"
            : "";
        plan.sql = $"SELECT {Select(plan.columns, key)}{total} FROM {Quote(table)} t{string.Format(CultureInfo.InvariantCulture, near, "t")} ORDER BY t.{Quote(key)} LIMIT $1";
        return plan;
    }

    /// <summary>The arguments from the request's variables, or null when one is not what the direct path answers.</summary>
    public Values? Bind(Inputs? variables)
    {
        try
        {
            if (Root.Kind == DirectRootKind.ById)
            {
                // As the resolver: an id of another type is the reference path's INVALID_ID.
                return id!.Value(variables) is string text && GlobalId.TryDecode(text, out var type, out var key) && type == rowTypeName
                    ? new Values(key, 0, null, 0)
                    : null;
            }

            if (absent.Any(source => source.Value(variables) is not null))
            {
                return null;
            }

            var size = first is null ? Paging.DefaultPageSize : first.Value(variables) switch
            {
                null => Paging.DefaultPageSize,
                int n => n,
                _ => -1,
            };
            if (size is < 0 or > Paging.MaxPageSize)
            {
                return null;
            }

            if (point is null)
            {
                return new Values(0, size, null, 0);
            }

            if (point.Value(variables) is not JsonElement geoJson || meters!.Value(variables) is not double radius)
            {
                return null;
            }

            // The resolver's own check, so range and geometry are judged alike; its error is the reference path's.
            var near = SpatialArguments.Near(new NearFilter { Point = geoJson, Meters = radius }, "where.near")!.Value;
            return new Values(0, size, near.Point, near.Meters);
        }
        catch (Exception exception) when (exception is ExecutionError or InvalidOperationException or FormatException or ArgumentException
            or OverflowException or InvalidCastException or JsonException)
        {
            // A value GraphQL.NET would refuse or the resolver would judge: the reference path says how.
            return null;
        }
    }

    /// <summary>The answer's data, or null when the reference path must answer (the row is not there).</summary>
    public async Task<DirectAnswer?> RunAsync(NpgsqlDataSource dataSource, Values values, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        if (Root.Kind == DirectRootKind.ById)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = values.Id });
        }
        else
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = values.Size + 1 });
            if (values.Point is { } center)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = center, NpgsqlDbType = NpgsqlDbType.Geography });
                command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = values.Meters });
            }
        }

        List<object?[]> rows = [];
        int? total = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new object?[columns.Count + 1];
                row[0] = reader.GetInt32(0);
                for (var i = 0; i < columns.Count; i++)
                {
                    // Serialised here, inside the caller's try: a value a scalar refuses hands the request over.
                    var column = columns[i];
                    row[i + 1] = column.Scalar.Serialize(column.Read(reader, i + 1))
                        ?? (column.NonNull ? throw new InvalidOperationException($"{column.Name} is null") : null);
                }

                total ??= reader.FieldCount > columns.Count + 1 ? reader.GetInt32(columns.Count + 1) : null;
                rows.Add(row);
            }
        }

        if (Root.Kind == DirectRootKind.ById)
        {
            return rows.Count == 1 ? new DirectAnswer(this, rows, More: false, Total: null) : null;
        }

        var more = rows.Count > values.Size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new DirectAnswer(this, rows, more, total ?? 0);
    }

    /// <summary>Writes <c>{ "root": … }</c> as GraphQL.NET would, with its writer and options.</summary>
    public void Write(Utf8JsonWriter writer, DirectAnswer answer, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(rootKey);
        if (Root.Kind == DirectRootKind.ById)
        {
            WriteRow(writer, shape, answer.Rows[0], options);
        }
        else
        {
            WriteConnection(writer, answer, options);
        }

        writer.WriteEndObject();
    }

    private void WriteConnection(Utf8JsonWriter writer, DirectAnswer answer, JsonSerializerOptions options)
    {
        var cursors = answer.Rows.Select(row => Paging.IdCursor(rowType, (int)row[0]!)).ToList();
        writer.WriteStartObject();
        foreach (var member in shape.Members)
        {
            writer.WritePropertyName(member.Key);
            switch (member.Kind)
            {
                case MemberKind.Typename:
                    Leaf(writer, member.Scalar!, member.Name, options);
                    break;
                case MemberKind.TotalCount:
                    Leaf(writer, member.Scalar!, answer.Total, options);
                    break;
                case MemberKind.PageInfo:
                    writer.WriteStartObject();
                    foreach (var info in member.Shape!.Members)
                    {
                        writer.WritePropertyName(info.Key);
                        Leaf(writer, info.Scalar!, info.Kind switch
                        {
                            MemberKind.Typename => info.Name,
                            MemberKind.HasNextPage => answer.More,
                            MemberKind.HasPreviousPage => false,
                            MemberKind.StartCursor => cursors.FirstOrDefault(),
                            _ => cursors.LastOrDefault(),
                        }, options);
                    }

                    writer.WriteEndObject();
                    break;
                case MemberKind.Edges:
                    writer.WriteStartArray();
                    for (var i = 0; i < answer.Rows.Count; i++)
                    {
                        writer.WriteStartObject();
                        foreach (var part in member.Shape!.Members)
                        {
                            writer.WritePropertyName(part.Key);
                            switch (part.Kind)
                            {
                                case MemberKind.Node: WriteRow(writer, part.Shape!, answer.Rows[i], options); break;
                                case MemberKind.Cursor: Leaf(writer, part.Scalar!, cursors[i], options); break;
                                default: Leaf(writer, part.Scalar!, part.Name, options); break;
                            }
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteStartArray();
                    foreach (var row in answer.Rows)
                    {
                        WriteRow(writer, member.Shape!, row, options);
                    }

                    writer.WriteEndArray();
                    break;
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter writer, Shape row, object?[] values, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var member in row.Members)
        {
            writer.WritePropertyName(member.Key);
            if (member.Kind == MemberKind.Column)
            {
                JsonSerializer.Serialize(writer, values[member.Column], options);
            }
            else
            {
                Leaf(writer, member.Scalar!, member.Kind == MemberKind.Typename ? member.Name : GlobalId.Encode(member.Name, (int)values[0]!), options);
            }
        }

        writer.WriteEndObject();
    }

    // What GraphQL.NET does with a leaf: the scalar serialises the resolver's value, and the
    // result is written with the serializer's options (GraphQL.SystemTextJson).
    private static void Leaf(Utf8JsonWriter writer, ScalarGraphType scalar, object? value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, scalar.Serialize(value), options);

    private Shape? ConnectionShape(IObjectGraphType connection, GraphQLSelectionSet selections, IEntityType entity, ISchema schema)
    {
        List<Member> members = [];
        foreach (var selection in selections.Selections)
        {
            if (selection is not GraphQLField field || !Plain(field) || field.Arguments is { Count: > 0 })
            {
                return null;
            }

            var name = field.Name.StringValue;
            var key = (field.Alias?.Name ?? field.Name).StringValue;
            if (members.Any(m => m.Key == key))
            {
                return null;
            }

            if (name == "__typename")
            {
                members.Add(new Member(key, MemberKind.Typename, connection.Name, String(schema)));
                continue;
            }

            if (connection.GetField(name) is not { } fieldType || !IsPublic(fieldType))
            {
                return null;
            }

            var type = Unwrap(fieldType.ResolvedType);
            switch (name)
            {
                case "totalCount" when type is ScalarGraphType count && field.SelectionSet is null:
                    members.Add(new Member(key, MemberKind.TotalCount, name, count));
                    break;
                case "pageInfo" when type is IObjectGraphType pageInfo && field.SelectionSet is not null
                    && PageInfoShape(pageInfo, field.SelectionSet, schema) is { } infoShape:
                    members.Add(new Member(key, MemberKind.PageInfo, name, null, infoShape));
                    break;
                case "nodes" when type is IObjectGraphType node && field.SelectionSet is not null
                    && ObjectShape(node, field.SelectionSet, entity, schema) is { } nodeShape:
                    members.Add(new Member(key, MemberKind.Nodes, name, null, nodeShape));
                    break;
                case "edges" when type is IObjectGraphType edge && field.SelectionSet is not null
                    && EdgeShape(edge, field.SelectionSet, entity, schema) is { } edgeShape:
                    members.Add(new Member(key, MemberKind.Edges, name, null, edgeShape));
                    break;
                default:
                    return null;
            }
        }

        return new Shape(members);
    }

    private static Shape? PageInfoShape(IObjectGraphType pageInfo, GraphQLSelectionSet selections, ISchema schema) =>
        LeafShape(pageInfo, selections, schema, name => name switch
        {
            "hasNextPage" => MemberKind.HasNextPage,
            "hasPreviousPage" => MemberKind.HasPreviousPage,
            "startCursor" => MemberKind.StartCursor,
            "endCursor" => MemberKind.EndCursor,
            _ => null,
        });

    private Shape? EdgeShape(IObjectGraphType edge, GraphQLSelectionSet selections, IEntityType entity, ISchema schema)
    {
        List<Member> members = [];
        foreach (var selection in selections.Selections)
        {
            if (selection is not GraphQLField field || !Plain(field) || field.Arguments is { Count: > 0 })
            {
                return null;
            }

            var name = field.Name.StringValue;
            var key = (field.Alias?.Name ?? field.Name).StringValue;
            if (members.Any(m => m.Key == key))
            {
                return null;
            }

            if (name == "__typename")
            {
                members.Add(new Member(key, MemberKind.Typename, edge.Name, String(schema)));
            }
            else if (name == "cursor" && field.SelectionSet is null && edge.GetField(name) is { } cursor && IsPublic(cursor) && Unwrap(cursor.ResolvedType) is ScalarGraphType text)
            {
                members.Add(new Member(key, MemberKind.Cursor, name, text));
            }
            else if (name == "node" && field.SelectionSet is not null && edge.GetField(name) is { } node && IsPublic(node)
                && Unwrap(node.ResolvedType) is IObjectGraphType nodeType && ObjectShape(nodeType, field.SelectionSet, entity, schema) is { } nodeShape)
            {
                members.Add(new Member(key, MemberKind.Node, name, null, nodeShape));
            }
            else
            {
                return null;
            }
        }

        return new Shape(members);
    }

    private static Shape? LeafShape(IObjectGraphType type, GraphQLSelectionSet selections, ISchema schema, Func<string, MemberKind?> kindOf)
    {
        List<Member> members = [];
        foreach (var selection in selections.Selections)
        {
            if (selection is not GraphQLField field || !Plain(field) || field.Arguments is { Count: > 0 } || field.SelectionSet is not null)
            {
                return null;
            }

            var name = field.Name.StringValue;
            var key = (field.Alias?.Name ?? field.Name).StringValue;
            if (members.Any(m => m.Key == key))
            {
                return null;
            }

            if (name == "__typename")
            {
                members.Add(new Member(key, MemberKind.Typename, type.Name, String(schema)));
            }
            else if (kindOf(name) is { } kind && type.GetField(name) is { } fieldType && Unwrap(fieldType.ResolvedType) is ScalarGraphType scalar)
            {
                members.Add(new Member(key, kind, name, scalar));
            }
            else
            {
                return null;
            }
        }

        return new Shape(members);
    }

    /// <summary>A row's selection: the global id, __typename, and public fields returning a column as it is.</summary>
    private Shape? ObjectShape(IObjectGraphType type, GraphQLSelectionSet selections, IEntityType entity, ISchema schema)
    {
        if (type.GetField("id")?.GetMetadata<string?>(NodeGraphType.IdPropertyKey) is not { } idProperty
            || entity.FindProperty(idProperty) is not { } id || !id.IsPrimaryKey())
        {
            return null;
        }

        List<Member> members = [];
        foreach (var selection in selections.Selections)
        {
            if (selection is not GraphQLField field || !Plain(field) || field.Arguments is { Count: > 0 } || field.SelectionSet is not null)
            {
                return null;
            }

            var name = field.Name.StringValue;
            var key = (field.Alias?.Name ?? field.Name).StringValue;
            if (members.Any(m => m.Key == key))
            {
                return null;
            }

            if (name == "__typename")
            {
                members.Add(new Member(key, MemberKind.Typename, type.Name, String(schema)));
                continue;
            }

            if (type.GetField(name) is not { } fieldType || !IsPublic(fieldType) || Unwrap(fieldType.ResolvedType) is not ScalarGraphType scalar)
            {
                return null;
            }

            if (name == "id")
            {
                members.Add(new Member(key, MemberKind.GlobalId, type.Name, scalar));
                continue;
            }

            if (DirectReadFields.PropertyOf(fieldType) is not { } propertyName || entity.FindProperty(propertyName) is not { } property
                || property.GetColumnName() is not { } column)
            {
                return null;
            }

            var nonNull = fieldType.ResolvedType is NonNullGraphType;
            var index = columns.FindIndex(c => c.Name == column);
            if (index < 0)
            {
                columns.Add(Column.Of(column, property, scalar, nonNull));
                index = columns.Count - 1;
            }
            else if (columns[index].Scalar != scalar || columns[index].NonNull != nonNull)
            {
                // Rows keep one serialised value per column.
                return null;
            }

            members.Add(new Member(key, MemberKind.Column, name, scalar) { Column = index + 1 });
        }

        return new Shape(members);
    }

    private static ScalarGraphType String(ISchema schema) => (ScalarGraphType)schema.AllTypes["String"]!;

    private static bool Plain(GraphQLField field) => field.Directives is null or { Count: 0 };

    private static bool IsPublic(FieldType field) => FieldAccess.Of(field)?.Class == AccessClass.Public;

    private static IGraphType? Unwrap(IGraphType? type) => type switch
    {
        NonNullGraphType nonNull => Unwrap(nonNull.ResolvedType),
        ListGraphType list => Unwrap(list.ResolvedType),
        _ => type,
    };

    private static string Select(List<Column> columns, string key) =>
        string.Join(", ", columns.Select(c => "t." + Quote(c.Name)).Prepend("t." + Quote(key)));

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public sealed record Values(int Id, int Size, NetTopologySuite.Geometries.Point? Point, double Meters);

    private enum MemberKind
    {
        Typename,
        GlobalId,
        Column,
        TotalCount,
        PageInfo,
        HasNextPage,
        HasPreviousPage,
        StartCursor,
        EndCursor,
        Edges,
        Cursor,
        Node,
        Nodes,
    }

    private sealed record Member(string Key, MemberKind Kind, string Name, ScalarGraphType? Scalar, Shape? Shape = null)
    {
        public int Column { get; init; }
    }

    private sealed record Shape(List<Member> Members);

    /// <summary>A column read as EF reads its property: the provider's type, then the property's value converter.</summary>
    private sealed record Column(string Name, Func<NpgsqlDataReader, int, object?> Read, ScalarGraphType Scalar, bool NonNull)
    {
        public static Column Of(string name, IProperty property, ScalarGraphType scalar, bool nonNull)
        {
            var converter = property.GetTypeMapping().Converter;
            var provider = converter?.ProviderClrType ?? property.ClrType;
            provider = Nullable.GetUnderlyingType(provider) ?? provider;
            var typed = (Func<NpgsqlDataReader, int, object?>)Delegate.CreateDelegate(
                typeof(Func<NpgsqlDataReader, int, object?>), typeof(Column).GetMethod(nameof(ReadAs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(provider));
            Func<object?, object?>? fromProvider = converter is null ? null : converter.ConvertFromProvider;
            return new Column(name, (reader, i) => reader.IsDBNull(i) ? null : fromProvider is null ? typed(reader, i) : fromProvider(typed(reader, i)), scalar, nonNull);
        }

        private static object? ReadAs<T>(NpgsqlDataReader reader, int i) => reader.GetFieldValue<T>(i);
    }

    /// <summary>Where an argument's value comes from: a literal of the document, or a variable (with its default).</summary>
    private sealed class ValueSource
    {
        private object? literal;
        private string? variable;
        private ScalarGraphType? type;
        private bool nonNull;
        private bool hasDefault;
        private object? defaultValue;

        public static ValueSource? Of(GraphQLValue value, IGraphType? argumentType, IEnumerable<GraphQLVariableDefinition> variables, ISchema schema)
        {
            try
            {
                if (value is GraphQLVariable reference)
                {
                    var definition = variables.FirstOrDefault(v => v.Variable.Name.StringValue == reference.Name.StringValue);
                    if (definition is null || (definition.Directives?.Count ?? 0) > 0 || definition.Type.GraphTypeFromType(schema) is not { } declared)
                    {
                        return null;
                    }

                    var nonNull = declared is NonNullGraphType;
                    if ((nonNull ? ((NonNullGraphType)declared).ResolvedType : declared) is not ScalarGraphType scalar)
                    {
                        return null;
                    }

                    return new ValueSource
                    {
                        variable = reference.Name.StringValue,
                        type = scalar,
                        nonNull = nonNull,
                        hasDefault = definition.DefaultValue is not null,
                        defaultValue = definition.DefaultValue is { } fallback ? scalar.ParseLiteral(fallback) : null,
                    };
                }

                var literalType = argumentType is NonNullGraphType wrapped ? wrapped.ResolvedType : argumentType;
                return literalType is ScalarGraphType literalScalar && value is not GraphQLNullValue
                    ? new ValueSource { literal = literalScalar.ParseLiteral(value) }
                    : null;
            }
            catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException or OverflowException)
            {
                return null;
            }
        }

        /// <summary>The value as GraphQL.NET coerces it (the declared type's ParseValue); throws when it cannot.</summary>
        public object? Value(Inputs? variables)
        {
            if (variable is null)
            {
                return literal;
            }

            if (variables is null || !variables.TryGetValue(variable, out var raw))
            {
                if (hasDefault)
                {
                    return defaultValue;
                }

                raw = null;
            }

            var parsed = raw is null ? null : type!.ParseValue(raw);
            return parsed is null && nonNull ? throw new ExecutionError($"${variable} is required") : parsed;
        }
    }
}

/// <summary>A direct read's rows, written into the response by the GraphQL serializer's own writer.</summary>
[JsonConverter(typeof(DirectAnswerConverter))]
internal sealed record DirectAnswer(DirectPlan Plan, List<object?[]> Rows, bool More, int? Total);

internal sealed class DirectAnswerConverter : JsonConverter<DirectAnswer>
{
    public override DirectAnswer Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("a direct answer is only written");

    public override void Write(Utf8JsonWriter writer, DirectAnswer value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        value.Plan.Write(writer, value, options);
    }
}
