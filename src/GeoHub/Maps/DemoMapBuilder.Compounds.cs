using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace GeoHub.Maps;

// Compounds (小区) laid on a grid inside each community: one compound per free grid cell, nearest
// the community's centre first, each strictly inside its cell, so no two can touch. A crowded
// community (or a ×scale map) gets a finer grid and hence smaller compounds.
internal sealed partial class DemoMapBuilder
{
    private const string KejijuCompound = "龙岩市科技局宿舍楼小区";
    private const string HengxingCompound = "恒兴绿景小区";
    private const string HuataiCompound = "华泰小区";
    private const string CaoxiStreet = "350802006000";

    private static readonly string[] NameChars =
    [
        "龙", "华", "金", "翠", "锦", "富", "盛", "恒", "兴", "泰", "祥", "和", "嘉", "瑞", "鑫", "丰", "安", "康", "宁", "福",
        "佳", "景", "悦", "怡", "雅", "东", "西", "南", "北", "中", "新", "银", "紫", "碧", "明", "光", "荣", "昌", "达", "宏",
        "元", "顺", "利", "江", "山", "水", "城", "湖", "溪", "峰", "岭", "桂", "兰", "梅", "竹", "松", "鹭", "凤", "津", "莲",
    ];

    private static readonly string[] CompoundSuffixes =
    [
        "花园", "小区", "苑", "家园", "新村", "公寓", "名都", "华府", "雅居", "山庄", "广场", "大厦", "佳园", "景苑", "嘉园", "绿景小区", "公馆", "新城",
    ];

    private static readonly string[] Roads =
    [
        "龙岩大道", "九一路", "中山路", "西安路", "登高路", "华莲路", "莲庄路", "南环路", "北环路", "曹溪路", "双龙路", "龙川路",
        "溪南路", "东肖路", "人民路", "解放路", "和平路", "建设路", "江山路", "紫金路",
    ];

    private readonly HashSet<string> compoundNames = new(StringComparer.Ordinal);

    private void BuildCompounds()
    {
        BuildPropertyCompanies();
        var communities = Communities.ToList();
        var perCommunity = new int[communities.Count];
        foreach (var fact in DistrictFacts)
        {
            var indices = Enumerable.Range(0, communities.Count).Where(i => communities[i].District.Code == fact.Code).ToList();
            var counts = Apportion(Scaled(fact.Compounds), indices.Select(_ => Uniform(0.5, 1.5)).ToList(), 3 * scale);
            for (var k = 0; k < indices.Count; k++)
            {
                perCommunity[indices[k]] = counts[k];
            }
        }

        compoundNames.UnionWith([KejijuCompound, HengxingCompound, HuataiCompound]);
        for (var i = 0; i < communities.Count; i++)
        {
            PlaceCompounds(communities[i], perCommunity[i]);
        }

        // The seed's named compounds sit in 新罗区's 东城, 南城 and 中城 streets.
        Compounds.First(c => c.Community.Parent!.Code == "350802001000").Name = KejijuCompound;
        Compounds.First(c => c.Community.Parent!.Code == "350802002000").Name = HengxingCompound;
        Compounds.First(c => c.Community.Parent!.Code == "350802004000").Name = HuataiCompound;

        // A few large compounds in 曹溪 so that some of its organisations reach 100 members (the 5,000-yuan tier).
        foreach (var big in Compounds.Where(c => c.Community.Parent!.Code == CaoxiStreet).Take(6 * scale))
        {
            big.Households = rng.Next(2300, 3001);
        }

        foreach (var compound in Compounds)
        {
            BuildBuildings(compound);
        }
    }

