using System.Globalization;
using GeoHub.Areas;
using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate;

namespace GeoHub.Maps;

// The area tree: city → 7 districts (cells around the measured centroids, clipped to their
// bounding boxes) → 134 township units (cells inside the district) → 132 communities (compact
// cells around urban sites). Each child is shrunk by a margin so that it stays inside its parent
// after rounding to 6 decimals.
internal sealed partial class DemoMapBuilder
{
    private sealed record DistrictFact(string Code, string Name, double Lon, double Lat, double W, double S, double E, double N, int Compounds);

    // BRIEF.md's table; Compounds is how the 1,469 are spread (新罗区 ≈ 75%: urbanisation).
    private static readonly DistrictFact[] DistrictFacts =
    [
        new("350802", "新罗区", 117.075, 25.218, 116.676, 24.777, 117.334, 25.581, 1099),
        new("350803", "永定区", 116.813, 24.757, 116.410, 24.374, 117.073, 25.090, 70),
        new("350821", "长汀县", 116.361, 25.694, 116.001, 25.310, 116.672, 26.037, 120),
        new("350823", "上杭县", 116.558, 25.123, 116.266, 24.770, 116.948, 25.462, 55),
        new("350824", "武平县", 116.127, 25.135, 115.848, 24.797, 116.393, 25.500, 45),
        new("350825", "连城县", 116.810, 25.600, 116.538, 25.237, 117.169, 25.935, 40),
        new("350881", "漳平市", 117.438, 25.378, 117.168, 24.912, 117.746, 25.792, 40),
    ];

    /// <summary>Township units that hold communities (streets and county-seat towns), with how many.</summary>
    private static readonly (string Code, int Communities)[] UrbanUnits =
    [
        ("350802001000", 12), ("350802002000", 12), ("350802003000", 11), ("350802004000", 10), ("350802005000", 11),
        ("350802006000", 10), ("350802007000", 8), ("350802008000", 7), ("350802009000", 6), ("350802010000", 8),
        ("350803001000", 7), ("350821100000", 7), ("350823101000", 4), ("350823100000", 3), ("350824001000", 5),
        ("350825100000", 5), ("350881001000", 3), ("350881002000", 3),
    ];

    /// <summary>新罗区's urban centre, around which its ten streets cluster.</summary>
    private static readonly Coordinate XinluoCentre = new(117.02, 25.09);

    private static readonly string[] CommunityNames =
    [
        "龙津", "东兴", "中山", "西安", "登高", "华莲", "莲东", "南门", "北门", "东街", "西街", "溪南", "大洋", "江山", "龙腾", "翠屏",
        "凤凰", "莲花", "铁山", "曹溪", "东肖", "龙门", "西陂", "北城", "条围", "溪连", "崎濑", "紫金", "东宝", "西湖", "龙川", "华侨",
        "东安", "南环", "北环", "红坊", "富山", "雁塔", "陂头", "水门", "中溪", "荷花", "桂林", "菁城", "平川", "莲峰", "汀州", "临城",
        "临江", "凤城", "城郊", "新华", "建设", "和平", "人民", "解放", "胜利", "光明", "长安", "永安", "福田", "兴隆", "金鸡", "望月",
    ];

    private void BuildAreaTree(string townshipsCsv)
    {
        var city = new MapArea { Code = "350800", Name = "龙岩市", Level = AreaLevel.City, Boundary = DemoGeometry.Reduce(DemoGeometry.Box(0, 0, 1, 1)), Site = DemoGeometry.Point(117.017, 25.075) };
        Areas.Add(city);

        var districtCells = VoronoiCells(
            DistrictFacts.Select(f => new Coordinate(f.Lon, f.Lat)).ToList(),
            new Envelope(115.5, 118.2, 24.0, 26.5));
        var districts = new List<MapArea>();
        for (var i = 0; i < DistrictFacts.Length; i++)
        {
            var f = DistrictFacts[i];
            var boundary = DemoGeometry.Reduce(districtCells[i].Intersection(DemoGeometry.Box(f.W, f.S, f.E, f.N)));
            var district = new MapArea { Code = f.Code, Name = f.Name, Level = AreaLevel.District, Parent = city, Boundary = boundary, Site = DemoGeometry.Point(f.Lon, f.Lat) };
            districts.Add(district);
            Areas.Add(district);
        }

        // The city is the union of its districts, grown by ~10 m so that rounding the union cannot cut into a district.
        city.Boundary = DemoGeometry.Reduce(Factory.BuildGeometry(districts.Select(d => (Geometry)d.Boundary)).Union().Buffer(0.0001));

        var townships = ParseTownships(townshipsCsv);
        foreach (var district in districts)
        {
            var rows = townships.Where(t => t.Code.StartsWith(district.Code, StringComparison.Ordinal)).ToList();
            var sites = TownshipSites(district, rows.Select(r => r.Code).ToList());
            var cells = VoronoiCells(sites, district.Boundary.EnvelopeInternal);
            for (var i = 0; i < rows.Count; i++)
            {
                var boundary = DemoGeometry.Reduce(cells[i].Intersection(district.Boundary).Buffer(-0.0005));
                Areas.Add(new MapArea { Code = rows[i].Code, Name = rows[i].Name, Level = AreaLevel.Street, Parent = district, Boundary = boundary, Site = DemoGeometry.Point(sites[i].X, sites[i].Y) });
            }
        }

        var names = new Queue<string>(CommunityNames);
        foreach (var (code, count) in UrbanUnits)
        {
            var township = Areas.Single(a => a.Code == code);
            var sites = ClusterSites(township.Boundary, township.Site.Coordinate, count, 0.0095, 0.0045);
            var cells = VoronoiCells(sites, township.Boundary.EnvelopeInternal);
            for (var i = 0; i < count; i++)
            {
                var disc = Factory.CreatePoint(sites[i]).Buffer(0.013);
                var boundary = DemoGeometry.Reduce(cells[i].Intersection(township.Boundary).Intersection(disc).Buffer(-0.0003));
                var name = (names.Count > 0 ? names.Dequeue() : township.Name[..2] + (i + 1).ToString(CultureInfo.InvariantCulture)) + "社区";
                Areas.Add(new MapArea
                {
                    Code = code[..9] + (i + 1).ToString("D3", CultureInfo.InvariantCulture),
                    Name = name,
                    Level = AreaLevel.Community,
                    Parent = township,
                    Boundary = boundary,
                    Site = DemoGeometry.Point(sites[i].X, sites[i].Y),
                });
            }
        }
    }

