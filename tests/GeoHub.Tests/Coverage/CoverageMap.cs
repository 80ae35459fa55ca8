using GeoHub.Areas;
using GeoHub.CoBuilding;
using GeoHub.Committees;
using GeoHub.Compounds;
using GeoHub.Data;
using GeoHub.Organizations;
using GeoHub.Venues;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace GeoHub.Tests.Coverage;

/// <summary>
/// A hand-made map small enough to count by hand. The two dates the tests read it at are
/// <see cref="Before"/> (2018-12-31) and <see cref="After"/> (2019-06-30).
/// <code>
/// Longyan (city) ─ Xinluo (district) ─ Dongcheng (street) ─ Xc1: K1, K2
///                                                         └ Xc2: K3, K4
///                └ Changting (district) ─ Tingzhou (street) ─ Yc1: K5, K6
///
/// organisation  community formation  formed      dissolved   funding  covers
/// O1            Xc1       Joint      2018-03-01  -           3000     K1 from 2018-03-01; K2 2018-03-01..2019-07-01
/// O2            Xc1       Standalone 2019-03-01  -           5000     K2 from 2019-03-01 (overlaps O1: K2 moves)
/// O3            Xc2       Standalone 2018-01-01  2019-04-01  3000     K3 from 2018-01-01 (link left open)
/// O4            Xc2       Standalone 2019-05-01  -           3000     K4 from 2019-05-01
/// O5            Yc1       Joint      2018-06-01  -           3000     K5 from 2018-06-01; K6 from 2019-04-01
/// O6            Yc1       Standalone 2019-10-01  -           3000     nothing
///
/// member home category   rank        reported    roles                                    seats
/// M1     K1   InService  Division    2018-05-01  Secretary O1 from 2018-03-01             Director C1, Member C2 (from 2018-07-01)
/// M2     K1   InService  -           2019-03-01  GroupLeader O1 from 2019-03-01           -
/// M3     K2   InService  Section     -           Secretary O2 from 2019-03-01             Director C2 from 2019-04-01
/// M4     K3   Retired    Department  -           Secretary O3 2018-01-01..2019-04-01      Director C3 2017-06-01..2019-02-01
/// M5     K5   InService  Section     2018-09-01  CommitteeMember O5 from 2018-06-01       Director C5 2018-07-01..2019-03-01
/// M6     K4   Registered -           -           Secretary O4 from 2019-05-01             Director C5 from 2019-01-01 (elsewhere)
/// M7     K6   InService  -           2019-06-30  -                                        Member C4 from 2019-06-01
/// M8     K2   Retired    Section     -           DeputySecretary O1 2018-03-01..2019-01-01 Member C1 2018-07-01..2019-01-01
///
/// committee compound formed      dissolved   party lead  other seats
/// C1        K1       2018-06-01  -           yes         an owner (not a member) from 2018-07-01
/// C2        K2       2018-06-01  -           no
/// C3        K3       2017-01-01  2019-02-01  yes
/// C4        K4       2019-05-15  -           yes
/// C5        K5       2018-01-01  -           yes
/// C6        K6       2018-01-01  -           yes         only an owner (not a member): never red
/// </code>
/// Co-building, office space and meetings are listed where they are added, below.
/// </summary>
public sealed class CoverageMap
{
    public static readonly DateOnly Before = new(2018, 12, 31);
    public static readonly DateOnly After = new(2019, 6, 30);

    private static readonly GeometryFactory Geometry = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    public required Area City { get; init; }
    public required Area Xinluo { get; init; }
    public required Area Dongcheng { get; init; }
    public required Area Xc1 { get; init; }
    public required Area Xc2 { get; init; }
    public required Area Changting { get; init; }
    public required Area Yc1 { get; init; }
    public required IReadOnlyList<PartyOrganization> Organizations { get; init; }

    /// <summary>O1 … O6 as in the table above.</summary>
    public PartyOrganization O(int number) => Organizations[number - 1];

