using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.Common;
using Npgsql;

namespace GeoHub.Coverage;

/// <summary>A count for each kind of 三会一课 meeting.</summary>
public sealed record MeetingCounts(int BranchCommittee, int PartyGroup, int GeneralAssembly, int PartyLecture);

/// <summary>Meetings an organisation held in a year, what it had to hold, and whether that was enough.</summary>
public sealed record MeetingComplianceRow(
    int OrganizationId,
    int BranchCommittee,
    int PartyGroup,
    int GeneralAssembly,
    int PartyLecture,
    MeetingCounts Required,
    bool Compliant);

/// <summary>三会一课 compliance of the organisations of an area over a calendar year.</summary>
public static class MeetingCompliance
{
    /// <summary>What an organisation active all year must hold.</summary>
    public static MeetingCounts YearlyMinimums { get; } = new(BranchCommittee: 4, PartyGroup: 4, GeneralAssembly: 1, PartyLecture: 1);

    // An organisation formed or dissolved during the year owes the minimum pro-rated by the
    // calendar months it was active in (any day counts), rounded up: minimum × months / 12.
    // Months rather than days because the rule is "quarterly": pro-rating by days would make an
    // organisation formed on 1 October (92 of 365 days; 4 × 92 / 365 = 1.008) owe two committee
    // meetings in its one quarter. (m × months + 11) / 12 is that ceiling in integers.
    // A dissolution date is the first day the organisation no longer exists, like everywhere else.
    private static readonly string Sql = $"""
        WITH year_bounds AS (
            SELECT make_date(@year, 1, 1) AS first_day, make_date(@year, 12, 31) AS last_day, make_date(@year + 1, 1, 1) AS next_year
        ),
        organizations AS (
            SELECT o.id,
                   greatest(o.formed_on, y.first_day) AS active_from,
                   least(coalesce(o.dissolved_on, y.next_year), y.next_year) AS active_until
            FROM areas a
            JOIN areas d ON {UnderArea.Sql("d.path", "a.path")}
            JOIN party_organizations o ON o.community_id = d.id
            CROSS JOIN year_bounds y
            WHERE a.id = @area_id
              AND {AccessScope.SqlWithin("d.path")}
              AND {ActiveOn.SometimeSql("o.formed_on", "o.dissolved_on", "y.first_day", "y.last_day")}
        ),
        months_active AS (
            SELECT id, (extract(month FROM active_until - 1) - extract(month FROM active_from) + 1)::int AS months
            FROM organizations
        ),
        held AS (
            SELECT m.organization_id,
                   count(*) FILTER (WHERE m.kind = 'BranchCommittee') AS branch_committee,
                   count(*) FILTER (WHERE m.kind = 'PartyGroup') AS party_group,
                   count(*) FILTER (WHERE m.kind = 'GeneralAssembly') AS general_assembly,
                   count(*) FILTER (WHERE m.kind = 'PartyLecture') AS party_lecture
            FROM meetings m
            JOIN organizations o ON o.id = m.organization_id
            CROSS JOIN year_bounds y
            WHERE m.held_on >= y.first_day AND m.held_on < y.next_year
            GROUP BY m.organization_id
        ),
        compliance AS (
            SELECT ma.id,
                   coalesce(h.branch_committee, 0)::int AS branch_committee,
                   coalesce(h.party_group, 0)::int AS party_group,
                   coalesce(h.general_assembly, 0)::int AS general_assembly,
                   coalesce(h.party_lecture, 0)::int AS party_lecture,
                   (@min_branch_committee * ma.months + 11) / 12 AS required_branch_committee,
                   (@min_party_group * ma.months + 11) / 12 AS required_party_group,
                   (@min_general_assembly * ma.months + 11) / 12 AS required_general_assembly,
                   (@min_party_lecture * ma.months + 11) / 12 AS required_party_lecture
            FROM months_active ma LEFT JOIN held h ON h.organization_id = ma.id
        )
        SELECT c.*,
               c.branch_committee >= c.required_branch_committee
               AND c.party_group >= c.required_party_group
               AND c.general_assembly >= c.required_general_assembly
               AND c.party_lecture >= c.required_party_lecture AS compliant
        FROM compliance c
        WHERE NOT @behind_only
           OR c.branch_committee < c.required_branch_committee
           OR c.party_group < c.required_party_group
           OR c.general_assembly < c.required_general_assembly
           OR c.party_lecture < c.required_party_lecture
        ORDER BY c.id
        """;

    /// <summary>
    /// One row per organisation of the area (by its community) active at some point of
    /// <paramref name="year"/>, ordered by organisation id; only the non-compliant ones when
    /// <paramref name="behindOnly"/>; only organisations within the caller's reach for meetings.
    /// </summary>
    public static async Task<IReadOnlyList<MeetingComplianceRow>> ForAreaAsync(
        NpgsqlDataSource dataSource, int areaId, int year, bool behindOnly, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998);

        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<int>("area_id", areaId));
        command.Parameters.Add(new NpgsqlParameter<int>("year", year));
        command.Parameters.Add(new NpgsqlParameter<bool>("behind_only", behindOnly));
        command.Parameters.Add(new NpgsqlParameter<int>("min_branch_committee", YearlyMinimums.BranchCommittee));
        command.Parameters.Add(new NpgsqlParameter<int>("min_party_group", YearlyMinimums.PartyGroup));
        command.Parameters.Add(new NpgsqlParameter<int>("min_general_assembly", YearlyMinimums.GeneralAssembly));
        command.Parameters.Add(new NpgsqlParameter<int>("min_party_lecture", YearlyMinimums.PartyLecture));
        AccessScope.AddSqlParameters(command, caller, DataKind.Meetings);

        var rows = new List<MeetingComplianceRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new MeetingComplianceRow(
                OrganizationId: reader.GetInt32(0),
                BranchCommittee: reader.GetInt32(1),
                PartyGroup: reader.GetInt32(2),
                GeneralAssembly: reader.GetInt32(3),
                PartyLecture: reader.GetInt32(4),
                Required: new MeetingCounts(reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8)),
                Compliant: reader.GetBoolean(9)));
        }

        return rows;
    }
}
