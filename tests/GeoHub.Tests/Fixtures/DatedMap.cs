namespace GeoHub.Tests.Fixtures;

/// <summary>
/// A hand-made map for the edges of "active on a day" and of "under an area". Every dated row
/// that is tested starts on <see cref="First"/> (2019-03-01); the ones that end, end on
/// <see cref="End"/> (2019-04-01); each has an open-ended twin starting the same day. Everything
/// else a figure needs is active from 2000 on and never ends, so each figure moves only with the
/// row under test. One community per noun keeps the figures small enough to count by hand:
/// <code>
/// 350800 city ─ 350802 district ─ 350802001000 street ─ communities 001 … 010 below
///             └ 3508021 district ─ 3508021001 street ─ 3508021001001 "trap" community
///
/// community  rows (F = First, E = End)
/// 001 org    O1 formed F, dissolved E, covers K1;  O2 formed F, open, covers K2 (links from 2000)
/// 002 link   O3 (2000) covers K3 from F until E, and K4 from F
/// 003 role   O4 (2000) covers K5; M1 (section cadre) secretary F..E; M2 (division cadre) from F
/// 004 comm.  K6: committee CM1 formed F, dissolved E; K7: CM2 formed F; each red, seat from 2000
/// 005 seat   K8: CM3 (2000) seat of M5 F..E; K9: CM4 (2000) seat of M6 from F
/// 006 agr.   unit U1 (beside K10): agreement A1 on K10 signed F, ended E; A2 on K11 signed F
/// 007 proj.  project P1 launched F, completed E; P2 launched F; activity E1 held F;
///            M7 in service, reported back F (home K12)
/// 008 venue  K13 with venue V1 50 m east, opened F, closed E; K14 with V3 50 m east, opened F;
///            V2 (street level, 2000) 10 km east of K13; V1 booked 2019-03-10 09:00–11:00 (+08);
///            room R3 (added 2019-01-15) assigned F, released E, beside K13 beyond R1 and R2
/// 009 office rooms R1 added F, assigned E; R2 added F, never assigned (both beside K13)
/// 010 meet.  O5 formed 2019-12-31; O6 2018-01-01..2019-01-01; O7 2018-06-01..2019-01-02
/// trap       KT covered by OT, red committee CT, agreement AT, room RT (added F), project PT,
///            activity ET, meeting of OT: under 350800, never under 350802 ('350800/3508021'
///            starts with '350800/350802' but is not under it)
/// </code>
/// Compounds are 0.001° squares (about 100 m × 110 m) 1 km apart along latitude 25.1, except
/// K13 (117.5), K14 (117.8) and KT (117.0, 25.2).
/// </summary>
public static class DatedMap
{
    public static readonly DateOnly First = new(2019, 3, 1);
    public static readonly DateOnly End = new(2019, 4, 1);

    /// <summary>The day before the first.</summary>
    public static readonly DateOnly Before = First.AddDays(-1);

    /// <summary>The last day before the end.</summary>
    public static readonly DateOnly LastDay = End.AddDays(-1);

    /// <summary>Long after the end, for the open-ended rows.</summary>
    public static readonly DateOnly Later = new(2030, 1, 1);

    /// <summary>Before, First, LastDay, End, Later: the days each edge test reads.</summary>
    public static readonly DateOnly[] Days = [Before, First, LastDay, End, Later];

    public const string District = "350802";
    public const string TrapDistrict = "3508021";
    public const string Street = "350802001000";
    public const string OrgCommunity = "350802001001";
    public const string LinkCommunity = "350802001002";
    public const string RoleCommunity = "350802001003";
    public const string CommitteeCommunity = "350802001004";
    public const string SeatCommunity = "350802001005";
    public const string AgreementCommunity = "350802001006";
    public const string ProjectCommunity = "350802001007";
    public const string VenueCommunity = "350802001008";
    public const string OfficeCommunity = "350802001009";
    public const string MeetingCommunity = "350802001010";