    public static async Task<CoverageMap> SeedAsync(GeoHubDb db)
    {
        var city = NewArea("350800", "龙岩市", AreaLevel.City, null);
        var xinluo = NewArea("350802", "新罗区", AreaLevel.District, city);
        var dongcheng = NewArea("350802001000", "东城街道", AreaLevel.Street, xinluo);
        var xc1 = NewArea("350802001001", "东城一社区", AreaLevel.Community, dongcheng);
        var xc2 = NewArea("350802001002", "东城二社区", AreaLevel.Community, dongcheng);
        var changting = NewArea("350821", "长汀县", AreaLevel.District, city);
        var tingzhou = NewArea("350821100000", "汀州镇", AreaLevel.Street, changting);
        var yc1 = NewArea("350821100001", "汀州一社区", AreaLevel.Community, tingzhou);
        db.Areas.AddRange(city, xinluo, dongcheng, xc1, xc2, changting, tingzhou, yc1);

        var k1 = NewCompound("K1", xc1, 0);
        var k2 = NewCompound("K2", xc1, 1);
        var k3 = NewCompound("K3", xc2, 2);
        var k4 = NewCompound("K4", xc2, 3);
        var k5 = NewCompound("K5", yc1, 4);
        var k6 = NewCompound("K6", yc1, 5);
        db.Compounds.AddRange(k1, k2, k3, k4, k5, k6);

        var o1 = NewOrganization("O1", xc1, Formation.Joint, D(2018, 3, 1), null, 3000m);
        var o2 = NewOrganization("O2", xc1, Formation.Standalone, D(2019, 3, 1), null, 5000m);
        var o3 = NewOrganization("O3", xc2, Formation.Standalone, D(2018, 1, 1), D(2019, 4, 1), 3000m);
        var o4 = NewOrganization("O4", xc2, Formation.Standalone, D(2019, 5, 1), null, 3000m);
        var o5 = NewOrganization("O5", yc1, Formation.Joint, D(2018, 6, 1), null, 3000m);
        var o6 = NewOrganization("O6", yc1, Formation.Standalone, D(2019, 10, 1), null, 3000m);
        PartyOrganization[] organizations = [o1, o2, o3, o4, o5, o6];
        db.PartyOrganizations.AddRange(organizations);
        Cover(o1, k1, D(2018, 3, 1), null);
        Cover(o1, k2, D(2018, 3, 1), D(2019, 7, 1));
        Cover(o2, k2, D(2019, 3, 1), null);
        Cover(o3, k3, D(2018, 1, 1), null);
        Cover(o4, k4, D(2019, 5, 1), null);
        Cover(o5, k5, D(2018, 6, 1), null);
        Cover(o5, k6, D(2019, 4, 1), null);

        var m1 = NewMember("M1", k1, MemberCategory.InService, CadreRank.Division, D(2018, 5, 1));
        var m2 = NewMember("M2", k1, MemberCategory.InService, null, D(2019, 3, 1));
        var m3 = NewMember("M3", k2, MemberCategory.InService, CadreRank.Section, null);
        var m4 = NewMember("M4", k3, MemberCategory.Retired, CadreRank.Department, null);
        var m5 = NewMember("M5", k5, MemberCategory.InService, CadreRank.Section, D(2018, 9, 1));
        var m6 = NewMember("M6", k4, MemberCategory.CommunityRegistered, null, null);
        var m7 = NewMember("M7", k6, MemberCategory.InService, null, D(2019, 6, 30));
        var m8 = NewMember("M8", k2, MemberCategory.Retired, CadreRank.Section, null);
        db.PartyMembers.AddRange(m1, m2, m3, m4, m5, m6, m7, m8);
        Role(m1, RoleKind.Secretary, o1, D(2018, 3, 1), null);
        Role(m2, RoleKind.GroupLeader, o1, D(2019, 3, 1), null);
        Role(m3, RoleKind.Secretary, o2, D(2019, 3, 1), null);
        Role(m4, RoleKind.Secretary, o3, D(2018, 1, 1), D(2019, 4, 1));
        Role(m5, RoleKind.CommitteeMember, o5, D(2018, 6, 1), null);
        Role(m6, RoleKind.Secretary, o4, D(2019, 5, 1), null);
        Role(m8, RoleKind.DeputySecretary, o1, D(2018, 3, 1), D(2019, 1, 1));

        var c1 = NewCommittee(k1, D(2018, 6, 1), null, partyLead: true);
        var c2 = NewCommittee(k2, D(2018, 6, 1), null, partyLead: false);
        var c3 = NewCommittee(k3, D(2017, 1, 1), D(2019, 2, 1), partyLead: true);
        var c4 = NewCommittee(k4, D(2019, 5, 15), null, partyLead: true);
        var c5 = NewCommittee(k5, D(2018, 1, 1), null, partyLead: true);
        var c6 = NewCommittee(k6, D(2018, 1, 1), null, partyLead: true);
        db.OwnersCommittees.AddRange(c1, c2, c3, c4, c5, c6);
        Seat(c1, SeatRole.Director, m1, D(2018, 7, 1), null);
        Seat(c2, SeatRole.Member, m1, D(2018, 7, 1), null);
        Seat(c1, SeatRole.Member, null, D(2018, 7, 1), null);
        Seat(c2, SeatRole.Director, m3, D(2019, 4, 1), null);
        Seat(c3, SeatRole.Director, m4, D(2017, 6, 1), D(2019, 2, 1));
        Seat(c5, SeatRole.Director, m5, D(2018, 7, 1), D(2019, 3, 1));
        Seat(c5, SeatRole.Director, m6, D(2019, 1, 1), null);
        Seat(c4, SeatRole.Member, m7, D(2019, 6, 1), null);
        Seat(c1, SeatRole.Member, m8, D(2018, 7, 1), D(2019, 1, 1));
        Seat(c6, SeatRole.Member, null, D(2018, 1, 1), null);

        // Agreements: Xc1 2018-05-01 open; Xc2 2018-02-01..2019-01-01; Yc1 2019-02-01 open; Xc1 2019-07-01 (later).
        var unit = new CoBuildingUnit { Name = "市科技局", Kind = UnitKind.GovernmentOrgan, Area = city, Location = Point(0) };
        db.CoBuildingUnits.Add(unit);
        db.Agreements.AddRange(
            new Agreement { Unit = unit, Community = xc1, Title = "A1", SignedOn = D(2018, 5, 1) },
            new Agreement { Unit = unit, Community = xc2, Title = "A2", SignedOn = D(2018, 2, 1), EndedOn = D(2019, 1, 1) },
            new Agreement { Unit = unit, Community = yc1, Title = "A3", SignedOn = D(2019, 2, 1) },
            new Agreement { Unit = unit, Community = xc1, Title = "A4", SignedOn = D(2019, 7, 1) });

        // Activities: Xc1 2018-06-01 and 2019-04-01; Yc1 2018-11-11; Xc2 2019-06-30.
        db.Activities.AddRange(
            new Activity { Unit = unit, Community = xc1, Title = "E1", HeldOn = D(2018, 6, 1) },
            new Activity { Unit = unit, Community = xc1, Title = "E2", HeldOn = D(2019, 4, 1) },
            new Activity { Unit = unit, Community = yc1, Title = "E3", HeldOn = D(2018, 11, 11) },
            new Activity { Unit = unit, Community = xc2, Title = "E4", HeldOn = D(2019, 6, 30) });

        // Projects: Xc1 2018-07-01→2018-12-01; Xc1 2018-10-01→2019-05-01; Yc1 2019-03-01 open; Xc2 2019-08-01.
        db.Projects.AddRange(
            new Project { Unit = unit, Community = xc1, Name = "P1", LaunchedOn = D(2018, 7, 1), CompletedOn = D(2018, 12, 1) },
            new Project { Unit = unit, Community = xc1, Name = "P2", LaunchedOn = D(2018, 10, 1), CompletedOn = D(2019, 5, 1) },
            new Project { Unit = unit, Community = yc1, Name = "P3", LaunchedOn = D(2019, 3, 1) },
            new Project { Unit = unit, Community = xc2, Name = "P4", LaunchedOn = D(2019, 8, 1) });

        // Office space (see OfficeSpaceRollupTests for the window): F2 is assigned, F3's assignment
        // is dated a year ahead of today, so it is still vacant; F5 is on the street itself.
        var nextYear = DateOnly.FromDateTime(DateTime.Today).AddYears(1);
        db.OfficeSpaces.AddRange(
            NewOfficeSpace("F1", xc1, 100.0m, D(2018, 7, 1), null, null),
            NewOfficeSpace("F2", xc1, 50.5m, D(2019, 1, 15), D(2019, 2, 1), o1),
            NewOfficeSpace("F3", xc2, 200.0m, D(2019, 6, 30), nextYear, o4),
            NewOfficeSpace("F4", xc2, 80.0m, D(2018, 6, 30), null, null),
            NewOfficeSpace("F5", dongcheng, 30.0m, D(2018, 12, 1), null, null),
            NewOfficeSpace("F6", yc1, 60.0m, D(2019, 1, 1), null, null),
            NewOfficeSpace("F7", xc1, 40.0m, D(2019, 7, 1), null, null));

        // Meetings (see MeetingComplianceTests): committee, party group, assembly, lecture held in 2019.
        Meetings(db, o1, D(2019, 2, 1), 4, 4, 1, 1);
        Meetings(db, o1, D(2018, 12, 15), 1, 0, 0, 0);
        Meetings(db, o1, D(2020, 1, 10), 1, 0, 0, 0);
        Meetings(db, o2, D(2019, 4, 1), 4, 3, 1, 1);
        Meetings(db, o3, D(2019, 1, 10), 1, 1, 1, 1);
        Meetings(db, o4, D(2019, 6, 1), 3, 3, 1, 0);
        Meetings(db, o5, D(2019, 1, 5), 5, 4, 1, 1);
        Meetings(db, o6, D(2019, 10, 8), 1, 1, 1, 1);

        await db.SaveChangesAsync();
        return new CoverageMap
        {
            City = city,
            Xinluo = xinluo,
            Dongcheng = dongcheng,
            Xc1 = xc1,
            Xc2 = xc2,
            Changting = changting,
            Yc1 = yc1,
            Organizations = organizations,
        };
    }

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static Point Point(int offset) => Geometry.CreatePoint(new Coordinate(117.0 + (0.01 * offset), 25.1));

