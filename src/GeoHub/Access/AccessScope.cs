using System.Linq.Expressions;
using GeoHub.Committees;
using GeoHub.Data;
using GeoHub.Organizations;
using GeoHub.Venues;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace GeoHub.Access;

/// <summary>
/// Which items of each kind of internal data a caller can see, as EF query filters on the
/// entities (so every list, count, node(id:) and nested field that EF reads is filtered, and a
/// new one cannot forget it) and as SQL for the statements GeoHub writes by hand. Both read
/// <see cref="AccessRules.ReadReach"/>; the area of an item is where its kind says below.
/// </summary>
public static class AccessScope
{
    /// <summary>Ids are serial from 1: no unit has this one, so a caller without a unit matches no row.</summary>
    private const int NoUnit = -1;

    /// <summary>The area each kind of internal item belongs to: its community's path (a booking's: its venue's area).</summary>
    private static readonly Dictionary<Type, (DataKind Kind, LambdaExpression Path)> Paths = new()
    {
        [typeof(Meeting)] = Path<Meeting>(DataKind.Meetings, m => m.Organization!.Community!.Path),
        [typeof(Booking)] = Path<Booking>(DataKind.Bookings, b => b.Venue!.Area!.Path),
        [typeof(CommitteeSeat)] = Path<CommitteeSeat>(DataKind.CommitteeSeats, s => s.Committee!.Compound!.Community!.Path),
        [typeof(PartyGroup)] = Path<PartyGroup>(DataKind.PartyGroups, g => g.Organization!.Community!.Path),
        [typeof(PartyRole)] = Path<PartyRole>(DataKind.PartyRoles, r => r.Organization!.Community!.Path),
        [typeof(PartyMember)] = Path<PartyMember>(DataKind.PartyMembers, m => m.Compound!.Community!.Path),
    };

    /// <summary>The entity types whose rows are internal data, each with its kind.</summary>
    public static IReadOnlyDictionary<Type, DataKind> ScopedEntities { get; } = Paths.ToDictionary(p => p.Key, p => p.Value.Kind);

    /// <summary>
    /// Adds a filter to every internal entity: rows outside the context's caller's reach are not
    /// there. The filters read <see cref="GeoHubDb.Caller"/> each time a query runs, so pooled
    /// contexts and compiled queries follow whoever leased the context.
    /// </summary>
    public static void AddQueryFilters(ModelBuilder model, GeoHubDb db)
    {
        ArgumentNullException.ThrowIfNull(model);
        AddFilter<Meeting>(model, db);
        AddFilter<CommitteeSeat>(model, db);
        AddFilter<PartyGroup>(model, db);
        AddFilter<PartyRole>(model, db);
        AddFilter<PartyMember>(model, db);
        model.Entity<Booking>().HasQueryFilter(b =>
            Everywhere(db.Caller, DataKind.Bookings)
            || Patterns(db.Caller, DataKind.Bookings).Any(p => EF.Functions.Like(b.Venue!.Area!.Path, p))
            || b.UnitId == OwnUnit(db.Caller, DataKind.Bookings));
    }

    /// <summary>
    /// The SQL condition that an area path column lies within a caller's reach; the command gets
    /// its parameters (@access_everywhere, @access_patterns) from <see cref="AddSqlParameters"/>.
    /// The text is the same for every caller, so statements using it stay prepared.
    /// </summary>
    public static string SqlWithin(string pathColumn) => $"(@access_everywhere OR {pathColumn} LIKE ANY (@access_patterns))";

    public static void AddSqlParameters(NpgsqlCommand command, Caller caller, DataKind kind)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Parameters.Add(new NpgsqlParameter<bool>("access_everywhere", Everywhere(caller, kind)));
        command.Parameters.Add(new NpgsqlParameter<string[]>("access_patterns", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = Patterns(caller, kind) });
    }

    /// <summary>
    /// SQL selecting (area_code) of each item of a kind whose id is in the array parameter @ids:
    /// the same areas as the query filters above, for the audit log's lines.
    /// </summary>
    public static string ItemAreaSql(DataKind kind) => kind switch
    {
        DataKind.Meetings => "SELECT a.code AS area_code FROM meetings x JOIN party_organizations o ON o.id = x.organization_id JOIN areas a ON a.id = o.community_id WHERE x.id = ANY (@ids)",
        DataKind.Bookings => "SELECT a.code AS area_code FROM bookings x JOIN venues v ON v.id = x.venue_id JOIN areas a ON a.id = v.area_id WHERE x.id = ANY (@ids)",
        DataKind.CommitteeSeats => "SELECT a.code AS area_code FROM committee_seats x JOIN owners_committees oc ON oc.id = x.committee_id JOIN compounds c ON c.id = oc.compound_id JOIN areas a ON a.id = c.community_id WHERE x.id = ANY (@ids)",
        DataKind.PartyGroups => "SELECT a.code AS area_code FROM party_groups x JOIN party_organizations o ON o.id = x.organization_id JOIN areas a ON a.id = o.community_id WHERE x.id = ANY (@ids)",
        DataKind.PartyRoles => "SELECT a.code AS area_code FROM party_roles x JOIN party_organizations o ON o.id = x.organization_id JOIN areas a ON a.id = o.community_id WHERE x.id = ANY (@ids)",
        DataKind.PartyMembers => "SELECT a.code AS area_code FROM party_members x JOIN compounds c ON c.id = x.compound_id JOIN areas a ON a.id = c.community_id WHERE x.id = ANY (@ids)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "items of this kind have no area"),
    };

    public static bool Everywhere(Caller caller, DataKind kind) => AccessRules.ReadReach(caller, kind) == Reach.Everywhere;

    /// <summary>The caller's area patterns when its reach for the kind is its areas, else none.</summary>
    public static string[] Patterns(Caller caller, DataKind kind) =>
        AccessRules.ReadReach(caller, kind) == Reach.InAreas ? caller.AreaPatterns : [];

    public static int OwnUnit(Caller caller, DataKind kind) =>
        AccessRules.ReadReach(caller, kind) == Reach.OwnUnit ? caller.UnitId ?? NoUnit : NoUnit;

    private static void AddFilter<T>(ModelBuilder model, GeoHubDb db)
        where T : class
    {
        var (kind, path) = Paths[typeof(T)];
        var pathOf = (Expression<Func<T, string>>)path;
        Expression<Func<string, bool>> within = p => Everywhere(db.Caller, kind) || Patterns(db.Caller, kind).Any(pattern => EF.Functions.Like(p, pattern));
        model.Entity<T>().HasQueryFilter(Compose(pathOf, within));
    }

    private static Expression<Func<T, bool>> Compose<T>(Expression<Func<T, string>> pathOf, Expression<Func<string, bool>> within)
    {
        var body = new Substitute(within.Parameters[0], pathOf.Body).Visit(within.Body);
        return Expression.Lambda<Func<T, bool>>(body, pathOf.Parameters);
    }

    private static (DataKind, LambdaExpression) Path<T>(DataKind kind, Expression<Func<T, string>> path) => (kind, path);

    private sealed class Substitute(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