    public const string Sql = """
        INSERT INTO areas (id, code, name, level, parent_id, path) VALUES
          (1, '350800', '龙岩市', 'City', NULL, '350800'),
          (2, '350802', '新罗区', 'District', 1, '350800/350802'),
          (3, '350802001000', '东城街道', 'Street', 2, '350800/350802/350802001000'),
          (11, '350802001001', '组织社区', 'Community', 3, '350800/350802/350802001000/350802001001'),
          (12, '350802001002', '覆盖社区', 'Community', 3, '350800/350802/350802001000/350802001002'),
          (13, '350802001003', '职务社区', 'Community', 3, '350800/350802/350802001000/350802001003'),
          (14, '350802001004', '业委会社区', 'Community', 3, '350800/350802/350802001000/350802001004'),
          (15, '350802001005', '席位社区', 'Community', 3, '350800/350802/350802001000/350802001005'),
          (16, '350802001006', '协议社区', 'Community', 3, '350800/350802/350802001000/350802001006'),
          (17, '350802001007', '项目社区', 'Community', 3, '350800/350802/350802001000/350802001007'),
          (18, '350802001008', '阵地社区', 'Community', 3, '350800/350802/350802001000/350802001008'),
          (19, '350802001009', '用房社区', 'Community', 3, '350800/350802/350802001000/350802001009'),
          (20, '350802001010', '会议社区', 'Community', 3, '350800/350802/350802001000/350802001010'),
          (4, '3508021', '陷阱区', 'District', 1, '350800/3508021'),
          (5, '3508021001', '陷阱街道', 'Street', 4, '350800/3508021/3508021001'),
          (21, '3508021001001', '陷阱社区', 'Community', 5, '350800/3508021/3508021001/3508021001001');

        INSERT INTO compounds (id, code, name, community_id, households, boundary)
        SELECT i, 'K' || i, 'K' || i, c, 10 * i,
               ST_Multi(ST_MakeEnvelope(117.0 + 0.01 * i, 25.1, 117.001 + 0.01 * i, 25.101, 4326))
        FROM (VALUES (1, 11), (2, 11), (3, 12), (4, 12), (5, 13), (6, 14), (7, 14), (8, 15), (9, 15),
                     (10, 16), (11, 16), (12, 17)) AS k(i, c);
        INSERT INTO compounds (id, code, name, community_id, households, boundary) VALUES
          (13, 'K13', 'K13', 18, 130, ST_Multi(ST_MakeEnvelope(117.500, 25.1, 117.501, 25.101, 4326))),
          (14, 'K14', 'K14', 18, 140, ST_Multi(ST_MakeEnvelope(117.800, 25.1, 117.801, 25.101, 4326))),
          (99, 'KT', 'KT', 21, 990, ST_Multi(ST_MakeEnvelope(117.000, 25.2, 117.001, 25.201, 4326)));

        INSERT INTO party_organizations (id, code, name, kind, formation, community_id, formed_on, dissolved_on, startup_funding_yuan) VALUES
          (1, 'O1', 'O1', 'Branch', 'Standalone', 11, DATE '2019-03-01', DATE '2019-04-01', 3000),
          (2, 'O2', 'O2', 'Branch', 'Standalone', 11, DATE '2019-03-01', NULL, 3000),
          (3, 'O3', 'O3', 'Branch', 'Joint', 12, DATE '2000-01-01', NULL, 3000),
          (4, 'O4', 'O4', 'Branch', 'Standalone', 13, DATE '2000-01-01', NULL, 3000),
          (5, 'O5', 'O5', 'Branch', 'Standalone', 20, DATE '2019-12-31', NULL, 3000),
          (6, 'O6', 'O6', 'Branch', 'Standalone', 20, DATE '2018-01-01', DATE '2019-01-01', 3000),
          (7, 'O7', 'O7', 'Branch', 'Standalone', 20, DATE '2018-06-01', DATE '2019-01-02', 3000),
          (99, 'OT', 'OT', 'Branch', 'Standalone', 21, DATE '2000-01-01', NULL, 3000);
        INSERT INTO organization_compounds (organization_id, compound_id, covered_from, covered_until) VALUES
          (1, 1, DATE '2000-01-01', NULL),
          (2, 2, DATE '2000-01-01', NULL),
          (3, 3, DATE '2019-03-01', DATE '2019-04-01'),
          (3, 4, DATE '2019-03-01', NULL),
          (4, 5, DATE '2000-01-01', NULL),
          (99, 99, DATE '2000-01-01', NULL);

        INSERT INTO party_members (id, name, category, cadre_rank, compound_id, reported_on) VALUES
          (1, 'M1', 'Retired', 'Section', 5, NULL),
          (2, 'M2', 'Retired', 'Division', 5, NULL),
          (3, 'M3', 'Retired', NULL, 6, NULL),
          (4, 'M4', 'Retired', NULL, 7, NULL),
          (5, 'M5', 'Retired', NULL, 8, NULL),
          (6, 'M6', 'Retired', NULL, 9, NULL),
          (7, 'M7', 'InService', NULL, 12, DATE '2019-03-01'),
          (99, 'MT', 'Retired', NULL, 99, NULL);
        INSERT INTO party_roles (id, member_id, kind, organization_id, "from", until) VALUES
          (1, 1, 'Secretary', 4, DATE '2019-03-01', DATE '2019-04-01'),
          (2, 2, 'CommitteeMember', 4, DATE '2019-03-01', NULL);

        INSERT INTO owners_committees (id, compound_id, name, formed_on, dissolved_on, formed_under_party_lead) VALUES
          (1, 6, 'CM1', DATE '2019-03-01', DATE '2019-04-01', true),
          (2, 7, 'CM2', DATE '2019-03-01', NULL, true),
          (3, 8, 'CM3', DATE '2000-01-01', NULL, true),
          (4, 9, 'CM4', DATE '2000-01-01', NULL, true),
          (99, 99, 'CT', DATE '2000-01-01', NULL, true);
        INSERT INTO committee_seats (id, committee_id, role, holder_name, party_member_id, "from", until) VALUES
          (1, 1, 'Director', 'M3', 3, DATE '2000-01-01', NULL),
          (2, 2, 'Director', 'M4', 4, DATE '2000-01-01', NULL),
          (3, 3, 'Director', 'M5', 5, DATE '2019-03-01', DATE '2019-04-01'),
          (4, 4, 'Director', 'M6', 6, DATE '2019-03-01', NULL),
          (99, 99, 'Director', 'MT', 99, DATE '2000-01-01', NULL);

        INSERT INTO co_building_units (id, name, kind, area_id, location) VALUES
          (1, 'U1', 'Enterprise', 16, ST_SetSRID(ST_MakePoint(117.1055, 25.1005), 4326)::geography);
        INSERT INTO agreements (id, unit_id, community_id, compound_id, title, signed_on, ended_on) VALUES
          (1, 1, 16, 10, 'A1', DATE '2019-03-01', DATE '2019-04-01'),
          (2, 1, 16, 11, 'A2', DATE '2019-03-01', NULL),
          (99, 1, 21, 99, 'AT', DATE '2000-01-01', NULL);
        INSERT INTO projects (id, unit_id, community_id, name, launched_on, completed_on) VALUES
          (1, 1, 17, 'P1', DATE '2019-03-01', DATE '2019-04-01'),
          (2, 1, 17, 'P2', DATE '2019-03-01', NULL),
          (99, 1, 21, 'PT', DATE '2019-03-01', NULL);
        INSERT INTO activities (id, unit_id, community_id, title, held_on, participants) VALUES
          (1, 1, 17, 'E1', DATE '2019-03-01', 10),
          (99, 1, 21, 'ET', DATE '2019-03-01', 10);
        INSERT INTO meetings (id, organization_id, kind, held_on, attendees) VALUES
          (99, 99, 'PartyLecture', DATE '2019-05-01', 10);

        INSERT INTO venues (id, name, level, area_id, location, floor_area_sqm, capacity, opened_on, closed_on) VALUES
          (1, 'V1', 'Community', 18, ST_SetSRID(ST_MakePoint(117.5015, 25.1005), 4326)::geography, 100, 50, DATE '2019-03-01', DATE '2019-04-01'),
          (2, 'V2', 'Street', 18, ST_SetSRID(ST_MakePoint(117.600, 25.1005), 4326)::geography, 100, 50, DATE '2000-01-01', NULL),
          (3, 'V3', 'Community', 18, ST_SetSRID(ST_MakePoint(117.8015, 25.1005), 4326)::geography, 100, 50, DATE '2019-03-01', NULL);
        INSERT INTO bookings (id, venue_id, during, booked_by, created_at) VALUES
          (1, 1, tstzrange('2019-03-10 09:00+08', '2019-03-10 11:00+08', '[)'), '张三', now());

        INSERT INTO office_spaces (id, name, area_id, location, floor_area_sqm, source, added_on, assigned_on, assigned_organization_id) VALUES
          (1, 'R1', 19, ST_SetSRID(ST_MakePoint(117.5005, 25.1015), 4326)::geography, 50, 'PropertyRoom', DATE '2019-03-01', DATE '2019-04-01', 4),
          (2, 'R2', 19, ST_SetSRID(ST_MakePoint(117.5008, 25.1015), 4326)::geography, 30, 'PropertyRoom', DATE '2019-03-01', NULL, NULL),
          (99, 'RT', 21, ST_SetSRID(ST_MakePoint(117.0005, 25.2015), 4326)::geography, 70, 'PropertyRoom', DATE '2019-03-01', NULL, NULL);
        INSERT INTO office_spaces (id, name, area_id, location, floor_area_sqm, source, added_on, assigned_on, released_on, assigned_organization_id) VALUES
          (3, 'R3', 18, ST_SetSRID(ST_MakePoint(117.5005, 25.1025), 4326)::geography, 40, 'PropertyRoom', DATE '2019-01-15', DATE '2019-03-01', DATE '2019-04-01', 4);
        """;
}