    private static Area NewArea(string code, string name, AreaLevel level, Area? parent) => new()
    {
        Code = code,
        Name = name,
        Level = level,
        Parent = parent,
        Path = parent is null ? code : parent.Path + "/" + code,
    };

    private static Compound NewCompound(string code, Area community, int offset)
    {
        var (x, y) = (117.0 + (0.01 * offset), 25.0);
        var square = Geometry.CreatePolygon(
        [
            new Coordinate(x, y), new Coordinate(x + 0.005, y), new Coordinate(x + 0.005, y + 0.005),
            new Coordinate(x, y + 0.005), new Coordinate(x, y),
        ]);
        return new Compound { Code = code, Name = code, Community = community, Households = 100, Boundary = Geometry.CreateMultiPolygon([square]) };
    }

    private static PartyOrganization NewOrganization(
        string code, Area community, Formation formation, DateOnly formedOn, DateOnly? dissolvedOn, decimal funding) => new()
        {
            Code = code,
            Name = code,
            Kind = OrganizationKind.Branch,
            Formation = formation,
            Community = community,
            FormedOn = formedOn,
            DissolvedOn = dissolvedOn,
            StartupFundingYuan = funding,
        };

    private static void Cover(PartyOrganization organization, Compound compound, DateOnly from, DateOnly? until) =>
        organization.Compounds.Add(new OrganizationCompound { Compound = compound, CoveredFrom = from, CoveredUntil = until });

