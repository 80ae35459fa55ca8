using GeoHub.Committees;
using GeoHub.Organizations;

namespace GeoHub.Maps;

// Owners' committees (业委会) and their seats, built to the seed's figures: red committees,
// party-member seats (in-service among them), secretaries who are directors (一肩挑) and
// cross-appointed organisation leaders (交叉任职). Seat holders live in the compound.
internal sealed partial class DemoMapBuilder
{
    private const int RedCommittees = 489;
    private const int PartyMemberSeats = 925;
    private const int InServicePartySeats = 593;
    private const int SecretariesAsDirectors = 91;
    private const int CrossAppointed = 387;

    private static readonly RoleKind[] LeadershipKinds = [RoleKind.Secretary, RoleKind.FirstSecretary, RoleKind.DeputySecretary, RoleKind.CommitteeMember];

    private static bool ActiveAt(DateOnly from, DateOnly? until, DateOnly day) => from <= day && (until is null || until > day);

    /// <summary>Holds, at the as-of day, a leadership role in the organisation covering its home compound.</summary>
    private static bool LeadsAtAsOf(MapMember m) =>
        m.Roles.Any(r => LeadershipKinds.Contains(r.Kind) && ActiveAt(r.From, r.Until, AsOf) && r.Organization == m.Compound.Organization);

    private void BuildCommittees()
    {
        var shuffled = Compounds.ToList();
        Shuffle(shuffled);
        var early = shuffled.Where(c => c.Organization!.FormedOn <= D(2019, 5, 1)).ToList();
        var red = early.Take(Scaled(RedCommittees)).ToList();
        var leadNoParty = early.Skip(red.Count).Take(Scaled(45)).ToList();
        var rest = shuffled.Except(red).Except(leadNoParty).ToList();
        var nonRedParty = rest.Take(Scaled(80)).ToList();
        var plain = rest.Skip(Scaled(80)).Take(Scaled(250)).ToList();
        var dissolved = rest.Skip(Scaled(330)).Take(Scaled(20)).ToList();
        var later = rest.Skip(Scaled(350)).Take(Scaled(25)).ToList();

        MapCommittee Add(MapCompound compound, DateOnly formedOn, DateOnly? dissolvedOn, bool underLead)
        {
            var committee = new MapCommittee { Compound = compound, FormedOn = formedOn, DissolvedOn = dissolvedOn, FormedUnderPartyLead = underLead };
            var deputies = rng.Next(1, 3);
            var members = rng.Next(2, 5);
            var roles = new[] { SeatRole.Director }.Concat(Enumerable.Repeat(SeatRole.DeputyDirector, deputies)).Concat(Enumerable.Repeat(SeatRole.Member, members));
            foreach (var role in roles)
            {
                committee.Seats.Add(new MapSeat { Role = role, HolderName = PersonName(), From = formedOn, Until = dissolvedOn });
            }

            compound.Committee = committee;
            Committees.Add(committee);
            return committee;
        }

        DateOnly LedFormation(MapCompound c) => Day(c.Organization!.FormedOn.AddDays(10) < D(2017, 1, 1) ? D(2017, 1, 1) : c.Organization.FormedOn.AddDays(10), AsOf);

        var redCommittees = red.Select(c => Add(c, LedFormation(c), null, true)).ToList();
        var leadOnly = leadNoParty.Select(c => Add(c, LedFormation(c), null, true)).ToList();
        var partyOnly = nonRedParty.Select(c => Add(c, Day(D(2012, 1, 1), AsOf), null, false)).ToList();
        foreach (var c in plain)
        {
            Add(c, Day(D(2012, 1, 1), AsOf), null, false);
        }

        foreach (var c in dissolved)
        {
            Add(c, Day(D(2012, 1, 1), D(2016, 12, 31)), Day(D(2017, 1, 1), D(2019, 5, 31)), false);
        }

        var laterCommittees = later.Select(c => Add(c, Day(D(2019, 7, 1), D(2019, 12, 31)), null, true)).ToList();

        // Party slots: one per red/party-only committee plus extras spread over red committees (at most 4 per committee).
        var partySlotCount = redCommittees.ToDictionary(c => c, _ => 1);
        foreach (var c in partyOnly)
        {
            partySlotCount[c] = 1;
        }

        var extras = Scaled(PartyMemberSeats) - partySlotCount.Count;
        while (extras > 0)
        {
            var c = Pick(redCommittees);
            if (partySlotCount[c] < Math.Min(4, c.Seats.Count))
            {
                partySlotCount[c]++;
                extras--;
            }
        }

        // 一肩挑: the organisation's secretary chairs the committee of the compound they live in.
        var secretaryDirectors = new HashSet<MapCommittee>();
        foreach (var c in redCommittees)
        {
            var secretary = c.Compound.Organization!.Roles.First(r => r.Kind == RoleKind.Secretary).Member;
            if (secretaryDirectors.Count < Scaled(SecretariesAsDirectors) && secretary.Compound == c.Compound && secretary.Seat is null)
            {
                Seat(c.Seats[0], secretary);
                secretaryDirectors.Add(c);
            }
        }

        var slots = new List<MapSeat>();
        foreach (var c in redCommittees.Concat(partyOnly))
        {
            var open = Enumerable.Range(secretaryDirectors.Contains(c) ? 1 : 0, c.Seats.Count - (secretaryDirectors.Contains(c) ? 1 : 0)).ToList();
            Shuffle(open);
            slots.AddRange(open.Take(partySlotCount[c] - (secretaryDirectors.Contains(c) ? 1 : 0)).Select(i => c.Seats[i]));
        }

        Shuffle(slots);
        var committeeOf = Committees.SelectMany(c => c.Seats.Select(s => (s, c))).ToDictionary(x => x.s, x => x.c);

        // 交叉任职: other organisation leaders take party slots on their own compound's committee.
        var cross = secretaryDirectors.Count;
        var ordinarySlots = new List<MapSeat>();
        foreach (var slot in slots)
        {
            var compound = committeeOf[slot].Compound;
            var leader = cross < Scaled(CrossAppointed)
                ? compound.Members.FirstOrDefault(m => m.Seat is null && LeadsAtAsOf(m) && m.Roles.All(r => r.Kind != RoleKind.Secretary))
                : null;
            if (leader is null)
            {
                ordinarySlots.Add(slot);
                continue;
            }

            Seat(slot, leader);
            cross++;
        }

        if (cross != Scaled(CrossAppointed))
        {
            throw new InvalidOperationException($"only {cross} cross-appointed leaders could be seated");
        }

        FillOrdinarySlots(ordinarySlots, committeeOf);

        // History that only an "as of" query sees: a party member who left a lead-formed committee
        // before the as-of day, and party members on committees formed after it.
        foreach (var c in leadOnly.Take(leadOnly.Count / 2))
        {
            var seat = c.Seats[^1];
            var member = c.Compound.Members.FirstOrDefault(m => m.Seat is null && !LeadsAtAsOf(m));
            var leftOn = Day(c.FormedOn.AddDays(1), AsOf);
            if (member is not null && leftOn > c.FormedOn)
            {
                c.Seats.Add(new MapSeat { Role = seat.Role, HolderName = member.Name, Member = member, From = c.FormedOn, Until = leftOn });
                c.Seats.Remove(seat);
                c.Seats.Add(new MapSeat { Role = seat.Role, HolderName = seat.HolderName, From = leftOn });
            }
        }

        foreach (var c in laterCommittees)
        {
            var member = c.Compound.Members.FirstOrDefault(m => m.Seat is null && !LeadsAtAsOf(m));
            if (member is not null)
            {
                Seat(c.Seats[0], member);
            }
        }
    }

