using System.Globalization;
using System.Text.Json;
using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.Common;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace GeoHub.BattleMap;

/// <summary>
/// The battle map of an area as one RFC 7946 FeatureCollection, built by PostGIS in one command:
/// the child areas' outlines with their coverage (layer "area") under the area's compounds with
/// their status (layer "compound"), a bbox, and the day it describes as the foreign member asOf.
/// </summary>
public static class BattleMapQueries
{
    private static readonly string FeatureCollectionSql = $"""
        WITH area AS (SELECT id, path FROM areas WHERE code = @code),
        compound_rows AS ({BattleMapSql.CompoundFeatures(UnderArea.CompoundsSql("(SELECT path FROM area)"))}),
        area_rows AS ({BattleMapSql.AreaFeatures("a.parent_id = (SELECT id FROM area)")}),
        features AS (
            SELECT 1 AS layer_order, r.code AS area_code, 0 AS compound_id, r.boundary AS geom,
                   jsonb_build_object('type', 'Feature', 'id', r.code,
                       'geometry', ST_AsGeoJSON(r.boundary, 6)::jsonb, 'properties', r.properties) AS feature
            FROM area_rows r
            UNION ALL
            SELECT 2, '', r.id, r.boundary,
                   jsonb_build_object('type', 'Feature', 'id', r.properties -> 'id',
                       'geometry', ST_AsGeoJSON(r.boundary, 6)::jsonb, 'properties', r.properties)
            FROM compound_rows r
        ),
        extent AS (SELECT ST_Extent(geom) AS box FROM features)
        SELECT (jsonb_build_object(
                    'type', 'FeatureCollection',
                    'asOf', to_char(@day, 'YYYY-MM-DD'),
                    'features', COALESCE((SELECT jsonb_agg(feature ORDER BY layer_order, area_code, compound_id) FROM features), '[]'::jsonb))
                || COALESCE((SELECT jsonb_build_object('bbox', jsonb_build_array(
                        round(ST_XMin(box)::numeric, 6), round(ST_YMin(box)::numeric, 6),
                        round(ST_XMax(box)::numeric, 6), round(ST_YMax(box)::numeric, 6)))
                    FROM extent WHERE box IS NOT NULL), jsonb_build_object()))::text
        FROM area
        """;

    // Counting stops one past the limit, so the refusal costs O(limit) however large the area:
    // the same index walk as the map's first rows.
    private static readonly string CompoundsUpToSql = $"""
        WITH area AS (SELECT path FROM areas WHERE code = @code)
        SELECT (SELECT count(*) FROM (SELECT 1 FROM compounds c WHERE {UnderArea.CompoundsSql("(SELECT path FROM area)")} LIMIT @limit) t)::int
        FROM area
        """;

    public static void AddTo(ObjectGraphType query) =>
        query.Field<GeoJsonScalar>("battleMap").Public()
            .Description("An RFC 7946 FeatureCollection of the area's compounds with their status, and the child areas' outlines with coverage.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<DateScalar>("asOf", "The day the statuses describe (default today in Longyan).")
            .Cost(arguments => 10 * FieldCosts.AreaScale(arguments.Text("areaCode")))
            .ResolveAsync(async context =>
            {
                var code = context.GetArgument<string>("areaCode");
                var options = context.RequestServices!.GetRequiredService<IOptions<BattleMapOptions>>().Value;
                if (await RefusalAsync(context.DataSource(), code, options.MaxCompounds, context.CancellationToken) is { } refusal)
                {
                    throw new ExecutionError(refusal) { Code = ErrorCodes.AreaTooLarge };
                }

                await context.RequestServices!.GetRequiredService<VenueReachFiller>().PokeAsync(context.CancellationToken);
                var json = await FeatureCollectionAsync(context.DataSource(), code, AsOf.From(context), context.CancellationToken)
                    ?? throw GraphQLErrors.NotFound("area", $"code '{code}'");
                using var document = JsonDocument.Parse(json);
                return document.RootElement.Clone();
            });

    /// <summary>
    /// Why the area's FeatureCollection is not built (more than <paramref name="maxCompounds"/>
    /// compounds under it), or null to build it — also when no area has the code, which the
    /// FeatureCollection itself answers.
    /// </summary>
    public static async Task<string?> RefusalAsync(NpgsqlDataSource dataSource, string areaCode, int maxCompounds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CompoundsUpToSql);
        command.Parameters.AddWithValue("code", areaCode);
        command.Parameters.AddWithValue("limit", maxCompounds + 1);
        return await command.ExecuteScalarAsync(cancellationToken) is int count && count > maxCompounds
            ? string.Create(CultureInfo.InvariantCulture, $"The battle map of {areaCode} would hold more than {maxCompounds:N0} compounds (GeoHub:BattleMap:MaxCompounds): ") +
              "draw it from the vector tiles, GET /tiles/compounds/{z}/{x}/{y}.mvt?asOf=, or ask for an area under it."
            : null;
    }

    /// <summary>The FeatureCollection as JSON text, or null when no area has the code.</summary>
    public static async Task<string?> FeatureCollectionAsync(NpgsqlDataSource dataSource, string areaCode, DateOnly day, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(FeatureCollectionSql);
        command.Parameters.AddWithValue("code", areaCode);
        command.Parameters.AddWithValue("day", NpgsqlDbType.Date, day);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