    private static PartyMember NewMember(string name, Compound home, MemberCategory category, CadreRank? rank, DateOnly? reportedOn) => new()
    {
        Name = name,
        Compound = home,
        Category = category,
        CadreRank = rank,
        ReportedOn = reportedOn,
    };

    private static void Role(PartyMember member, RoleKind kind, PartyOrganization organization, DateOnly from, DateOnly? until) =>
        member.Roles.Add(new PartyRole { Kind = kind, Organization = organization, From = from, Until = until });

    private static OwnersCommittee NewCommittee(Compound compound, DateOnly formedOn, DateOnly? dissolvedOn, bool partyLead) => new()
    {
        Name = compound.Code + " owners' committee",
        Compound = compound,
        FormedOn = formedOn,
        DissolvedOn = dissolvedOn,
        FormedUnderPartyLead = partyLead,
    };

    private static void Seat(OwnersCommittee committee, SeatRole role, PartyMember? member, DateOnly from, DateOnly? until) =>
        committee.Seats.Add(new CommitteeSeat { Role = role, HolderName = member?.Name ?? "owner", PartyMember = member, From = from, Until = until });

    private static OfficeSpace NewOfficeSpace(
        string name, Area area, decimal sqm, DateOnly addedOn, DateOnly? assignedOn, PartyOrganization? assignedTo) => new()
        {
            Name = name,
            Area = area,
            Location = Point(1),
            FloorAreaSqm = sqm,
            Source = OfficeSpaceSource.PropertyRoom,
            AddedOn = addedOn,
            AssignedOn = assignedOn,
            AssignedOrganization = assignedTo,
        };

    /// <summary>Adds the given numbers of each kind of meeting, a week apart from <paramref name="first"/>.</summary>
    private static void Meetings(GeoHubDb db, PartyOrganization organization, DateOnly first, int committee, int group, int assembly, int lecture)
    {
        var day = first;
        foreach (var (kind, count) in new[]
        {
            (MeetingKind.BranchCommittee, committee), (MeetingKind.PartyGroup, group),
            (MeetingKind.GeneralAssembly, assembly), (MeetingKind.PartyLecture, lecture),
        })
        {
            for (var i = 0; i < count; i++)
            {
                db.Meetings.Add(new Meeting { Organization = organization, Kind = kind, HeldOn = day });
                day = day.AddDays(7);
            }
        }
    }
}
