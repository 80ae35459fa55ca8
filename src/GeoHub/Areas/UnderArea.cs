using System.Linq.Expressions;

namespace GeoHub.Areas;

/// <summary>
/// "Under an area": the area itself and every area below it. An area's path is its ancestors'
/// codes and its own joined by '/', so the areas under path P are P itself and the paths that
/// continue P with a whole segment, P + '/' + …. Never a bare prefix of P: codes of one level
/// need not share a length, and '350800/3508021' is not under '350800/350802'.
/// One rule for every query, as SQL text and as an EF expression.
/// </summary>
public static class UnderArea
{
    /// <summary>SQL: the area whose path is <paramref name="path"/> lies under the one whose path is <paramref name="ancestorPath"/>.</summary>
    public static string Sql(string path, string ancestorPath) => $"({path} = {ancestorPath} OR {path} LIKE {ancestorPath} || '/%')";

    /// <summary>SQL over compounds (alias c): its community lies under the area whose path is <paramref name="ancestorPath"/>.</summary>
    public static string CompoundsSql(string ancestorPath) =>
        $"c.community_id IN (SELECT d.id FROM areas d WHERE {Sql("d.path", ancestorPath)})";

    /// <summary>EF: the area lies under the one whose path is <paramref name="ancestorPath"/> (StartsWith is LIKE 'P/%').</summary>
    public static Expression<Func<Area, bool>> Of(string ancestorPath) =>
        a => a.Path == ancestorPath || a.Path.StartsWith(ancestorPath + "/");

    /// <summary>
    /// The rule as LIKE patterns, for a list of ancestors held in one array parameter
    /// (<c>path LIKE ANY (@patterns)</c>, as access scopes ask): the area itself and P + '/' + ….
    /// Paths hold digits and '/', so nothing in them needs escaping.
    /// </summary>
    public static string[] LikePatterns(string ancestorPath) => [ancestorPath, ancestorPath + "/%"];

    /// <summary>The rule over paths in memory: <paramref name="path"/> lies under <paramref name="ancestorPath"/>.</summary>
    public static bool Holds(string path, string ancestorPath)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(ancestorPath);
        return path == ancestorPath || path.StartsWith(ancestorPath + "/", StringComparison.Ordinal);
    }

    /// <summary>Rows whose area (reached through <paramref name="area"/>: a community, a district…) lies under each of the paths.</summary>
    public static IQueryable<T> InAreas<T>(this IQueryable<T> rows, IEnumerable<string> paths, Expression<Func<T, Area?>> area)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(area);
        foreach (var path in paths)
        {
            var under = Of(path);
            var body = new Replace(under.Parameters[0], area.Body).Visit(under.Body);
            rows = rows.Where(Expression.Lambda<Func<T, bool>>(body, area.Parameters));
        }

        return rows;
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