    private static GeometryFactory Factory => DemoGeometry.Factory;

    private static List<(string Code, string Name)> ParseTownships(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Length > 0 && char.IsAsciiDigit(line[0]))
            .Select(line => line.Split(','))
            .Select(f => (f[0], f[1]))
            .ToList();

    /// <summary>Voronoi cells in the order of <paramref name="sites"/>.</summary>
    private static List<Geometry> VoronoiCells(List<Coordinate> sites, Envelope clip)
    {
        var builder = new VoronoiDiagramBuilder { ClipEnvelope = new Envelope(clip.MinX - 0.5, clip.MaxX + 0.5, clip.MinY - 0.5, clip.MaxY + 0.5) };
        builder.SetSites(sites);
        var diagram = builder.GetDiagram(Factory);
        var cells = Enumerable.Range(0, diagram.NumGeometries).Select(diagram.GetGeometryN).ToList();
        return sites.Select(s => cells.Single(c => ((Coordinate)c.UserData).Equals2D(s))).ToList();
    }

    /// <summary>
    /// Streets cluster round the urban centre (新罗区) or the county seat (the district's centroid);
    /// towns and townships spread over the rest of the district.
    /// </summary>
    private List<Coordinate> TownshipSites(MapArea district, List<string> codes)
    {
        var inner = district.Boundary.Buffer(-0.03);
        var urban = codes.Where(c => UrbanUnits.Any(u => u.Code == c)).ToList();
        var centre = district.Code == "350802" ? XinluoCentre : district.Site.Coordinate;
        var sites = new List<Coordinate>();
        foreach (var code in codes)
        {
            var isUrban = urban.Contains(code);
            var radius = isUrban ? (district.Code == "350802" ? 0.085 : 0.025) : 0.6;
            var minDistance = isUrban ? (district.Code == "350802" ? 0.04 : 0.03) : 0.07;
            sites.Add(SampleSite(inner, centre, radius, minDistance, sites, avoid: isUrban ? null : centre, avoidRadius: 0.12));
        }

        return sites;
    }

    private List<Coordinate> ClusterSites(Geometry area, Coordinate centre, int count, double spacing, double edge)
    {
        var inner = area.Buffer(-edge);
        var sites = new List<Coordinate>();
        var radius = spacing * (0.8 + Math.Sqrt(count));
        for (var i = 0; i < count; i++)
        {
            sites.Add(SampleSite(inner, centre, radius, spacing, sites, avoid: null, avoidRadius: 0));
        }

        return sites;
    }

    /// <summary>A point inside <paramref name="area"/> within <paramref name="radius"/> of the centre, apart from the others; relaxes if crowded.</summary>
    private Coordinate SampleSite(Geometry area, Coordinate centre, double radius, double minDistance, List<Coordinate> taken, Coordinate? avoid, double avoidRadius)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0 && attempt % 400 == 0)
            {
                minDistance *= 0.85;
                radius *= 1.1;
                avoidRadius *= 0.85;
            }

            var c = new Coordinate(Math.Round(centre.X + Uniform(-radius, radius), 6), Math.Round(centre.Y + Uniform(-radius, radius), 6));
            if (taken.Any(t => t.Distance(c) < minDistance) || (avoid is not null && avoid.Distance(c) < avoidRadius))
            {
                continue;
            }

            if (area.Contains(Factory.CreatePoint(c)))
            {
                return c;
            }
        }
    }
}
