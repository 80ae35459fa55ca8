using System.Globalization;
using GeoHub.Areas;
using GeoHub.Common;
using GeoHub.Data;
using GeoHub.GraphQL;
using GeoHub.Maps;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using Npgsql;

namespace GeoHub.Compounds;

/// <summary>How far an import has got: a stage ("validate", "write") and features done of total.</summary>
public sealed record ImportProgress(string Stage, int Done, int Total);

/// <summary>What an import did, or the problems that stopped it (then nothing was written).</summary>
public sealed record CompoundImportResult(int Created, int Updated, IReadOnlyList<Compound> Compounds, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static CompoundImportResult Failed(IEnumerable<ImportError> errors) =>
        new(0, 0, [], [.. errors.OrderBy(e => e.Feature ?? -1)]);
}

/// <summary>
/// Creates or updates a community's compounds from features, all or nothing: the whole input is
/// validated first, inside the transaction that then writes it, so the checks against the
/// stored compounds hold when the rows are written. The GraphQL mutation and `geohub import`
/// both come here.
/// </summary>
public static class CompoundImport
{
    public static async Task<CompoundImportResult> ImportAsync(
        GeoHubDb db, string communityCode, CompoundFeatures input, IProgress<ImportProgress>? progress = null,
        Func<CancellationToken, Task>? beforeCommit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var community = await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Code == communityCode, cancellationToken);
        if (community is null)
        {
            return CompoundImportResult.Failed([new(ErrorCodes.NotFound, $"No area with code '{communityCode}'.")]);
        }

        if (community.Level != AreaLevel.Community)
        {
            return CompoundImportResult.Failed([new(ErrorCodes.InvalidArgument, $"Area {communityCode} ({community.Name}) is a {community.Level.ToString().ToUpperInvariant()}, not a COMMUNITY: compounds belong to communities.")]);
        }

        var total = input.Count;
        progress?.Report(new("validate", 0, total));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Imports take turns, and take the locks the venue-reach fill before the commit needs, in
        // the fill's order (venues, then compounds), up front: two imports each holding compounds
        // for writing and then asking for the fill's SHARE lock would deadlock. Writers to the map
        // already queued on map_version's row; readers are not blocked.
        await db.Database.ExecuteSqlRawAsync("LOCK TABLE venues IN SHARE MODE; LOCK TABLE compounds IN SHARE ROW EXCLUSIVE MODE", cancellationToken);

        // Both the overlap checks and the next free code depend on the community's compounds
        // staying as read.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM areas WHERE id = {community.Id} FOR UPDATE", cancellationToken);

        List<ImportError> errors = [.. input.Errors];
        var existing = await db.Compounds.Where(c => c.CommunityId == community.Id).ToListAsync(cancellationToken);
        var targets = await MatchAsync(db, community, input.Features, existing, errors, cancellationToken);
        errors.AddRange(OverlapsWithinInput(input.Features));
        errors.AddRange(await CheckPlacementAsync(db, transaction, community, input.Features, targets, cancellationToken));
        progress?.Report(new("validate", total, total));
        if (errors.Count > 0)
        {
            return CompoundImportResult.Failed(errors);
        }

