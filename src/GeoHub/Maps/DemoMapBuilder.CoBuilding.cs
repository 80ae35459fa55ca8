using System.Globalization;
using GeoHub.CoBuilding;

namespace GeoHub.Maps;

// Co-building units (共建单位), agreements, projects and collective activities. Each figure of the
// seed is split into an exact "by the as-of day" list and a tail dated after it.
internal sealed partial class DemoMapBuilder
{
    private static readonly string[] Bureaus =
    [
        "财政局", "教育局", "科技局", "民政局", "司法局", "人社局", "住建局", "交通运输局", "水利局", "农业农村局", "商务局", "文旅局",
        "卫健委", "应急管理局", "审计局", "市场监管局", "统计局", "医保局", "城管局", "生态环境局", "自然资源局", "税务局", "总工会", "团委",
        "妇联", "科协", "残联", "档案馆", "人民法院", "人民检察院",
    ];

    private static readonly string[] Enterprises =
    [
        "烟草", "供电", "电信", "移动", "联通", "邮政", "水务", "燃气", "交通发展", "城市建设", "文旅", "农商银行", "建设银行", "工商银行",
        "兴业银行", "人寿保险", "龙工机械", "紫金矿业", "高岭土", "汽车运输",
    ];

    private static readonly string[] ActivityTitles =
    [
        "主题党日共建活动", "环境卫生大扫除", "义诊进小区", "政策宣讲进小区", "关爱空巢老人", "垃圾分类宣传", "消防安全演练", "文艺汇演",
        "法律咨询服务", "志愿服务日", "助学帮困", "邻里节",
    ];

    private static readonly string[] ProjectNames =
    [
        "小区道路修缮", "路灯改造", "监控安防建设", "党群服务站建设", "充电桩安装", "小区绿化提升", "老旧小区改造", "停车位规划", "电梯加装",
        "文化墙建设", "雨污分流改造", "健身器材配置",
    ];

    private void BuildCoBuilding()
    {
        var communities = Communities.ToList();
        var xinluo = communities.Where(c => c.District.Code == "350802").ToList();
        var compoundsOf = Compounds.GroupBy(c => c.Community).ToDictionary(g => g.Key, g => g.ToList());
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (Units.Count < Scaled(300))
        {
            var community = rng.NextDouble() < 0.75 ? Pick(xinluo) : Pick(communities);
            var district = community.District;
            var r = rng.NextDouble();
            var (kind, name) = r < 0.4 ? (UnitKind.GovernmentOrgan, (rng.NextDouble() < 0.5 ? "龙岩市" : district.Name) + Pick(Bureaus))
                : r < 0.65 ? (UnitKind.Enterprise, "龙岩" + Pick(Enterprises) + Pick(["有限公司", "集团有限公司", district.Name[..2] + "分公司"]))
                : r < 0.9 ? (UnitKind.PublicInstitution, district.Name + Pick(["第一中学", "第二中学", "实验小学", "第三小学", "人民医院", "中医院", "妇幼保健院", "疾控中心", "职业中专", "图书馆"]))
                : (UnitKind.SocialOrganization, community.Name + Pick(["志愿者协会", "老年协会", "商会", "爱心社", "慈善会"]));
            if (!names.Add(name))
            {
                if (scale == 1)
                {
                    continue;
                }

                name += "（" + names.Count.ToString(CultureInfo.InvariantCulture) + "）";
                names.Add(name);
            }

            Units.Add(new MapUnit(
                "U" + (Units.Count + 1).ToString("D4", CultureInfo.InvariantCulture),
                name,
                kind,
                community.Parent!,
                community.Parent!.Name + Pick(Roads) + rng.Next(1, 300).ToString(CultureInfo.InvariantCulture) + "号",
                RandomPointIn(community.Boundary)));
        }

        MapArea NearbyCommunity(MapUnit unit)
        {
            var local = communities.Where(c => c.Parent!.Parent == unit.Area.Parent).ToList();
            return rng.NextDouble() < 0.8 && local.Count > 0 ? Pick(local) : Pick(communities);
        }

        MapCompound? SomeCompound(MapArea community) => rng.NextDouble() < 0.85 ? Pick(compoundsOf[community]) : null;

        void AddAgreement(DateOnly signedOn, DateOnly? endedOn)
        {
            var unit = Pick(Units);
            var community = NearbyCommunity(unit);
            var compound = SomeCompound(community);
            Agreements.Add(new MapAgreement(
                "A" + (Agreements.Count + 1).ToString("D5", CultureInfo.InvariantCulture),
                unit,
                community,
                compound,
                unit.Name + "与" + (compound?.Name ?? community.Name) + "共建协议",
                signedOn,
                endedOn));
        }

        for (var i = 0; i < Scaled(890); i++)
        {
            AddAgreement(Day(D(2017, 3, 1), AsOf), i % 30 == 0 ? Day(D(2019, 7, 1), D(2020, 6, 30)) : null);
        }

        for (var i = 0; i < Scaled(45); i++)
        {
            var signed = Day(D(2017, 1, 1), D(2018, 6, 30));
            AddAgreement(signed, Day(signed.AddDays(180), AsOf));
        }

        for (var i = 0; i < Scaled(70); i++)
        {
            AddAgreement(Day(D(2019, 7, 1), D(2019, 12, 31)), null);
        }

        Agreements.Sort((a, b) => a.SignedOn.CompareTo(b.SignedOn) != 0 ? a.SignedOn.CompareTo(b.SignedOn) : string.CompareOrdinal(a.Key, b.Key));

        var signedDays = Agreements.Select(a => a.SignedOn.DayNumber).ToArray();
        int SignedBy(DateOnly day)
        {
            var (lo, hi) = (0, signedDays.Length);
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                (lo, hi) = signedDays[mid] <= day.DayNumber ? (mid + 1, hi) : (lo, mid);
            }

            return lo;
        }

