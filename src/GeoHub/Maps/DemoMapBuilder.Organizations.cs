using System.Globalization;
using GeoHub.Organizations;

namespace GeoHub.Maps;

// Party members, compound party organisations (standalone or joint), their roles and building
// party groups. Counts that the seed's table fixes are drawn as exact lists and shuffled, rather
// than sampled, so they come out exactly at every scale.
internal sealed partial class DemoMapBuilder
{
    private const int InServiceReportedByAsOf = 37455;
    private const int OrganizationsActive = 1250;
    private const int ChangtingOrganizations = 104;
    private const string Changting = "350821";

    private static readonly (MemberCategory Category, int Count)[] OtherCategories =
    [
        (MemberCategory.CommunityRegistered, 5200), (MemberCategory.Retired, 3800), (MemberCategory.RuralMigrant, 900),
        (MemberCategory.NewSector, 700), (MemberCategory.Floating, 500),
    ];

    private const int InServiceReportedLater = 1245;

    private static readonly string[] WorkUnits =
    [
        "龙岩市财政局", "龙岩市教育局", "龙岩市科技局", "龙岩市卫健委", "龙岩市住建局", "龙岩市公安局", "新罗区人民政府", "新罗区教育局",
        "龙岩学院", "龙岩市第一医院", "龙岩人民医院", "龙岩烟草公司", "国网龙岩供电公司", "中国银行龙岩分行", "龙岩市税务局", "龙岩交通发展集团",
        "紫金矿业集团", "龙工集团", "龙岩一中", "龙岩二中", "新罗区人民法院", "龙岩市检察院", "龙岩日报社", "龙岩市自然资源局",
    ];

    private int groupCount;

    private void BuildMembers()
    {
        var categories = new List<(MemberCategory Category, bool Later)>();
        categories.AddRange(Enumerable.Repeat((MemberCategory.InService, false), Scaled(InServiceReportedByAsOf)));
        categories.AddRange(Enumerable.Repeat((MemberCategory.InService, true), Scaled(InServiceReportedLater)));
        foreach (var (category, count) in OtherCategories)
        {
            categories.AddRange(Enumerable.Repeat((category, false), Scaled(count)));
        }

        Shuffle(categories);
        var perCompound = Apportion(categories.Count, Compounds.Select(c => Math.Pow(c.Households, 0.9) * Uniform(0.8, 1.2)).ToList(), 12);
        var width = categories.Count.ToString(CultureInfo.InvariantCulture).Length;
        var next = 0;
        for (var i = 0; i < Compounds.Count; i++)
        {
            var compound = Compounds[i];
            var stairwellWeights = compound.Buildings.Select(b => b.Stairwells.Sum(s => s.Households)).ToArray();
            for (var k = 0; k < perCompound[i]; k++)
            {
                var (category, later) = categories[next];
                next++;
                var member = new MapMember
                {
                    Key = "M" + next.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                    Name = PersonName(),
                    Phone = Phone(),
                    Category = category,
                    WorkUnit = category == MemberCategory.InService ? Pick(WorkUnits) : null,
                    Compound = compound,
                    Building = compound.Buildings[WeightedIndex(stairwellWeights)],
                    ReportedOn = category != MemberCategory.InService ? null
                        : later ? Day(D(2019, 7, 1), D(2019, 12, 31))
                        : ReportDay(),
                };
                compound.Members.Add(member);
                Members.Add(member);
            }
        }
    }

    private DateOnly ReportDay()
    {
        var r = rng.NextDouble();
        return r < 0.3 ? Day(D(2017, 3, 1), D(2017, 12, 31)) : r < 0.85 ? Day(D(2018, 1, 1), D(2018, 12, 31)) : Day(D(2019, 1, 1), AsOf);
    }

    private int WeightedIndex(int[] weights)
    {
        var x = rng.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private void BuildOrganizations()
    {
        var changting = Compounds.Where(c => c.Community.District.Code == Changting).ToList();
        var others = Compounds.Where(c => c.Community.District.Code != Changting).ToList();
        var groups = GroupNeighbours(changting, Scaled(ChangtingOrganizations))
            .Concat(GroupNeighbours(others, Scaled(OrganizationsActive - ChangtingOrganizations)))
            .OrderBy(g => g[0].Code, StringComparer.Ordinal)
            .ToList();

        var seqByCommunity = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var community = group[0].Community;
            var seq = seqByCommunity[community.Code] = seqByCommunity.GetValueOrDefault(community.Code) + 1;
            var isChangting = community.District.Code == Changting;
            var r = rng.NextDouble();
            var formedOn = isChangting ? Day(D(2018, 3, 1), D(2019, 6, 20))
                : r < 0.40 ? Day(D(2016, 7, 1), D(2017, 12, 31))
                : r < 0.85 ? Day(D(2018, 1, 1), D(2018, 12, 31))
                : Day(D(2019, 1, 1), D(2019, 6, 20));
            var org = new MapOrganization
            {
                Code = community.Code + "D" + seq.ToString("D3", CultureInfo.InvariantCulture),
                Name = "",
                Formation = group.Count == 1 ? Formation.Standalone : Formation.Joint,
                Community = community,
                FormedOn = formedOn,
            };
            org.Compounds.AddRange(group);
            foreach (var compound in group)
            {
                compound.Organization = org;
            }

            var members = group.Sum(c => c.Members.Count);
            org.Kind = members >= 100 ? OrganizationKind.Committee : members >= 50 ? OrganizationKind.GeneralBranch : OrganizationKind.Branch;
            var suffix = org.Kind switch { OrganizationKind.Committee => "党委", OrganizationKind.GeneralBranch => "党总支", _ => "党支部" };
            org.Name = group.Count == 1 ? group[0].Name + suffix : $"{group[0].Name}等{group.Count}个小区联合{suffix}";
            org.StartupFundingYuan = isChangting ? 3000m
                : community.Parent!.Code == CaoxiStreet ? (members >= 100 ? 5000m : 3000m)
                : Pick([2000m, 3000m, 5000m, 10000m]);
            Organizations.Add(org);
            AppointLeaders(org);
        }
    }