        var result = await WriteAsync(db, community, input.Features, targets, progress, cancellationToken);
        if (result.Succeeded)
        {
            // The new and redrawn compounds lost their nearest venues (triggers); only theirs are computed.
            await VenueReach.FillAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(), cancellationToken);
            // The audit log's line for the write, in its transaction: both commit or neither.
            if (beforeCommit is not null)
            {
                await beforeCommit(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// The stored compound each feature updates (by code, else by name within the community), or
    /// null to create one. Duplicates in the input, and codes taken by another community, are errors.
    /// </summary>
    private static async Task<Dictionary<int, Compound?>> MatchAsync(
        GeoHubDb db, Area community, IReadOnlyList<CompoundFeature> features, List<Compound> existing, List<ImportError> errors, CancellationToken cancellationToken)
    {
        var byCode = existing.ToDictionary(c => c.Code, StringComparer.Ordinal);
        var byName = existing.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var givenCodes = features.Where(f => f.Code is not null && !byCode.ContainsKey(f.Code)).Select(f => f.Code!).Distinct().ToList();
        var codesElsewhere = await db.Compounds.Where(c => givenCodes.Contains(c.Code))
            .Select(c => new { c.Code, Community = c.Community!.Code }).ToDictionaryAsync(c => c.Code, c => c.Community, cancellationToken);

        Dictionary<int, Compound?> targets = [];
        Dictionary<string, CompoundFeature> seenCodes = new(StringComparer.Ordinal);
        Dictionary<string, CompoundFeature> seenNames = new(StringComparer.Ordinal);
        Dictionary<int, CompoundFeature> seenTargets = [];
        foreach (var feature in features)
        {
            void Fail(string code, string reason) => errors.Add(new(code, $"{feature.Label}: {reason}.", feature.Index));

            if (feature.Code is { } code && !seenCodes.TryAdd(code, feature))
            {
                Fail(ErrorCodes.InvalidGeometry, $"duplicate code {code} in the input (also {seenCodes[code].Label})");
                continue;
            }

            if (!seenNames.TryAdd(feature.Name, feature))
            {
                Fail(ErrorCodes.InvalidGeometry, $"duplicate name {feature.Name} in the input (also {seenNames[feature.Name].Label})");
                continue;
            }

            Compound? target = null;
            if (feature.Code is { } given && byCode.TryGetValue(given, out var sameCode))
            {
                target = sameCode;
            }
            else if (feature.Code is { } taken && codesElsewhere.TryGetValue(taken, out var otherCommunity))
            {
                Fail(ErrorCodes.InvalidArgument, $"code {taken} belongs to a compound of community {otherCommunity}, not {community.Code}");
                continue;
            }
            else if (byName.TryGetValue(feature.Name, out var sameName))
            {
                if (sameName.Count > 1)
                {
                    Fail(ErrorCodes.InvalidArgument, $"name {feature.Name} matches {sameName.Count} compounds of the community ({string.Join(", ", sameName.Select(c => c.Code))}); give the code");
                    continue;
                }

                target = sameName[0];
            }

            if (target is not null && !seenTargets.TryAdd(target.Id, feature))
            {
                Fail(ErrorCodes.InvalidGeometry, $"updates compound {target.Code} ({target.Name}), as {seenTargets[target.Id].Label} does");
                continue;
            }

            targets[feature.Index] = target;
        }

        return targets;
    }

    /// <summary>Pairs of input features whose interiors share area (an R-tree keeps it from being n²).</summary>
    private static IEnumerable<ImportError> OverlapsWithinInput(IReadOnlyList<CompoundFeature> features)
    {
        var tree = new STRtree<CompoundFeature>();
        foreach (var feature in features)
        {
            tree.Insert(feature.Boundary.EnvelopeInternal, feature);
        }

        foreach (var feature in features)
        {
            var other = tree.Query(feature.Boundary.EnvelopeInternal)
                .Where(o => o.Index < feature.Index && SharesInterior(o.Boundary, feature.Boundary))
                .MinBy(o => o.Index);
            if (other is not null)
            {
                yield return new(ErrorCodes.InvalidGeometry, $"{feature.Label}: overlaps {other.Label} of the input.", feature.Index);
            }
        }
    }

    /// <summary>Interiors intersect: overlap or containment, but not merely touching edges.</summary>
    private static bool SharesInterior(Geometry a, Geometry b) => a.Relate(b, "T********");

    /// <summary>
    /// In PostGIS, inside the transaction: each feature must lie within (be covered by) its
    /// community's boundary and share no area with a compound of the community that the input
    /// does not update. The stored boundaries are read under the community lock taken above.
    /// </summary>
    private static async Task<List<ImportError>> CheckPlacementAsync(
        GeoHubDb db, IDbContextTransaction transaction, Area community, IReadOnlyList<CompoundFeature> features, Dictionary<int, Compound?> targets, CancellationToken cancellationToken)
    {
        List<ImportError> errors = [];
        if (features.Count == 0)
        {
            return errors;
        }

        var byIndex = features.ToDictionary(f => f.Index);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();
        var geometries = features.Select(f => (Geometry)f.Boundary).ToArray();
        var indexes = features.Select(f => f.Index).ToArray();
        var updated = targets.Values.OfType<Compound>().Select(c => c.Id).ToArray();

        // A community without a boundary (not yet surveyed) cannot be checked for containment.
        const string outside = """
            SELECT i.idx, round(ST_Area(ST_Difference(i.g, a.boundary)::geography)::numeric, 1)::float8
            FROM unnest(@g, @idx) AS i(g, idx) JOIN areas a ON a.id = @community
            WHERE a.boundary IS NOT NULL AND NOT ST_CoveredBy(i.g, a.boundary)
            """;
        await using (var command = new NpgsqlCommand(outside, connection, npgsqlTransaction))
        {
            command.Parameters.Add(new NpgsqlParameter<Geometry[]>("g", geometries));
            command.Parameters.Add(new NpgsqlParameter<int[]>("idx", indexes));
            command.Parameters.Add(new NpgsqlParameter<int>("community", community.Id));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var feature = byIndex[reader.GetInt32(0)];
                var metres = reader.GetDouble(1).ToString("0.#", CultureInfo.InvariantCulture);
                errors.Add(new(ErrorCodes.InvalidGeometry, $"{feature.Label}: not inside community {community.Code} ({community.Name}): {metres} m² lie outside its boundary.", feature.Index));
            }
        }

        // && lets the GiST index on compounds.boundary find the candidates; ST_Relate 'T********'
        // then keeps pairs whose interiors meet, so compounds sharing an edge are fine.
        const string overlapping = """
            SELECT DISTINCT ON (i.idx) i.idx, c.code, c.name, round(ST_Area(ST_Intersection(i.g, c.boundary)::geography)::numeric, 1)::float8
            FROM unnest(@g, @idx) AS i(g, idx)
            JOIN compounds c ON c.community_id = @community AND c.boundary && i.g AND NOT (c.id = ANY(@updated))
            WHERE ST_Relate(c.boundary, i.g, 'T********')
            ORDER BY i.idx, c.code
            """;
        await using (var command = new NpgsqlCommand(overlapping, connection, npgsqlTransaction))
        {
            command.Parameters.Add(new NpgsqlParameter<Geometry[]>("g", geometries));
            command.Parameters.Add(new NpgsqlParameter<int[]>("idx", indexes));
            command.Parameters.Add(new NpgsqlParameter<int>("community", community.Id));
            command.Parameters.Add(new NpgsqlParameter<int[]>("updated", updated));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var feature = byIndex[reader.GetInt32(0)];
                var metres = reader.GetDouble(3).ToString("0.#", CultureInfo.InvariantCulture);
                errors.Add(new(ErrorCodes.InvalidGeometry, $"{feature.Label}: overlaps compound {reader.GetString(1)} ({reader.GetString(2)}) of community {community.Code} by {metres} m².", feature.Index));
            }
        }

        return errors;
    }