    private static void Seat(MapSeat seat, MapMember member)
    {
        seat.Member = member;
        seat.HolderName = member.Name;
        member.Seat = seat;
    }

    /// <summary>Ordinary party members (no leadership role) fill the remaining party slots, in-service ones to the seed's count.</summary>
    private void FillOrdinarySlots(List<MapSeat> slots, Dictionary<MapSeat, MapCommittee> committeeOf)
    {
        var seated = Committees.SelectMany(c => c.Seats).Count(s => s.Member is { Category: MemberCategory.InService } && s.Until is null && s.From <= AsOf);
        var needed = Scaled(InServicePartySeats) - seated;
        for (var i = 0; i < slots.Count; i++)
        {
            var compound = committeeOf[slots[i]].Compound;
            var wantInService = needed > 0 && rng.NextDouble() < needed / (double)(slots.Count - i);
            var candidates = compound.Members.Where(m => m.Seat is null && !LeadsAtAsOf(m)).ToList();
            var member = candidates.FirstOrDefault(m => (m.Category == MemberCategory.InService) == wantInService) ?? candidates.FirstOrDefault()
                ?? throw new InvalidOperationException($"no party member left to seat in {compound.Name}");
            Seat(slots[i], member);
            if (member.Category == MemberCategory.InService)
            {
                needed--;
            }
        }

        // Swap holders within a compound until the in-service count is exact.
        foreach (var slot in slots)
        {
            if (needed == 0)
            {
                break;
            }

            var holder = slot.Member!;
            var wantInService = needed > 0;
            if ((holder.Category == MemberCategory.InService) == wantInService)
            {
                continue;
            }

            var swap = holder.Compound.Members.FirstOrDefault(m => m.Seat is null && !LeadsAtAsOf(m) && (m.Category == MemberCategory.InService) == wantInService);
            if (swap is not null)
            {
                holder.Seat = null;
                Seat(slot, swap);
                needed += wantInService ? -1 : 1;
            }
        }

        if (needed != 0)
        {
            throw new InvalidOperationException($"in-service party seats off by {needed}");
        }
    }

    /// <summary>Cadre ranks go to members serving at the as-of day (in-service first), to the seed's counts; a few non-serving cadres too.</summary>
    private void AssignCadreRanks()
    {
        var serving = Members.Where(m => m.Roles.Any(r => ActiveAt(r.From, r.Until, AsOf))
                || (m.Seat is not null && ActiveAt(m.Seat.From, m.Seat.Until, AsOf))
                || HeldSeatAtAsOf(m))
            .ToList();
        Shuffle(serving);
        serving = serving.OrderBy(m => m.Category == MemberCategory.InService ? 0 : m.Category == MemberCategory.Retired ? 1 : 2).ToList();
        var ranks = Enumerable.Repeat(CadreRank.Department, Scaled(2))
            .Concat(Enumerable.Repeat(CadreRank.Division, Scaled(161)))
            .Concat(Enumerable.Repeat(CadreRank.Section, Scaled(1228)))
            .ToList();
        Shuffle(ranks);
        for (var i = 0; i < ranks.Count; i++)
        {
            serving[i].CadreRank = ranks[i];
        }

        var servingSet = serving.ToHashSet();
        var idle = Members.Where(m => !servingSet.Contains(m) && m.Category is MemberCategory.InService or MemberCategory.Retired).ToList();
        Shuffle(idle);
        foreach (var (member, i) in idle.Take(Scaled(320)).Select((m, i) => (m, i)))
        {
            member.CadreRank = i % 16 == 0 ? CadreRank.Division : CadreRank.Section;
        }
    }

    private static bool HeldSeatAtAsOf(MapMember m) =>
        m.Compound.Committee is { } c && c.Seats.Any(s => s.Member == m && ActiveAt(s.From, s.Until, AsOf));
}