    private void BuildPropertyCompanies()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (PropertyCompanies.Count < Scaled(120))
        {
            var name = "龙岩市" + Pick(NameChars) + Pick(NameChars) + Pick(["", "", "城市", "嘉"]) + "物业管理有限公司";
            if (scale > 1 && names.Contains(name))
            {
                name = name.Replace("有限公司", $"第{names.Count}分公司", StringComparison.Ordinal);
            }

            if (names.Add(name))
            {
                var code = "91350800" + new string(Enumerable.Range(0, 10).Select(_ => "0123456789ABCDEFGHJKLMNPQRTUWXY"[rng.Next(31)]).ToArray());
                PropertyCompanies.Add(new MapPropertyCompany(name, code));
            }
        }
    }

    private void PlaceCompounds(MapArea community, int count)
    {
        var inner = community.Boundary.Buffer(-0.0002);
        var prepared = PreparedGeometryFactory.Prepare(inner);
        var env = inner.EnvelopeInternal;
        var cell = 0.0052 / Math.Sqrt(scale);
        List<Envelope> chosen;
        while (true)
        {
            var candidates = new List<(Envelope Cell, double Rank)>();
            for (var x = env.MinX; x + cell <= env.MaxX; x += cell)
            {
                for (var y = env.MinY; y + (cell * 0.9) <= env.MaxY; y += cell * 0.9)
                {
                    var box = new Envelope(x, x + cell, y, y + (cell * 0.9));
                    if (prepared.Contains(Factory.ToGeometry(box)))
                    {
                        candidates.Add((box, box.Centre.Distance(community.Site.Coordinate) * Uniform(0.8, 1.2)));
                    }
                }
            }

            if (candidates.Count >= count)
            {
                chosen = candidates.OrderBy(c => c.Rank).Take(count).Select(c => c.Cell).ToList();
                break;
            }

            cell *= 0.88;
        }

        var width = scale >= 1000 ? 5 : scale >= 10 ? 4 : 3;
        for (var i = 0; i < chosen.Count; i++)
        {
            var boundary = CompoundShape(chosen[i]);
            var areaM2 = boundary.Area * DemoGeometry.MetresPerDegreeLat * DemoGeometry.MetresPerDegreeLon;
            Compounds.Add(new MapCompound
            {
                Code = community.Code + (i + 1).ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                Name = CompoundName(),
                Community = community,
                Households = Math.Clamp((int)Math.Round(areaM2 * Uniform(0.004, 0.011)), 50, 3000),
                Address = community.Parent!.Name + Pick(Roads) + rng.Next(1, 400).ToString(CultureInfo.InvariantCulture) + "号",
                BuiltYear = rng.Next(1985, 2019),
                Boundary = boundary,
                PropertyCompany = rng.NextDouble() < 0.78 ? Pick(PropertyCompanies).Name : null,
            });
        }
    }

    /// <summary>A rectangle inside the grid cell, sometimes with a corner cut off, so outlines are not all boxes.</summary>
    private MultiPolygon CompoundShape(Envelope cell)
    {
        var w = cell.Width * Uniform(0.4, 0.85);
        var h = cell.Height * Uniform(0.4, 0.85);
        var x0 = cell.MinX + (cell.Width * 0.06) + (rng.NextDouble() * ((cell.Width * 0.88) - w));
        var y0 = cell.MinY + (cell.Height * 0.06) + (rng.NextDouble() * ((cell.Height * 0.88) - h));
        var cutX = w * Uniform(0.15, 0.4);
        var cutY = h * Uniform(0.15, 0.4);
        Coordinate[] ring = rng.Next(3) switch
        {
            0 => [new(x0, y0), new(x0 + w, y0), new(x0 + w, y0 + h), new(x0, y0 + h), new(x0, y0)],
            1 => [new(x0, y0), new(x0 + w, y0), new(x0 + w, y0 + h - cutY), new(x0 + w - cutX, y0 + h), new(x0, y0 + h), new(x0, y0)],
            _ => [new(x0 + cutX, y0), new(x0 + w, y0), new(x0 + w, y0 + h), new(x0, y0 + h), new(x0, y0 + cutY), new(x0 + cutX, y0)],
        };
        return DemoGeometry.Reduce(Factory.CreatePolygon(ring));
    }

    private string CompoundName()
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = Pick(NameChars) + Pick(NameChars) + Pick(CompoundSuffixes);
            if (attempt > 30)
            {
                name = name + (attempt - 29).ToString(CultureInfo.InvariantCulture) + "期";
            }

            if (name[0] != name[1] && compoundNames.Add(name))
            {
                return name;
            }
        }
    }

    private void BuildBuildings(MapCompound compound)
    {
        if (compound.Name == HengxingCompound)
        {
            BuildHengxing(compound);
            return;
        }

        var buildings = Math.Clamp((int)Math.Round(compound.Households / Uniform(50, 90)), 1, 40);
        var perBuilding = Apportion(compound.Households, Enumerable.Range(0, buildings).Select(_ => Uniform(0.6, 1.4)).ToList(), 8);
        var units = rng.NextDouble() < 0.5;
        for (var b = 0; b < buildings; b++)
        {
            var stairwells = Math.Clamp((int)Math.Round(perBuilding[b] / Uniform(20, 45)), 1, 6);
            var split = Apportion(perBuilding[b], Enumerable.Range(0, stairwells).Select(_ => Uniform(0.8, 1.2)).ToList(), 2);
            var building = new MapBuilding
            {
                Name = (b + 1).ToString(CultureInfo.InvariantCulture) + "号楼",
                Floors = Math.Clamp((int)Math.Round(perBuilding[b] / (double)stairwells / 2) + rng.Next(0, 3), 2, 33),
                Location = RandomPointIn(compound.Boundary, 0.00003),
            };
            for (var s = 0; s < stairwells; s++)
            {
                building.Stairwells.Add((StairwellName(s, units), split[s]));
            }

            compound.Buildings.Add(building);
        }
    }

    private static string StairwellName(int index, bool units) =>
        units ? (index + 1).ToString(CultureInfo.InvariantCulture) + "单元" : ((char)('A' + index)).ToString() + "梯";

    /// <summary>The seed's 恒兴绿景小区: building 5, stairwell B has 26 households (its 楼栋党小组 example).</summary>
    private void BuildHengxing(MapCompound compound)
    {
        int[][] layout = [[32, 30], [32, 32], [28, 30], [30, 28], [24, 26], [36, 34], [34, 36], [22, 24]];
        foreach (var (households, index) in layout.Select((h, i) => (h, i)))
        {
            var building = new MapBuilding
            {
                Name = (index + 1).ToString(CultureInfo.InvariantCulture) + "号楼",
                Floors = 11,
                Location = RandomPointIn(compound.Boundary, 0.00003),
            };
            building.Stairwells.Add(("A梯", households[0]));
            building.Stairwells.Add(("B梯", households[1]));
            compound.Buildings.Add(building);
        }

        compound.Households = layout.Sum(h => h.Sum());
    }
}
