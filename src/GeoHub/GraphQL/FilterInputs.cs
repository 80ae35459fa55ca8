using GraphQL.Types;

namespace GeoHub.GraphQL;

public sealed class StringFilter
{
    public string? Eq { get; set; }
    public string? Contains { get; set; }
    public string? StartsWith { get; set; }
    public List<string>? In { get; set; }
}

public sealed class IntFilter
{
    public int? Eq { get; set; }
    public int? Gt { get; set; }
    public int? Gte { get; set; }
    public int? Lt { get; set; }
    public int? Lte { get; set; }
    public List<int>? In { get; set; }
}

public sealed class StringFilterType : InputObjectGraphType<StringFilter>
{
    public StringFilterType()
    {
        Name = "StringFilter";
        Description = "Every condition given must hold.";
        Field(f => f.Eq, nullable: true).Description("Exactly this.");
        Field(f => f.Contains, nullable: true).Description("Contains this text.");
        Field(f => f.StartsWith, nullable: true).Description("Starts with this text.");
        Field(f => f.In, nullable: true).Description("One of these.");
    }
}

public sealed class IntFilterType : InputObjectGraphType<IntFilter>
{
    public IntFilterType()
    {
        Name = "IntFilter";
        Description = "Every condition given must hold.";
        Field(f => f.Eq, nullable: true);
        Field(f => f.Gt, nullable: true);
        Field(f => f.Gte, nullable: true);
        Field(f => f.Lt, nullable: true);
        Field(f => f.Lte, nullable: true);
        Field(f => f.In, nullable: true);
    }
}

/// <summary>Turns filter inputs into EF predicates; EF translates them to SQL (LIKE, =, &lt;, IN).</summary>
public static class FilterQueries
{
    public static IQueryable<T> Match<T>(this IQueryable<T> query, StringFilter? filter, System.Linq.Expressions.Expression<Func<T, string>> field)
    {
        if (filter is null)
        {
            return query;
        }

        if (filter.Eq is { } eq)
        {
            query = query.Where(Compose(field, s => s == eq));
        }

        if (filter.Contains is { } contains)
        {
            query = query.Where(Compose(field, s => s.Contains(contains)));
        }

        if (filter.StartsWith is { } prefix)
        {
            query = query.Where(Compose(field, s => s.StartsWith(prefix)));
        }

        if (filter.In is { } values)
        {
            query = query.Where(Compose(field, s => values.Contains(s)));
        }

        return query;
    }

    public static IQueryable<T> Match<T>(this IQueryable<T> query, IntFilter? filter, System.Linq.Expressions.Expression<Func<T, int>> field)
    {
        if (filter is null)
        {
            return query;
        }

        if (filter.Eq is { } eq)
        {
            query = query.Where(Compose(field, v => v == eq));
        }

        if (filter.Gt is { } gt)
        {
            query = query.Where(Compose(field, v => v > gt));
        }

        if (filter.Gte is { } gte)
        {
            query = query.Where(Compose(field, v => v >= gte));
        }

        if (filter.Lt is { } lt)
        {
            query = query.Where(Compose(field, v => v < lt));
        }

        if (filter.Lte is { } lte)
        {
            query = query.Where(Compose(field, v => v <= lte));
        }

        if (filter.In is { } values)
        {
            query = query.Where(Compose(field, v => values.Contains(v)));
        }

        return query;
    }

    /// <summary>The test applied to the field: (row => test(field(row))), for EF to translate.</summary>
    internal static System.Linq.Expressions.Expression<Func<T, bool>> Compose<T, TValue>(
        System.Linq.Expressions.Expression<Func<T, TValue>> field, System.Linq.Expressions.Expression<Func<TValue, bool>> test)
    {
        var body = new Replace(test.Parameters[0], field.Body).Visit(test.Body);
        return System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(body, field.Parameters);
    }

    private sealed class Replace(System.Linq.Expressions.ParameterExpression from, System.Linq.Expressions.Expression to) : System.Linq.Expressions.ExpressionVisitor
    {
        protected override System.Linq.Expressions.Expression VisitParameter(System.Linq.Expressions.ParameterExpression node) => node == from ? to : node;
    }
}