        void AddProject(DateOnly launchedOn, DateOnly? completedOn)
        {
            var signed = SignedBy(launchedOn);
            var agreement = signed > 0 && rng.NextDouble() < 0.8 ? Agreements[rng.Next(signed)] : null;
            var unit = agreement?.Unit ?? Pick(Units);
            var community = agreement?.Community ?? NearbyCommunity(unit);
            var compound = agreement is not null ? agreement.Compound : SomeCompound(community);
            Projects.Add(new MapProject(unit, agreement, community, compound, (compound?.Name ?? community.Name) + Pick(ProjectNames),
                launchedOn, completedOn, rng.Next(5, 500) * 1000));
        }

        for (var i = 0; i < Scaled(2533); i++)
        {
            var launched = Day(D(2017, 3, 1), D(2019, 5, 31));
            AddProject(launched, Day(launched, AsOf));
        }

        for (var i = 0; i < Scaled(237); i++)
        {
            var launched = Day(D(2018, 6, 1), AsOf);
            AddProject(launched, i % 2 == 0 ? Day(D(2019, 7, 1), D(2019, 12, 31)) : null);
        }

        for (var i = 0; i < Scaled(160); i++)
        {
            var launched = Day(D(2019, 7, 1), D(2019, 12, 31));
            AddProject(launched, i % 4 == 0 ? Day(launched, D(2019, 12, 31)) : null);
        }

        void AddActivity(DateOnly heldOn)
        {
            var unit = Pick(Units);
            var community = NearbyCommunity(unit);
            Activities.Add(new MapActivity(unit, community, SomeCompound(community), Pick(ActivityTitles), heldOn, rng.Next(8, 120)));
        }

        for (var i = 0; i < Scaled(4491); i++)
        {
            AddActivity(Day(D(2017, 3, 1), AsOf));
        }

        for (var i = 0; i < Scaled(420); i++)
        {
            AddActivity(Day(D(2019, 7, 1), D(2019, 12, 31)));
        }
    }
}