    private static async Task<CompoundImportResult> WriteAsync(
        GeoHubDb db, Area community, IReadOnlyList<CompoundFeature> features, Dictionary<int, Compound?> targets,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var codes = new NewCodes(community.Code, await db.Compounds.Where(c => c.Code.StartsWith(community.Code)).Select(c => c.Code).ToListAsync(cancellationToken));
        codes.Reserve(features.Select(f => f.Code).OfType<string>());
        List<Compound> written = [];
        var created = 0;
        foreach (var feature in features)
        {
            if (targets[feature.Index] is { } compound)
            {
                compound.Name = feature.Name;
                compound.Code = feature.Code ?? compound.Code;
                compound.Boundary = feature.Boundary;
                compound.Households = feature.Households ?? compound.Households;
                compound.Address = feature.Address ?? compound.Address;
                compound.BuiltYear = feature.BuiltYear ?? compound.BuiltYear;
            }
            else
            {
                var code = feature.Code ?? codes.Next();
                if (code is null)
                {
                    return CompoundImportResult.Failed([new(ErrorCodes.InvalidArgument, $"{feature.Label}: community {community.Code} has no free 3-digit compound code left; give the feature a code.", feature.Index)]);
                }

                compound = new Compound
                {
                    Code = code,
                    Name = feature.Name,
                    CommunityId = community.Id,
                    Households = feature.Households ?? 0,
                    Address = feature.Address,
                    BuiltYear = feature.BuiltYear,
                    Boundary = feature.Boundary,
                };
                db.Compounds.Add(compound);
                created++;
            }

            written.Add(compound);
        }

        progress?.Report(new("write", 0, features.Count));
        await db.SaveChangesAsync(cancellationToken);
        progress?.Report(new("write", features.Count, features.Count));
        return new(created, written.Count - created, written, []);
    }

    /// <summary>New compound codes: the community's code and the next free 3-digit number.</summary>
    private sealed class NewCodes(string community, IEnumerable<string> taken)
    {
        private readonly HashSet<string> used = [.. taken];
        private int last = taken.Select(c => Suffix(community, c)).DefaultIfEmpty(0).Max();

        public void Reserve(IEnumerable<string> codes)
        {
            foreach (var code in codes)
            {
                used.Add(code);
                last = Math.Max(last, Suffix(community, code));
            }
        }

        /// <summary>The next code, or null when the numbers run out (past 999).</summary>
        public string? Next()
        {
            string code;
            do
            {
                if (++last > 999)
                {
                    return null;
                }

                code = community + last.ToString("000", CultureInfo.InvariantCulture);
            }
            while (used.Contains(code));

            used.Add(code);
            return code;
        }

        private static int Suffix(string community, string code) =>
            code.Length == community.Length + 3 && code.StartsWith(community, StringComparison.Ordinal)
                && int.TryParse(code.AsSpan(community.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
