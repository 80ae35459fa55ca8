using GeoHub.Changes;
using GeoHub.Common;
using GeoHub.Organizations;
using GraphQL.Types;

namespace GeoHub.Committees;

/// <summary>
/// Owners' committees (业委会) and their seats. "Red" (红色业委会), cross-appointment (交叉任职) and
/// secretary-as-director (一肩挑) are not written: they follow from the seats and roles, as they do in the figures.
/// </summary>
public static class CommitteeMutations
{
    private const string CommitteeRow = "SELECT to_jsonb(c)::text FROM owners_committees c WHERE id = @id";
    private const string SeatRow = "SELECT to_jsonb(s)::text FROM committee_seats s WHERE id = @id";

    public static void AddTo(ObjectGraphType mutation)
    {
        WriteFields.Add<OwnersCommittee, OwnersCommitteeType>(mutation, "formOwnersCommittee",
            "Form a compound's owners' committee on `on` (one at a time per compound: CONFLICT otherwise).",
            input =>
            {
                input.Field<NonNullGraphType<IdGraphType>>("compoundId");
                input.Field<NonNullGraphType<StringGraphType>>("name");
                input.Field<NonNullGraphType<BooleanGraphType>>("formedUnderPartyLead").Description("Formed under the party organisation's lead: with party members seated it is red (红色业委会).");
            },
            FormAsync);

        WriteFields.Add<OwnersCommittee, OwnersCommitteeType>(mutation, "dissolveOwnersCommittee",
            "Dissolve the committee on `on`; its seats end that day.",
            input => OrganizationMutations.VersionFields(input, "id"), DissolveAsync);

        WriteFields.Add<CommitteeSeat, CommitteeSeatType>(mutation, "seatCommitteeMember",
            "Seat a holder on the committee from `on`: a party member living in the compound (memberId) or another owner (holderName). One director at a time.",
            input =>
            {
                input.Field<NonNullGraphType<IdGraphType>>("committeeId");
                input.Field<NonNullGraphType<SeatRoleType>>("role");
                input.Field<IdGraphType>("memberId");
                input.Field<StringGraphType>("holderName");
            },
            SeatAsync);

        WriteFields.Add<CommitteeSeat, CommitteeSeatType>(mutation, "unseatCommitteeMember",
            "The seat ends on `on`.", input => OrganizationMutations.VersionFields(input, "id"), UnseatAsync);
    }

    private static async Task<int> FormAsync(WriteScope scope, WriteInput input)
    {
        var compoundId = input.Id("compoundId", "Compound");
        var place = await scope.CompoundPlaceAsync(compoundId, "compoundId");
        var id = await scope.ScalarAsync<int>("""
            INSERT INTO owners_committees (compound_id, name, formed_on, formed_under_party_lead) VALUES (@compound, @name, @on, @lead) RETURNING id
            """, ("compound", compoundId), ("name", input.Text("name")), ("on", input.On), ("lead", input.Bool("formedUnderPartyLead", false)));
        await scope.RecordAsync(new Change("OwnersCommittee", id, input.On, place, [compoundId], null, await scope.RowAsync(CommitteeRow, ("id", id))));
        return id;
    }

    private static async Task<int> DissolveAsync(WriteScope scope, WriteInput input)
    {
        var id = input.Id("id", "OwnersCommittee");
        var before = await scope.TakeVersionAsync("owners_committees", "OwnersCommittee", id, input.Version);
        var compoundId = (int)before["compound_id"]!;
        var place = await scope.CompoundPlaceAsync(compoundId, "id");
        if (before["dissolved_on"] is not null)
        {
            throw WriteErrors.Conflict("id", $"the committee was dissolved on {before["dissolved_on"]}.");
        }

        await scope.ExecuteAsync("""UPDATE committee_seats SET until = @on, version = version + 1 WHERE committee_id = @id AND until IS NULL AND "from" < @on""", ("id", id), ("on", input.On));
        await scope.ExecuteAsync("UPDATE owners_committees SET dissolved_on = @on WHERE id = @id", ("id", id), ("on", input.On));
        await scope.RecordAsync(new Change("OwnersCommittee", id, input.On, place, [compoundId], before, await scope.RowAsync(CommitteeRow, ("id", id))));
        return id;
    }

    private static async Task<int> SeatAsync(WriteScope scope, WriteInput input)
    {
        var committeeId = input.Id("committeeId", "OwnersCommittee");
        var compoundId = await scope.ScalarAsync<int?>(
            $"SELECT compound_id FROM owners_committees WHERE id = @id AND {ActiveOn.Sql("formed_on", "dissolved_on", "@on")}",
            ("id", committeeId), ("on", input.On)) ?? throw WriteErrors.Invalid("committeeId", "no owners' committee with that id is active on that day.");
        var place = await scope.CompoundPlaceAsync(compoundId, "committeeId");
        var memberId = input.OptionalId("memberId", "PartyMember");
        var holder = input.OptionalText("holderName");
        if ((memberId is null) == (holder is null))
        {
            throw WriteErrors.Invalid("memberId", "give either memberId (a party member) or holderName (another owner).");
        }

        // A party member's seat carries their name; the trigger checks they live in the compound.
        var id = await scope.ScalarAsync<int>("""
            INSERT INTO committee_seats (committee_id, role, holder_name, party_member_id, "from")
            VALUES (@committee, @role, coalesce(@holder, (SELECT name FROM party_members WHERE id = @member)), @member, @on) RETURNING id
            """, ("committee", committeeId), ("role", input.Enum<SeatRole>("role").ToString()), ("holder", holder), ("member", memberId), ("on", input.On));
        await scope.RecordAsync(new Change("CommitteeSeat", id, input.On, place, [compoundId], null, await scope.RowAsync(SeatRow, ("id", id))));
        return id;
    }

    private static async Task<int> UnseatAsync(WriteScope scope, WriteInput input)
    {
        var id = input.Id("id", "CommitteeSeat");
        var before = await scope.TakeVersionAsync("committee_seats", "CommitteeSeat", id, input.Version);
        var compoundId = await scope.ScalarAsync<int>("SELECT compound_id FROM owners_committees WHERE id = @id", ("id", (int)before["committee_id"]!));
        var place = await scope.CompoundPlaceAsync(compoundId, "id");
        if (before["until"] is not null)
        {
            throw WriteErrors.Conflict("id", $"the seat ended on {before["until"]}.");
        }

        await scope.ExecuteAsync("UPDATE committee_seats SET until = @on WHERE id = @id", ("id", id), ("on", input.On));
        await scope.RecordAsync(new Change("CommitteeSeat", id, input.On, place, [compoundId], before, await scope.RowAsync(SeatRow, ("id", id))));
        return id;
    }
}
