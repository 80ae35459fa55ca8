using GeoHub.Data;

namespace GeoHub.Tests.Fixtures;

/// <summary>
/// A database of its own holding a small hand-made map (seven compounds in three communities of
/// 新罗区, venues open, closed and not yet open, office space vacant and assigned), small enough
/// that every answer can be checked by brute force in SQL.
/// </summary>
public sealed class BattleMapFixture() : DatabaseFixture("battlemap")
{
    protected override async Task SeedAsync(GeoHubDb db) => await RunSqlAsync(HandMadeMap.Sql);
}

[CollectionDefinition(Name)]
public sealed class BattleMapDatabase : ICollectionFixture<BattleMapFixture>
{
    public const string Name = "BattleMap";
}

/// <summary>
/// The hand-made map. Compounds are 0.002° squares (about 200 × 220 m) around the given centres.
/// C1 holds venue V1; C2 is about 900 m from V1 and nothing else; V3 near C4 closed in 2020;
/// V5 near C7 opens in 2099; community 350802002001 has no boundary.
/// Coverage: C2 moves from the joint organisation to its own on 2020-01-01; C4's organisation was
/// dissolved on 2019-01-01; C5 never had one.
/// </summary>
internal static class HandMadeMap
{
    public const string Sql = """
        INSERT INTO areas (id, code, name, level, parent_id, path, boundary) VALUES
          (1, '350800', '龙岩市', 'City', NULL, '350800', ST_Multi(ST_MakeEnvelope(116.9, 24.9, 117.2, 25.2, 4326))),
          (2, '350802', '新罗区', 'District', 1, '350800/350802', ST_Multi(ST_MakeEnvelope(116.95, 24.95, 117.15, 25.15, 4326))),
          (3, '350803', '永定区', 'District', 1, '350800/350803', ST_Multi(ST_MakeEnvelope(116.5, 24.6, 116.8, 24.9, 4326))),
          (4, '350802001000', '东城街道', 'Street', 2, '350800/350802/350802001000', ST_Multi(ST_MakeEnvelope(117.0, 25.0, 117.05, 25.05, 4326))),
          (5, '350802002000', '南城街道', 'Street', 2, '350800/350802/350802002000', ST_Multi(ST_MakeEnvelope(117.05, 25.0, 117.1, 25.05, 4326))),
          (6, '350802001001', '东宝社区', 'Community', 4, '350800/350802/350802001000/350802001001', ST_Multi(ST_MakeEnvelope(117.0, 25.0, 117.025, 25.05, 4326))),
          (7, '350802001002', '龙津社区', 'Community', 4, '350800/350802/350802001000/350802001002', ST_Multi(ST_MakeEnvelope(117.025, 25.0, 117.05, 25.05, 4326))),
          (8, '350802002001', '南环社区', 'Community', 5, '350800/350802/350802002000/350802002001', NULL);

        INSERT INTO compounds (id, code, name, community_id, households, boundary)
        SELECT id, code, name, community_id, households, ST_Multi(ST_Expand(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 0.001))
        FROM (VALUES
          (1, 'C1', '龙岩市科技局宿舍楼小区', 6, 500, 117.005, 25.005),
          (2, 'C2', '恒兴绿景小区', 6, 300, 117.015, 25.005),
          (3, 'C3', '华泰小区', 6, 800, 117.010, 25.030),
          (4, 'C4', '龙津花园', 7, 800, 117.035, 25.040),
          (5, 'C5', '东城新村', 7, 120, 117.045, 25.010),
          (6, 'C6', '南环小区', 8, 650, 117.070, 25.020),
          (7, 'C7', '南城公寓', 8, 50, 117.090, 25.045)
        ) AS c(id, code, name, community_id, households, lon, lat);

        INSERT INTO venues (id, name, level, area_id, compound_id, location, floor_area_sqm, capacity, opened_on, closed_on) VALUES
          (1, 'V1 科技局宿舍党群服务站', 'Compound', 6, 1, 'SRID=4326;POINT(117.005 25.005)', 80, 30, '2018-01-01', NULL),
          (2, 'V2 南城党群服务中心', 'Street', 5, NULL, 'SRID=4326;POINT(117.06 25.005)', 300, 120, '2018-01-01', '2099-01-01'),
          (3, 'V3 龙津旧活动室', 'Community', 7, NULL, 'SRID=4326;POINT(117.03 25.04)', 60, 20, '2017-01-01', '2020-01-01'),
          (4, 'V4 南环活动阵地', 'Community', 8, NULL, 'SRID=4326;POINT(117.095 25.03)', 120, 50, '2018-01-01', NULL),
          (5, 'V5 南城公寓新阵地', 'Compound', 8, 7, 'SRID=4326;POINT(117.0925 25.0465)', 50, 20, '2099-01-01', NULL);

        INSERT INTO party_organizations (id, code, name, kind, formation, community_id, formed_on, dissolved_on, startup_funding_yuan) VALUES
          (1, 'O1', '科技局宿舍小区党支部', 'Branch', 'Standalone', 6, '2018-01-01', NULL, 3000),
          (2, 'O2', '恒兴华泰联合党支部', 'Branch', 'Joint', 6, '2018-06-01', NULL, 3000),
          (3, 'O3', '恒兴绿景小区党支部', 'Branch', 'Standalone', 6, '2020-01-01', NULL, 3000),
          (4, 'O4', '龙津花园党支部', 'Branch', 'Standalone', 7, '2018-01-01', '2019-01-01', 3000),
          (5, 'O5', '南环联合党支部', 'Branch', 'Joint', 8, '2019-03-01', NULL, 5000);

        INSERT INTO organization_compounds (organization_id, compound_id, covered_from, covered_until) VALUES
          (1, 1, '2018-01-01', NULL),
          (2, 2, '2018-06-01', '2020-01-01'),
          (2, 3, '2018-06-01', NULL),
          (3, 2, '2020-01-01', NULL),
          (4, 4, '2018-01-01', NULL),
          (5, 6, '2019-03-01', NULL),
          (5, 7, '2019-03-01', NULL);

        INSERT INTO party_members (id, name, category, compound_id) VALUES
          (1, '党员甲', 'CommunityRegistered', 1),
          (2, '党员乙', 'InService', 2),
          (3, '党员丙', 'Retired', 3);

        INSERT INTO owners_committees (id, compound_id, name, formed_on, dissolved_on, formed_under_party_lead) VALUES
          (1, 1, '科技局宿舍业委会', '2018-01-01', NULL, true),
          (2, 2, '恒兴绿景业委会', '2018-01-01', NULL, true),
          (3, 3, '华泰业委会', '2018-01-01', NULL, false),
          (4, 4, '龙津花园业委会', '2018-01-01', '2019-01-01', true);

        INSERT INTO committee_seats (committee_id, role, holder_name, party_member_id, "from", until) VALUES
          (1, 'Director', '党员甲', 1, '2018-01-01', NULL),
          (2, 'Member', '党员乙', 2, '2018-01-01', '2020-01-01'),
          (2, 'Director', '业主甲', NULL, '2018-01-01', NULL),
          (3, 'Director', '党员丙', 3, '2018-01-01', NULL),
          (4, 'Director', '业主乙', NULL, '2018-01-01', NULL);

        INSERT INTO co_building_units (id, name, kind, area_id, location) VALUES
          (1, '龙岩市科技局', 'GovernmentOrgan', 2, 'SRID=4326;POINT(117.02 25.02)'),
          (2, '南城供电所', 'Enterprise', 2, 'SRID=4326;POINT(117.08 25.04)');

        INSERT INTO agreements (unit_id, community_id, compound_id, title, signed_on, ended_on) VALUES
          (1, 6, 1, '科技局共建协议', '2018-01-01', NULL),
          (1, 6, 2, '恒兴共建协议', '2018-01-01', '2020-01-01'),
          (2, 8, 6, '南环共建协议', '2019-01-01', NULL),
          (2, 8, NULL, '南环社区共建协议', '2019-01-01', NULL);

        INSERT INTO office_spaces (id, name, area_id, location, floor_area_sqm, source, added_on, assigned_on, assigned_organization_id, assigned_committee_id) VALUES
          (1, '龙津物业用房', 7, 'SRID=4326;POINT(117.032 25.038)', 40, 'PropertyRoom', '2018-08-01', NULL, NULL, NULL),
          (2, '龙津闲置公房', 7, 'SRID=4326;POINT(117.036 25.043)', 60, 'IdlePublicHousing', '2018-08-01', '2019-01-01', 4, NULL),
          (3, '华泰开发商移交用房', 6, 'SRID=4326;POINT(117.011 25.028)', 50, 'DeveloperHandover', '2018-08-01', '2099-01-01', NULL, 3),
          (4, '南环驻区单位用房', 8, 'SRID=4326;POINT(117.07 25.026)', 30, 'ResidentUnit', '2018-08-01', NULL, NULL, NULL),
          (5, '远处公房', 1, 'SRID=4326;POINT(117.19 25.19)', 30, 'IdlePublicHousing', '2018-08-01', NULL, NULL, NULL);
        """;
}
