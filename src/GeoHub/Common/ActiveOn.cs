using System.Linq.Expressions;

namespace GeoHub.Common;

/// <summary>
/// "Active on a day", the rule of every dated noun (organisations and their links to compounds,
/// roles, committees, seats, agreements, projects, venues, office space): active from its first
/// day, <c>from ≤ day</c>, until the day before its end, <c>day &lt; until</c>, and an open end
/// (null) means still active. An end date is the first day something no longer holds.
/// The same rule in the three forms queries need: SQL text, an EF expression, and a plain test;
/// the EF expression and the plain test are one C# expression, so they cannot drift apart, and
/// tests pin the SQL to the same edges.
/// </summary>
public static class ActiveOn
{
    private static readonly Expression<Func<DateOnly, DateOnly?, DateOnly, bool>> Rule =
        (from, until, day) => from <= day && (until == null || until > day);

    private static readonly Expression<Func<DateOnly?, DateOnly, bool>> NotEndedRule =
        (until, day) => until == null || until > day;

    // The same rule for something that may never begin (office space never assigned: a null
    // start): begun, and the rule above on its start.
    private static readonly Expression<Func<DateOnly?, DateOnly?, DateOnly, bool>> MaybeBegunRule = MaybeBegun();

    private static readonly Func<DateOnly, DateOnly?, DateOnly, bool> RuleTest = Rule.Compile();
    private static readonly Func<DateOnly?, DateOnly?, DateOnly, bool> MaybeBegunTest = MaybeBegunRule.Compile();

    /// <summary>Active on the day: <c>from ≤ day &lt; until</c>, an open end still active.</summary>
    public static bool Holds(DateOnly from, DateOnly? until, DateOnly day) => RuleTest(from, until, day);

    /// <summary>Active on the day, where a null start means it never began (so it is not).</summary>
    public static bool Holds(DateOnly? from, DateOnly? until, DateOnly day) => MaybeBegunTest(from, until, day);

    /// <summary>The rule in SQL over the columns (or expressions) given; <paramref name="day"/> is a date expression.</summary>
    public static string Sql(string from, string until, string day = "@day") => $"({Started(from, day)} AND {NotEndedSql(until, day)})";

    /// <summary>
    /// A start that may be unknown, for <see cref="Sql"/> and <see cref="Started"/>: null counts as
    /// begun before any day asked (a member registered before GeoHub kept registration days).
    /// </summary>
    public static string OpenStart(string from) => $"coalesce({from}, '-infinity'::date)";

    /// <summary>Begun on or before the day (launched, held, reported so far).</summary>
    public static string Started(string from, string day = "@day") => $"{from} <= {day}";

    /// <summary>Not ended by the day: <c>until</c> open or after it.</summary>
    public static string NotEndedSql(string until, string day = "@day") => $"({until} IS NULL OR {until} > {day})";

    /// <summary>
    /// Not active on the day: not begun by then (or never: a null start, as office space never
    /// assigned), or ended. The negation of <see cref="Sql"/>, with a null start counted as not begun.
    /// </summary>
    public static string InactiveSql(string from, string until, string day = "@day") => $"NOT coalesce({Sql(from, until, day)}, false)";

    /// <summary>Ended on or before the day (a project completed so far): the negation of <see cref="NotEndedSql"/>.</summary>
    public static string EndedSql(string until, string day = "@day") => $"NOT {NotEndedSql(until, day)}";

    /// <summary>Active on every day from <paramref name="firstDay"/> to <paramref name="lastDay"/> (both included).</summary>
    public static string ThroughoutSql(string from, string until, string firstDay, string lastDay) =>
        $"({Started(from, firstDay)} AND {NotEndedSql(until, lastDay)})";

    /// <summary>Active on at least one day from <paramref name="firstDay"/> to <paramref name="lastDay"/> (both included).</summary>
    public static string SometimeSql(string from, string until, string firstDay, string lastDay) =>
        $"({Started(from, lastDay)} AND {NotEndedSql(until, firstDay)})";

