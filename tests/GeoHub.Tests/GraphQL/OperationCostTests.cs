using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.GraphQL;

/// <summary>
/// OperationCost measures each fragment once; its answers must equal walking the full expansion,
/// which this test does itself (on documents small enough to expand), for random fragment trees.
/// </summary>
public sealed class OperationCostTests
{
    private static readonly ISchema Schema = BuildSchema();

    [Fact]
    public void Memoised_cost_and_depth_equal_the_expansion_for_random_fragment_trees()
    {
        var random = new Random(13);
        for (var round = 0; round < 200; round++)
        {
            var text = RandomDocument(random);
            var document = Parser.Parse(text);
            var (cost, depth, _) = OperationCost.MeasureOf(Schema, document, null, null);
            var (expandedCost, expandedDepth) = Expand(document);

            Assert.True(Math.Abs(cost - expandedCost) < 1e-6, $"{text}: {cost} ≠ {expandedCost}");
            Assert.True(depth == expandedDepth, $"{text}: depth {depth} ≠ {expandedDepth}");
        }
    }

    [Theory]
    [InlineData("{ compounds(first: 10) { nodes { name households } } }", 1 + (10 * (1 + 2)))]
    [InlineData("{ compounds { totalCount nodes { name } } }", 1 + (50 * (1 + 1 + 1)))]
    [InlineData("{ compounds(first: 2) { nodes { nearbyCoBuildingUnits(withinMeters: 5, first: 3) { distanceMeters } } } }", 1 + (2 * (1 + 1 + (3 * 1))))]
    [InlineData("{ areas { nodes { children { code } } } }", 1 + (50 * (1 + 1 + (20 * 1))))]
    [InlineData("{ battleMap(areaCode: \"350800\") }", 10_000)]
    [InlineData("{ a: battleMap(areaCode: \"350802\") b: battleMap(areaCode: \"350802001001\") }", 1_000 + 10)]
    // A series: coverage(areaCode)'s weight (2 × the area's scale) and one a point (13 months); its
    // scalar counted as on any list without `first`, 20 items.
    [InlineData("{ progress(areaCode: \"350800\", from: \"2018-06-30\", to: \"2019-06-30\", every: MONTH) { asOf } }", (2 * 1_000) + 13 + (20 * 1))]
    [InlineData("{ progress(areaCode: \"350802\", from: \"2018-06-30\", to: \"2019-06-30\", every: MONTH) { asOf } }", (2 * 100) + 13 + (20 * 1))]
    public void Weights_and_multipliers(string query, double expected)
    {
        var (cost, _, _) = OperationCost.MeasureOf(Schema, Parser.Parse(query), null, null);
        Assert.Equal(expected, cost);
    }

    [Fact]
    public void Variables_and_their_defaults_set_the_multipliers()
    {
        const string query = "query($n: Int = 7) { compounds(first: $n) { nodes { name } } }";
        var document = Parser.Parse(query);
        Assert.Equal(1 + (7 * 2), OperationCost.MeasureOf(Schema, document, null, null).Cost);
        Assert.Equal(1 + (300 * 2), OperationCost.MeasureOf(Schema, document, null, new Inputs(new Dictionary<string, object?> { ["n"] = 300 })).Cost);
    }

    private static ISchema BuildSchema()
    {
        var schema = new ServiceCollection().AddGeoHubGraphQL().BuildServiceProvider().GetRequiredService<ISchema>();
        schema.Initialize();
        return schema;
    }

    /// <summary>Fragments on Query and on Compound spreading later ones at random, some twice, inside lists.</summary>
    private static string RandomDocument(Random random)
    {
        var count = random.Next(1, 9);
        var fragments = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var parts = new List<string> { "name" };
            for (var j = i + 1; j < count; j++)
            {
                if (random.Next(3) == 0)
                {
                    parts.Add($"...c{j}");
                }

                if (random.Next(5) == 0)
                {
                    parts.Add($"community {{ parent {{ code }} }} ...c{j}");
                }
            }

            if (random.Next(4) == 0 && i + 1 < count)
            {
                parts.Add($"nearbyCoBuildingUnits(withinMeters: 10, first: {random.Next(1, 4)}) {{ distanceMeters unit {{ name }} }}");
            }

            fragments.Add($"fragment c{i} on Compound {{ {string.Join(' ', parts)} }}");
        }

        return $"{{ compounds(first: {random.Next(1, 5)}) {{ nodes {{ ...c0 }} }} }} " + string.Join(' ', fragments);
    }

    /// <summary>The cost by walking every expansion, with the same weights: what the memoised walk must equal.</summary>
    private static (double Cost, int Depth) Expand(GraphQLDocument document)
    {
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>().ToDictionary(f => f.FragmentName.Name.StringValue);
        var operation = document.Definitions.OfType<GraphQLOperationDefinition>().Single();
        return Walk(operation.SelectionSet, Schema.Query, fragments);
    }

    private static (double Cost, int Depth) Walk(GraphQLSelectionSet set, IGraphType type, Dictionary<string, GraphQLFragmentDefinition> fragments)
    {
        double cost = 0;
        var depth = 0;
        var complex = (IComplexGraphType)type;
        foreach (var selection in set.Selections)
        {
            (double Cost, int Depth) part;
            if (selection is GraphQLFragmentSpread spread)
            {
                var fragment = fragments[spread.FragmentName.Name.StringValue];
                part = Walk(fragment.SelectionSet, Schema.AllTypes[fragment.TypeCondition.Type.Name.StringValue]!, fragments);
            }
            else
            {
                var field = (GraphQLField)selection;
                var definition = complex.GetField(field.Name.StringValue)!;
                var inner = field.SelectionSet is null ? (0, 0) : Walk(field.SelectionSet, definition.ResolvedType!.GetNamedType(), fragments);
                var first = field.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "first")?.Value is GraphQLIntValue n ? int.Parse(n.Value.Span, provider: null) : (int?)null;
                var isList = (definition.ResolvedType is NonNullGraphType nn ? nn.ResolvedType : definition.ResolvedType) is ListGraphType;
                var multiplier = isList ? first ?? (complex.GetField("pageInfo") is not null ? 1 : 20)
                    : definition.Arguments?.Find("first") is not null ? first ?? Paging.DefaultPageSize : 1;
                part = (1 + (multiplier * inner.Item1), 1 + inner.Item2);
            }

            cost += part.Cost;
            depth = Math.Max(depth, part.Depth);
        }

        return (cost, depth);
    }
}
