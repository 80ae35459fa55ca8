namespace GeoHub.Tests.Fixtures;

/// <summary>
/// The hand-made map. Near lon 117.0, lat 25.1 a step of 0.001° is about 101 m east and 111 m north.
/// Edge cases: a unit inside compound 1 (distance 0); units 2 and 3 at one point (a tie, decided by
/// id); a two-part compound; agreements in force, ended and signed for later; 50 grid compounds with
/// 80 scattered units for batching and brute-force comparison. Venues around P = (117.100, 25.100):
/// bookings touching, overlapping and cancelled, a closed and a not-yet-open venue, a small one,
/// two at one point; venues 20 and 21 far away take the booking tests' writes.
/// </summary>
public static class SpatialMap
{
    public const int CompoundWithUnitInside = 1;
    public const int UnitInsideCompound = 1;
    public const int PairedUnit = 4;
    public const int UnitWithEndedAgreement = 5;
    public const int BookingVenue = 20;
    public const int ConcurrencyVenue = 21;

    public const string Sql = """
        INSERT INTO areas (id, code, name, level, parent_id, path) VALUES
          (1, '350800', '龙岩市', 'City', NULL, '350800'),
          (2, '350802', '新罗区', 'District', 1, '350800/350802'),
          (3, '350802001000', '东城街道', 'Street', 2, '350800/350802/350802001000'),
          (4, '350802001001', '测试社区', 'Community', 3, '350800/350802/350802001000/350802001001'),
          (5, '350803', '永定区', 'District', 1, '350800/350803'),
          (6, '350803001001', '永定测试社区', 'Community', 5, '350800/350803/350803001001');

        INSERT INTO compounds (id, code, name, community_id, households, boundary) VALUES
          (1, 'T001', '甲小区', 4, 100, ST_Multi(ST_MakeEnvelope(117.000, 25.100, 117.002, 25.102, 4326))),
          (2, 'T002', '乙小区', 4, 200, ST_Multi(ST_MakeEnvelope(117.010, 25.100, 117.012, 25.102, 4326))),
          (3, 'T003', '丙小区 (two parts)', 4, 300, ST_Collect(
              ST_MakeEnvelope(117.020, 25.100, 117.021, 25.101, 4326),
              ST_MakeEnvelope(117.005, 25.110, 117.006, 25.111, 4326)));
        INSERT INTO compounds (id, code, name, community_id, households, boundary)
        SELECT 4 + i, 'G' || lpad(i::text, 3, '0'), '网格' || i || '号小区', 4, 10 * i,
               ST_Multi(ST_MakeEnvelope(117.03 + (i % 10) * 0.004, 25.10 + (i / 10) * 0.004,
                                        117.03 + (i % 10) * 0.004 + 0.0015, 25.10 + (i / 10) * 0.004 + 0.001, 4326))
        FROM generate_series(0, 49) AS i;

        INSERT INTO co_building_units (id, name, kind, area_id, location) VALUES
          (1, '单位1 inside 甲', 'Enterprise', 2, ST_SetSRID(ST_MakePoint(117.001, 25.101), 4326)::geography),
          (2, '单位2 east of 甲', 'Enterprise', 2, ST_SetSRID(ST_MakePoint(117.004, 25.101), 4326)::geography),
          (3, '单位3 same point as 2', 'GovernmentOrgan', 2, ST_SetSRID(ST_MakePoint(117.004, 25.101), 4326)::geography),
          (4, '单位4 north of 甲, paired', 'PublicInstitution', 2, ST_SetSRID(ST_MakePoint(117.001, 25.106), 4326)::geography),
          (5, '单位5 west of 甲, agreement ended', 'SocialOrganization', 2, ST_SetSRID(ST_MakePoint(116.995, 25.101), 4326)::geography),
          (6, '单位6 far east', 'Enterprise', 2, ST_SetSRID(ST_MakePoint(117.150, 25.101), 4326)::geography),
          (7, '单位7 between the parts of 丙', 'Enterprise', 6, ST_SetSRID(ST_MakePoint(117.013, 25.106), 4326)::geography);
        INSERT INTO co_building_units (id, name, kind, area_id, location)
        SELECT 100 + i, '散点单位' || i, 'Enterprise', 2,
               ST_SetSRID(ST_MakePoint(117.03 + abs(sin(i * 12.9898)) * 0.04, 25.098 + abs(sin(i * 78.233)) * 0.024), 4326)::geography
        FROM generate_series(0, 79) AS i;

        INSERT INTO agreements (unit_id, community_id, compound_id, title, signed_on, ended_on) VALUES
          (4, 4, 1, '共建协议 4-甲 in force', DATE '2018-03-01', NULL),
          (5, 4, 1, '共建协议 5-甲 ended', DATE '2017-03-01', DATE '2018-12-31'),
          (2, 4, 2, '共建协议 2-乙 signed for later', DATE '2090-01-01', NULL),
          (3, 4, NULL, '共建协议 3 with the community only', DATE '2018-01-01', NULL),
          (100, 4, 5, '共建协议 100-网格2', DATE '2018-01-01', DATE '2099-12-31');

        INSERT INTO venues (id, name, level, area_id, location, floor_area_sqm, capacity, opened_on, closed_on) VALUES
          (1, '阵地1 booked 9-11 (touching)', 'Community', 4, ST_SetSRID(ST_MakePoint(117.101, 25.100), 4326)::geography, 100, 50, DATE '2018-01-01', NULL),
          (2, '阵地2 booked 12-14 (overlapping)', 'Community', 4, ST_SetSRID(ST_MakePoint(117.102, 25.100), 4326)::geography, 100, 50, DATE '2018-01-01', NULL),
          (3, '阵地3 booking cancelled', 'Community', 4, ST_SetSRID(ST_MakePoint(117.103, 25.100), 4326)::geography, 100, 50, DATE '2018-01-01', NULL),
          (4, '阵地4 closed', 'Community', 4, ST_SetSRID(ST_MakePoint(117.100, 25.101), 4326)::geography, 100, 50, DATE '2018-01-01', DATE '2019-05-01'),
          (5, '阵地5 not yet open', 'Community', 4, ST_SetSRID(ST_MakePoint(117.100, 25.102), 4326)::geography, 100, 50, DATE '2019-07-01', NULL),
          (6, '阵地6 small', 'Compound', 4, ST_SetSRID(ST_MakePoint(117.099, 25.100), 4326)::geography, 20, 5, DATE '2018-01-01', NULL),
          (7, '阵地7 the edge case', 'Street', 3, ST_SetSRID(ST_MakePoint(117.100, 25.110), 4326)::geography, 300, 80, DATE '2018-01-01', NULL),
          (8, '阵地8 same point as 9', 'Community', 4, ST_SetSRID(ST_MakePoint(117.100, 25.099), 4326)::geography, 100, 30, DATE '2018-01-01', NULL),
          (9, '阵地9 same point as 8', 'Community', 4, ST_SetSRID(ST_MakePoint(117.100, 25.099), 4326)::geography, 100, 30, DATE '2018-01-01', NULL),
          (10, '阵地10 far', 'Community', 6, ST_SetSRID(ST_MakePoint(117.200, 25.100), 4326)::geography, 100, 50, DATE '2018-01-01', NULL),
          (11, '阵地11 closes the day after', 'Community', 4, ST_SetSRID(ST_MakePoint(117.098, 25.100), 4326)::geography, 100, 50, DATE '2018-01-01', DATE '2019-06-02'),
          (20, '阵地20 for booking tests', 'Community', 6, ST_SetSRID(ST_MakePoint(117.300, 25.300), 4326)::geography, 100, 50, DATE '2018-01-01', NULL),
          (21, '阵地21 for the concurrency test', 'Community', 6, ST_SetSRID(ST_MakePoint(117.310, 25.300), 4326)::geography, 100, 50, DATE '2018-01-01', NULL);

        INSERT INTO bookings (venue_id, during, booked_by, created_at, cancelled_at) VALUES
          (1, tstzrange('2019-06-01 09:00+08', '2019-06-01 11:00+08', '[)'), '张三', now(), NULL),
          (2, tstzrange('2019-06-01 12:00+08', '2019-06-01 14:00+08', '[)'), '李四', now(), NULL),
          (3, tstzrange('2019-06-01 11:00+08', '2019-06-01 13:00+08', '[)'), '王五', now(), now()),
          (8, tstzrange('2019-06-01 13:00+08', '2019-06-01 15:00+08', '[)'), '赵六', now(), NULL);

        INSERT INTO property_companies (id, name) VALUES (1, '测试物业');
        INSERT INTO office_spaces (id, name, area_id, location, floor_area_sqm, source, added_on, assigned_on, assigned_property_company_id) VALUES
          (1, '用房1 vacant near P', 4, ST_SetSRID(ST_MakePoint(117.101, 25.101), 4326)::geography, 60, 'PropertyRoom', DATE '2018-07-01', NULL, NULL),
          (2, '用房2 assigned near P', 4, ST_SetSRID(ST_MakePoint(117.102, 25.101), 4326)::geography, 80, 'ResidentUnit', DATE '2019-06-30', DATE '2019-07-01', 1),
          (3, '用房3 assigned later', 4, ST_SetSRID(ST_MakePoint(117.100, 25.103), 4326)::geography, 40, 'IdlePublicHousing', DATE '2018-06-30', DATE '2099-01-01', 1),
          (4, '用房4 far, other district', 6, ST_SetSRID(ST_MakePoint(117.200, 25.100), 4326)::geography, 120, 'DeveloperHandover', DATE '2019-01-15', NULL, NULL),
          (5, '用房5 edge of 1 km', 3, ST_SetSRID(ST_MakePoint(117.100, 25.109), 4326)::geography, 30, 'PropertyRoom', DATE '2019-07-01', NULL, NULL);
        """;
}
