using System.Globalization;
using GeoHub.Areas;
using NetTopologySuite.Geometries;

namespace GeoHub.Maps;

/// <summary>
/// Builds the demo map in memory from one seeded <see cref="Random"/>. Every step draws from the
/// same generator in a fixed order and iterates lists only (never hash sets), so a run is
/// reproducible byte for byte. The seed's figures are not left to chance: each step is
/// constructed to hit them (×scale), and the test suite recounts them with SQL on the loaded map.
/// </summary>
internal sealed partial class DemoMapBuilder
{
    public const int Seed = 350800;

    /// <summary>The "as of" day of the seed's table.</summary>
    public static readonly DateOnly AsOf = new(2019, 6, 30);

    private readonly Random rng = new(Seed);
    private readonly int scale;

    public DemoMapBuilder(int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        this.scale = scale;
    }

    public List<MapArea> Areas { get; } = [];
    public List<MapCompound> Compounds { get; } = [];
    public List<MapPropertyCompany> PropertyCompanies { get; } = [];
    public List<MapMember> Members { get; } = [];
    public List<MapOrganization> Organizations { get; } = [];
    public List<MapCommittee> Committees { get; } = [];
    public List<MapVenue> Venues { get; } = [];
    public List<MapBooking> Bookings { get; } = [];
    public List<MapOfficeSpace> OfficeSpaces { get; } = [];
    public List<MapUnit> Units { get; } = [];
    public List<MapAgreement> Agreements { get; } = [];
    public List<MapProject> Projects { get; } = [];
    public List<MapActivity> Activities { get; } = [];
    public List<MapMeeting> Meetings { get; } = [];

    public IEnumerable<MapArea> Communities => Areas.Where(a => a.Level == AreaLevel.Community);

    public DemoMapBuilder Build(string townshipsCsv)
    {
        BuildAreaTree(townshipsCsv);
        BuildCompounds();
        BuildMembers();
        BuildOrganizations();
        BuildCommittees();
        AssignCadreRanks();
        BuildCoBuilding();
        BuildVenues();
        BuildOfficeSpaces();
        BuildMeetings();
        return this;
    }

    private int Scaled(int count) => count * scale;

    private double Uniform(double min, double max) => min + (rng.NextDouble() * (max - min));

    private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private DateOnly Day(DateOnly first, DateOnly last) => first.AddDays(rng.Next(last.DayNumber - first.DayNumber + 1));

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Splits <paramref name="total"/> into parts proportional to weights, each at least <paramref name="min"/> (largest remainder).</summary>
    private static int[] Apportion(int total, List<double> weights, int min)
    {
        var parts = new int[weights.Count];
        var free = total - (min * weights.Count);
        if (free < 0)
        {
            throw new InvalidOperationException($"cannot split {total} into {weights.Count} parts of at least {min}");
        }

        var sum = weights.Sum();
        var remainders = new double[weights.Count];
        var given = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var exact = free * weights[i] / sum;
            parts[i] = min + (int)Math.Floor(exact);
            remainders[i] = exact - Math.Floor(exact);
            given += parts[i] - min;
        }

        foreach (var i in Enumerable.Range(0, parts.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(free - given))
        {
            parts[i]++;
        }

        return parts;
    }

    private Point RandomPointIn(Geometry area, double lonMargin = 0)
    {
        var shrunk = lonMargin > 0 ? area.Buffer(-lonMargin) : area;
        if (shrunk.IsEmpty)
        {
            shrunk = area;
        }

        var env = shrunk.EnvelopeInternal;
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var p = DemoGeometry.Point(Uniform(env.MinX, env.MaxX), Uniform(env.MinY, env.MaxY));
            if (shrunk.Contains(p))
            {
                return p;
            }
        }

        return DemoGeometry.Point(shrunk.InteriorPoint.X, shrunk.InteriorPoint.Y);
    }

    private string Phone() => "1" + Pick(PhonePrefixes) + rng.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    private string PersonName() => Pick(Surnames) + Pick(GivenChars) + (rng.NextDouble() < 0.7 ? Pick(GivenChars) : "");

    private static readonly string[] PhonePrefixes = ["30", "35", "37", "38", "39", "58", "59", "86", "88", "89", "77", "50"];

    private static readonly string[] Surnames =
    [
        "林", "陈", "黄", "张", "王", "李", "吴", "刘", "郑", "邱", "赖", "谢", "江", "罗", "钟", "廖", "曾", "杨", "蓝", "温",
        "卢", "游", "苏", "邓", "傅", "翁", "章", "沈", "卓", "范", "郭", "何", "胡", "周", "徐", "朱", "魏", "饶", "简", "官",
    ];

    private static readonly string[] GivenChars =
    [
        "建", "国", "华", "明", "伟", "芳", "秀", "英", "丽", "强", "军", "平", "勇", "辉", "燕", "红", "娟", "敏", "静", "志",
        "文", "斌", "玲", "海", "云", "峰", "春", "荣", "金", "龙", "福", "兴", "坤", "琴", "梅", "丹", "鑫", "涛", "婷", "杰",
        "锋", "德", "成", "宏", "永", "霞", "慧", "彬", "晓", "凤",
    ];
}
