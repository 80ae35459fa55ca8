using System.Globalization;
using GeoHub.Areas;
using GeoHub.Common;
using GeoHub.Venues;

namespace GeoHub.Maps;

// Venues (阵地) at street, community and compound level, their bookings, and office space (办公用房).
internal sealed partial class DemoMapBuilder
{
    private const int XinluoOfficeSqmInYear = 26900;

    private static readonly string[] OpeningHours = ["08:30-17:30", "09:00-21:00", "周一至周五 08:30-17:30", "周一至周日 08:00-20:00"];

    private void BuildVenues()
    {
        foreach (var township in Areas.Where(a => a.Level == AreaLevel.Street && UrbanUnits.Any(u => u.Code == a.Code)))
        {
            var floor = rng.Next(300, 1500);
            AddVenue(township.Name + "党群服务中心", VenueLevel.Street, township, null, township.Site, floor);
        }

        // Some communities have no venue of their own at all: the gaps planners should find.
        var communities = Communities.ToList();
        var gapCommunities = communities.Where((_, i) => i % 15 == 7).ToHashSet();
        foreach (var community in communities.Where(c => !gapCommunities.Contains(c)))
        {
            AddVenue(community.Name + "党群服务站", VenueLevel.Community, community, null, community.Site, rng.Next(150, 800));
        }

        foreach (var compound in Compounds.Where(c => !gapCommunities.Contains(c.Community)))
        {
            if (rng.NextDouble() < 0.45)
            {
                AddVenue(compound.Name + "红色驿站", VenueLevel.Compound, compound.Community, compound, RandomPointIn(compound.Boundary, 0.00003), rng.Next(30, 200));
            }
        }

        var bookable = Venues.Where(v => v.Level != VenueLevel.Compound).ToList();
        var taken = new Dictionary<MapVenue, List<(DateTimeOffset Start, DateTimeOffset End)>>();
        while (Bookings.Count < Scaled(400))
        {
            var venue = Pick(bookable);
            var day = Day(D(2019, 3, 1), D(2019, 12, 31));
            var start = new DateTimeOffset(day.Year, day.Month, day.Day, rng.Next(8, 19), rng.Next(2) * 30, 0, LongyanDay.Offset);
            var end = start.AddHours(rng.Next(1, 4));
            var list = taken.TryGetValue(venue, out var l) ? l : taken[venue] = [];
            if (list.Any(b => b.Start < end && start < b.End))
            {
                continue;
            }

            list.Add((start, end));
            var cancelled = rng.NextDouble() < 0.08;
            var org = Pick(Organizations);
            Bookings.Add(new MapBooking(venue, start, end, org.Name, Pick(["三会一课", "主题党日", "业委会会议", "共建活动", "党课学习"]),
                start.AddDays(-rng.Next(1, 21)).AddHours(-rng.Next(0, 8)), cancelled ? start.AddDays(-1) : null));
        }
    }

    private void AddVenue(string name, VenueLevel level, MapArea area, MapCompound? compound, NetTopologySuite.Geometries.Point location, int floor)
    {
        var opened = Day(D(2016, 1, 1), D(2019, 12, 31));
        Venues.Add(new MapVenue("V" + (Venues.Count + 1).ToString("D5", CultureInfo.InvariantCulture), name, level, area, compound, location,
            floor, floor / 2, Pick(OpeningHours), opened, rng.NextDouble() < 0.02 ? opened.AddDays(rng.Next(200, 900)) : null));
    }

    private void BuildOfficeSpaces()
    {
        var communities = Communities.ToList();
        var xinluo = communities.Where(c => c.District.Code == "350802").ToList();
        var others = communities.Except(xinluo).ToList();
        var compoundsOf = Compounds.GroupBy(c => c.Community).ToDictionary(g => g.Key, g => g.ToList());

        // 新罗区, 2018-07-01 … 2019-06-30: rooms of 20–300 m² adding up to the seed's 26,900 m².
        var remaining = Scaled(XinluoOfficeSqmInYear);
        while (remaining > 0)
        {
            var size = remaining <= 300 ? remaining : remaining < 320 ? remaining / 2 : rng.Next(20, 301);
            AddOffice(Pick(xinluo), size, Day(D(2018, 7, 1), AsOf), compoundsOf);
            remaining -= size;
        }

        for (var i = 0; i < Scaled(120); i++)
        {
            var added = rng.NextDouble() < 0.7 ? Day(D(2017, 1, 1), D(2018, 6, 30)) : Day(D(2019, 7, 1), D(2019, 12, 31));
            AddOffice(Pick(xinluo), rng.Next(20, 301), added, compoundsOf);
        }

        for (var i = 0; i < Scaled(150); i++)
        {
            AddOffice(Pick(others), rng.Next(20, 301), Day(D(2017, 1, 1), D(2019, 12, 31)), compoundsOf);
        }
    }

    private void AddOffice(MapArea community, int sqm, DateOnly addedOn, Dictionary<MapArea, List<MapCompound>> compoundsOf)
    {
        var source = (OfficeSpaceSource)rng.Next(4);
        var compound = Pick(compoundsOf[community]);
        var r = rng.NextDouble();
        var assignedOn = r < 0.7 ? addedOn.AddDays(rng.Next(0, 120)) : (DateOnly?)null;
        var org = r < 0.45 ? compound.Organization : null;
        var committee = r is >= 0.45 and < 0.6 ? compound.Committee : null;
        var company = r is >= 0.6 and < 0.7 ? compound.PropertyCompany : null;
        if (org is null && committee is null && company is null)
        {
            assignedOn = null;
        }

        var label = source switch
        {
            OfficeSpaceSource.ResidentUnit => "驻区单位腾出用房",
            OfficeSpaceSource.PropertyRoom => "物业用房",
            OfficeSpaceSource.IdlePublicHousing => "闲置公房",
            _ => "开发商移交用房",
        };
        OfficeSpaces.Add(new MapOfficeSpace(
            "O" + (OfficeSpaces.Count + 1).ToString("D5", CultureInfo.InvariantCulture),
            compound.Name + label,
            compound.Address,
            community,
            RandomPointIn(compound.Boundary, 0.00003),
            sqm,
            source,
            addedOn,
            assignedOn,
            org,
            committee,
            company));
    }
}
