using GeoHub.Organizations;

namespace GeoHub.Maps;

// 三会一课: per organisation and year, committee and party-group meetings at least 4 times,
// general assembly and party lecture at least once. About one organisation in ten falls short
// on one kind in a year, so the compliance view has something to find.
internal sealed partial class DemoMapBuilder
{
    private static readonly string[] Topics =
    [
        "学习党章党规", "学习习近平新时代中国特色社会主义思想", "小区治理议事", "业委会工作协调", "在职党员报到情况通报", "垃圾分类工作部署",
        "主题教育专题学习", "发展党员讨论", "民主评议党员", "共建项目推进",
    ];

    private void BuildMeetings()
    {
        foreach (var org in Organizations)
        {
            var pool = org.Compounds.Sum(c => c.Members.Count);
            foreach (var year in new[] { 2017, 2018, 2019 })
            {
                var first = org.FormedOn > D(year, 1, 1) ? org.FormedOn : D(year, 1, 1);
                var last = year == 2019 ? AsOf : D(year, 12, 31);
                if (first > last)
                {
                    continue;
                }

                var share = (last.DayNumber - first.DayNumber + 1) / 365.0;
                var shortKind = rng.NextDouble() < 0.1 ? (MeetingKind?)(MeetingKind)rng.Next(4) : null;
                foreach (var kind in Enum.GetValues<MeetingKind>())
                {
                    var minimum = kind is MeetingKind.BranchCommittee or MeetingKind.PartyGroup ? 4 : 1;
                    var count = (int)Math.Ceiling((minimum + rng.Next(0, 3)) * share);
                    if (kind == shortKind)
                    {
                        count = Math.Max(0, (int)Math.Floor((minimum - 1) * share));
                    }

                    for (var i = 0; i < count; i++)
                    {
                        var group = kind == MeetingKind.PartyGroup && org.Groups.Count > 0 ? Pick(org.Groups) : null;
                        Meetings.Add(new MapMeeting(org, group, kind, Day(first, last), Pick(Topics), Math.Max(3, (int)(pool * Uniform(0.5, 0.95)))));
                    }
                }
            }
        }
    }
}