    /// <summary>The rule for EF over the entity's dates; the day reaches SQL as a parameter.</summary>
    public static Expression<Func<T, bool>> Where<T>(Expression<Func<T, DateOnly>> from, Expression<Func<T, DateOnly?>> until, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(until);
        var row = from.Parameters[0];
        return Expression.Lambda<Func<T, bool>>(
            Substitute(Rule, from.Body, On(until, row), Parameter(day)), row);
    }

    /// <summary>The rule for EF where the start may be null (never begun, so not active).</summary>
    public static Expression<Func<T, bool>> Where<T>(Expression<Func<T, DateOnly?>> from, Expression<Func<T, DateOnly?>> until, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(until);
        var row = from.Parameters[0];
        return Expression.Lambda<Func<T, bool>>(
            Substitute(MaybeBegunRule, from.Body, On(until, row), Parameter(day)), row);
    }

    /// <summary>Not active on the day, for EF (not begun, never begun, or ended).</summary>
    public static Expression<Func<T, bool>> WhereNot<T>(Expression<Func<T, DateOnly?>> from, Expression<Func<T, DateOnly?>> until, DateOnly day)
    {
        var active = Where(from, until, day);
        return Expression.Lambda<Func<T, bool>>(Expression.Not(active.Body), active.Parameters);
    }

    /// <summary>Not ended by the day, for EF.</summary>
    public static Expression<Func<T, bool>> WhereNotEnded<T>(Expression<Func<T, DateOnly?>> until, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(until);
        var row = until.Parameters[0];
        return Expression.Lambda<Func<T, bool>>(Substitute(NotEndedRule, until.Body, Parameter(day)), row);
    }

    /// <summary>Ended on or before the day, for EF.</summary>
    public static Expression<Func<T, bool>> WhereEnded<T>(Expression<Func<T, DateOnly?>> until, DateOnly day)
    {
        var notEnded = WhereNotEnded(until, day);
        return Expression.Lambda<Func<T, bool>>(Expression.Not(notEnded.Body), notEnded.Parameters);
    }

    /// <summary>Both conditions on the same row.</summary>
    public static Expression<Func<T, bool>> And<T>(this Expression<Func<T, bool>> first, Expression<Func<T, bool>> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(first.Body, On(second, first.Parameters[0])), first.Parameters);
    }

    private static Expression<Func<DateOnly?, DateOnly?, DateOnly, bool>> MaybeBegun()
    {
        var from = Expression.Parameter(typeof(DateOnly?), "from");
        var until = Expression.Parameter(typeof(DateOnly?), "until");
        var day = Expression.Parameter(typeof(DateOnly), "day");
        var begun = Expression.NotEqual(from, Expression.Constant(null, typeof(DateOnly?)));
        return Expression.Lambda<Func<DateOnly?, DateOnly?, DateOnly, bool>>(
            Expression.AndAlso(begun, Substitute(Rule, Expression.Property(from, nameof(Nullable<DateOnly>.Value)), until, day)), from, until, day);
    }

    // A captured variable, not a constant: EF sends it as a parameter, so every day shares one
    // cached query and one SQL text.
    private static Expression Parameter(DateOnly day)
    {
        Expression<Func<DateOnly>> captured = () => day;
        return captured.Body;
    }

    private static Expression On(LambdaExpression lambda, ParameterExpression row) =>
        new Replace(lambda.Parameters.Zip<ParameterExpression, Expression>([row]).ToDictionary(p => p.First, p => p.Second)).Visit(lambda.Body);

    private static Expression Substitute(LambdaExpression rule, params Expression[] arguments) =>
        new Replace(rule.Parameters.Zip(arguments).ToDictionary(p => p.First, p => p.Second)).Visit(rule.Body);

    private sealed class Replace(Dictionary<ParameterExpression, Expression> by) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => by.TryGetValue(node, out var to) ? to : node;
    }
}