    /// <summary>
    /// Starts with one group per compound and merges a lone compound into its nearest group in the
    /// same community (at most three compounds) until only <paramref name="target"/> groups remain.
    /// </summary>
    private List<List<MapCompound>> GroupNeighbours(List<MapCompound> compounds, int target)
    {
        var groupOf = compounds.ToDictionary(c => c, c => new List<MapCompound> { c });
        var groups = compounds.Select(c => groupOf[c]).ToList();
        var byCommunity = compounds.GroupBy(c => c.Community).ToDictionary(g => g.Key, g => g.ToList());
        var merges = compounds.Count - target;
        while (merges > 0)
        {
            var lone = Pick(compounds);
            var group = groupOf[lone];
            if (group.Count != 1 || lone.Name == HuataiCompound)
            {
                continue;
            }

            var centre = lone.Boundary.Centroid;
            var nearest = byCommunity[lone.Community]
                .Where(c => groupOf[c] != group && groupOf[c].Count < 3 && c.Name != HuataiCompound)
                .OrderBy(c => c.Boundary.Centroid.Distance(centre))
                .FirstOrDefault();
            if (nearest is null)
            {
                continue;
            }

            groupOf[nearest].Add(lone);
            groupOf[lone] = groupOf[nearest];
            group.Clear();
            merges--;
        }

        groups.RemoveAll(g => g.Count == 0);
        foreach (var g in groups)
        {
            g.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        }

        return groups;
    }

    /// <summary>Every organisation has a secretary; larger ones a deputy, committee members, and building party groups with leaders.</summary>
    private void AppointLeaders(MapOrganization org)
    {
        var pool = org.Compounds.SelectMany(c => c.Members).ToList();
        var free = pool.ToList();
        Shuffle(free);

        MapMember? Take(Func<MapMember, bool>? filter = null)
        {
            var index = filter is null ? (free.Count > 0 ? 0 : -1) : free.FindIndex(m => filter(m));
            if (index < 0)
            {
                return null;
            }

            var member = free[index];
            free.RemoveAt(index);
            return member;
        }

        void Appoint(MapMember? member, RoleKind kind, DateOnly from, MapGroup? group = null)
        {
            if (member is not null)
            {
                var role = new MapRole(member, kind, org, group, from, null);
                member.Roles.Add(role);
                org.Roles.Add(role);
            }
        }

        var huatai = org.Compounds.Any(c => c.Name == HuataiCompound);
        var secretary = Take(huatai ? m => m.Compound.Name == HuataiCompound : null)!;
        if (huatai)
        {
            secretary.Name = "王鲁";
        }

        Appoint(secretary, RoleKind.Secretary, org.FormedOn);
        if (pool.Count >= 20)
        {
            Appoint(Take(), RoleKind.DeputySecretary, org.FormedOn);
        }

        var committeeMembers = 1 + (pool.Count >= 15 ? 1 : 0) + (pool.Count >= 40 ? 1 : 0) + (pool.Count >= 80 ? 2 : 0);
        for (var i = 0; i < committeeMembers; i++)
        {
            Appoint(Take(), RoleKind.CommitteeMember, org.FormedOn);
        }

        if (rng.NextDouble() < 0.08)
        {
            Appoint(Take(m => m.Category == MemberCategory.InService), RoleKind.FirstSecretary, org.FormedOn.AddDays(rng.Next(0, 60)));
        }

        if (pool.Count < 30)
        {
            return;
        }

        foreach (var compound in org.Compounds)
        {
            foreach (var building in compound.Buildings.Where(b => compound.Members.Count(m => m.Building == b) >= 3).Take(12))
            {
                var group = new MapGroup(
                    "G" + (++groupCount).ToString(CultureInfo.InvariantCulture),
                    org,
                    compound,
                    building,
                    (org.Compounds.Count > 1 ? compound.Name : "") + building.Name + "党小组",
                    org.FormedOn.AddDays(rng.Next(0, 90)));
                org.Groups.Add(group);
                Appoint(Take(m => m.Building == building), RoleKind.GroupLeader, group.FormedOn, group);
            }
        }
    }
}
