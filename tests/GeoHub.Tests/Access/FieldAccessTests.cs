using System.Text.Json;
using GeoHub.Access;
using GeoHub.GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.Access;

/// <summary>
/// The schema walked field by field: every field has an access class, and every internal or
/// personal field answers each tester as the roles table says — refused where the tester may see
/// no item of its kind, absent where the item lies outside its reach, masked where it may not
/// read personal text. A field added later without a class, or on a type this walk cannot reach,
/// fails here.
/// </summary>
[Collection(AccessDatabase.Name)]
public sealed class FieldAccessTests(AccessFixture fixture) : IAsyncLifetime
{
    private AccessMap map = null!;
    private int ownBooking;

    /// <summary>Node types holding internal or personal fields: their kind (null: public) and an item of the test community.</summary>
    private static readonly Dictionary<string, (DataKind? Kind, string Sql)> Items = new()
    {
        ["OwnersCommittee"] = (null, """
            SELECT oc.id FROM owners_committees oc JOIN compounds c ON c.id = oc.compound_id
            WHERE c.community_id = @community AND EXISTS (SELECT 1 FROM committee_seats s WHERE s.committee_id = oc.id AND s.until IS NULL AND s."from" <= current_date)
            ORDER BY oc.id LIMIT 1
            """),
        ["CommitteeSeat"] = (DataKind.CommitteeSeats, """
            SELECT s.id FROM committee_seats s JOIN owners_committees oc ON oc.id = s.committee_id JOIN compounds c ON c.id = oc.compound_id
            WHERE c.community_id = @community AND s.party_member_id IS NOT NULL ORDER BY s.id LIMIT 1
            """),
        ["PartyOrganization"] = (null, """
            SELECT o.id FROM party_organizations o
            WHERE o.community_id = @community
              AND EXISTS (SELECT 1 FROM meetings m WHERE m.organization_id = o.id AND extract(year FROM m.held_on) = 2019)
              AND EXISTS (SELECT 1 FROM party_groups g WHERE g.organization_id = o.id)
            ORDER BY o.id LIMIT 1
            """),
        ["PartyGroup"] = (DataKind.PartyGroups, "SELECT g.id FROM party_groups g JOIN party_organizations o ON o.id = g.organization_id WHERE o.community_id = @community ORDER BY g.building_id IS NULL, g.id LIMIT 1"),
        ["PartyMember"] = (DataKind.PartyMembers, """
            SELECT m.id FROM party_members m JOIN compounds c ON c.id = m.compound_id
            WHERE c.community_id = @community AND m.work_unit IS NOT NULL AND EXISTS (SELECT 1 FROM party_roles r WHERE r.member_id = m.id)
            ORDER BY m.id LIMIT 1
            """),
        ["PartyRole"] = (DataKind.PartyRoles, """
            SELECT r.id FROM party_roles r JOIN party_organizations o ON o.id = r.organization_id JOIN party_members m ON m.id = r.member_id JOIN compounds c ON c.id = m.compound_id
            WHERE o.community_id = @community AND c.community_id = @community ORDER BY r.party_group_id IS NULL, r.id LIMIT 1
            """),
        ["Meeting"] = (DataKind.Meetings, "SELECT m.id FROM meetings m JOIN party_organizations o ON o.id = m.organization_id WHERE o.community_id = @community ORDER BY m.id LIMIT 1"),
        ["Building"] = (null, """
            SELECT b.id FROM buildings b JOIN compounds c ON c.id = b.compound_id
            WHERE c.community_id = @community AND EXISTS (SELECT 1 FROM party_groups g JOIN party_organizations o ON o.id = g.organization_id WHERE g.building_id = b.id AND o.community_id = @community)
            ORDER BY b.id LIMIT 1
            """),
        ["Booking"] = (DataKind.Bookings, "SELECT id FROM bookings WHERE unit_id = @unit ORDER BY id LIMIT 1"),
    };

    /// <summary>The stored personal text of an item, read here to compare with what each tester gets.</summary>
    private static readonly Dictionary<string, string> PersonalColumns = new()
    {
        ["PartyMember.name"] = "SELECT name FROM party_members WHERE id = @id",
        ["PartyMember.workUnit"] = "SELECT work_unit FROM party_members WHERE id = @id",
        ["CommitteeSeat.holderName"] = "SELECT holder_name FROM committee_seats WHERE id = @id",
        ["Booking.bookedBy"] = "SELECT booked_by FROM bookings WHERE id = @id",
    };

    /// <summary>Types reached from the root instead of by id, checked by their own tests below.</summary>
    private static readonly string[] RootReached = ["Query", "Mutation", "MeetingCompliance", "MeetingCounts", "AuditEntry", "ChangeRecord"];

    public async Task InitializeAsync()
    {
        map = await AccessMap.ReadAsync(fixture);
        // The unit's own booking, as bookVenue makes it for a UNIT caller.
        ownBooking = (await fixture.SqlAsync<int>($"""
            INSERT INTO bookings (venue_id, during, booked_by, purpose, created_at, unit_id)
            VALUES ({map.VenueId}, tstzrange('2031-03-01 09:00+08', '2031-03-01 10:00+08', '[)'), '欧阳修文', 'walk', now(), {map.UnitId})
            RETURNING id
            """))[0];
    }

    public Task DisposeAsync() => fixture.RunSqlAsync($"DELETE FROM bookings WHERE id = {ownBooking}");

    private ISchema Schema()
    {
        var schema = fixture.Factory.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        return schema;
    }

    private static IEnumerable<(IComplexGraphType Type, FieldType Field)> OutputFields(ISchema schema) =>
        schema.AllTypes.OfType<IComplexGraphType>()
            .Where(t => t is IObjectGraphType or IInterfaceGraphType && !t.Name.StartsWith("__", StringComparison.Ordinal))
            .SelectMany(t => t.Fields.Select(f => (t, f)));

    [Fact]
    public void Every_field_of_the_schema_has_an_access_class()
    {
        var missing = OutputFields(Schema())
            .Where(x => FieldAccess.Of(x.Field) is null)
            .Select(x => $"{x.Type.Name}.{x.Field.Name}")
            .ToList();
        Assert.True(missing.Count == 0, "fields without an access class (.Public(), .Internal(kind), .Personal(kind), .Write()): " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_type_with_internal_or_personal_fields_is_walked()
    {
        var unwalked = OutputFields(Schema())
            .Where(x => FieldAccess.Of(x.Field) is { Class: AccessClass.Internal or AccessClass.Personal or AccessClass.Write })
            .Select(x => x.Type.Name)
            .Distinct()
            .Where(name => !Items.ContainsKey(name) && !RootReached.Contains(name))
            .ToList();
        Assert.True(unwalked.Count == 0, "add these types to FieldAccessTests.Items: " + string.Join(", ", unwalked));
    }

    [Theory]
    [InlineData(Tester.Public)]
    [InlineData(Tester.ViewerOfDistrict)]
    [InlineData(Tester.OfficerOfCommunity)]
    [InlineData(Tester.OfficerOfOtherDistrict)]
    [InlineData(Tester.Unit)]
    [InlineData(Tester.Admin)]
    public async Task Every_internal_and_personal_field_answers_as_the_roles_table_says(Tester tester)
    {
        var schema = Schema();
        var client = map.Client(fixture, tester);
        var admin = map.Client(fixture, Tester.Admin);
        var communityId = (await fixture.SqlAsync<int>($"SELECT id FROM areas WHERE code = '{map.Community}'"))[0];
        var checkedFields = 0;
        foreach (var (typeName, (typeKind, sql)) in Items)
        {
            var type = (IObjectGraphType)schema.AllTypes[typeName]!;
            var id = (await fixture.SqlAsync(sql, r => r.GetInt32(0), ("community", communityId), ("unit", map.UnitId)))[0];
            var own = typeName == "Booking";
            var visible = typeKind is not { } kind || AccessMap.SeesInCommunity(tester, kind, own);
            foreach (var field in type.Fields.Where(f => FieldAccess.Of(f) is { Class: AccessClass.Internal or AccessClass.Personal }))
            {
                var access = FieldAccess.Of(field)!;
                var query = $"query($id: ID!) {{ node(id: $id) {{ ... on {typeName} {{ value: {field.Name}{Arguments(field)}{Selection(field)} }} }} }}";
                var variables = new { id = GlobalId.Encode(typeName, id) };
                var answer = await client.PostAsync(query, variables);
                var where = $"{tester} {typeName}.{field.Name} of {typeName} {id}";
                var node = answer.GetProperty("data").GetProperty("node");
                checkedFields++;
                if (!visible)
                {
                    Assert.True(node.ValueKind == JsonValueKind.Null, $"{where}: the item is outside the tester's reach, yet node answered {node}");
                    Assert.Empty(answer.ErrorCodes());
                    continue;
                }

                if (!AccessMap.ReadsAnywhere(tester, access.Kind!.Value))
                {
                    Assert.True(answer.ErrorCodes().SequenceEqual([ErrorCodes.Forbidden]), $"{where}: expected FORBIDDEN, got {answer}");
                    continue;
                }

                Assert.True(answer.ErrorCodes().Count == 0, $"{where}: {answer}");
                var value = node.GetProperty("value");
                if (access.Class == AccessClass.Personal)
                {
                    var stored = (await fixture.SqlAsync(PersonalColumns[$"{typeName}.{field.Name}"], r => r.IsDBNull(0) ? null : r.GetString(0), ("id", id)))[0];
                    var shown = AccessMap.ReadsPersonalInCommunity(tester, access.Kind!.Value, own) ? stored : Masking.Mask(stored);
                    Assert.True(shown == (value.ValueKind == JsonValueKind.Null ? null : value.GetString()), $"{where}: expected {shown}, got {value}");
                }
                else if (Selection(field).Length > 0)
                {
                    // Nested internal items: the tester gets ADMIN's items where it sees the kind in the community, none elsewhere.
                    var reference = (await admin.QueryAsync(query, variables)).GetProperty("node").GetProperty("value");
                    var expected = AccessMap.SeesInCommunity(tester, access.Kind!.Value, own) ? reference.GetRawText()
                        : reference.ValueKind == JsonValueKind.Array ? "[]" : "null";
                    Assert.True(reference.ValueKind != JsonValueKind.Null && reference.GetRawText() != "[]", $"{where}: the walk needs an item with data here (ADMIN got {reference})");
                    Assert.True(expected == value.GetRawText(), $"{where}: expected {expected}, got {value}");
                }
            }
        }

        Assert.True(checkedFields >= 35, $"only {checkedFields} fields walked");
    }

    [Theory]
    [InlineData(Tester.Public)]
    [InlineData(Tester.ViewerOfDistrict)]
    [InlineData(Tester.OfficerOfCommunity)]
    [InlineData(Tester.OfficerOfOtherDistrict)]
    [InlineData(Tester.Unit)]
    [InlineData(Tester.Admin)]
    public async Task Root_lists_of_internal_data_answer_as_the_roles_table_says(Tester tester)
    {
        var client = map.Client(fixture, tester);
        var community = map.Community;
        var checks = new (string Query, DataKind Kind, bool Own)[]
        {
            ($$"""{ value: meetings(where: { areaCode: "{{community}}" }) { totalCount nodes { id kind heldOn topic attendees organization { id } } } }""", DataKind.Meetings, false),
            ($$"""{ value: bookings(where: { areaCode: "{{community}}" }) { totalCount nodes { id from to bookedBy purpose cancelledAt venue { id } } } }""", DataKind.Bookings, true),
            ($$"""{ value: meetingCompliance(areaCode: "{{community}}", year: 2019, behindOnly: false) { organization { id } branchCommittee partyGroup generalAssembly partyLecture compliant required { branchCommittee partyGroup generalAssembly partyLecture } } }""", DataKind.Meetings, false),
            ("""{ value: auditLog(first: 3) { totalCount nodes { at subject role areaCodes kind operation operationName areaCode outcome items changes { operation on recordId before after reason } } } }""", DataKind.AuditLog, false),
        };
        foreach (var (query, kind, own) in checks)
        {
            var answer = await client.PostAsync(query);
            if (!AccessMap.ReadsAnywhere(tester, kind))
            {
                Assert.True(answer.ErrorCodes().SequenceEqual([ErrorCodes.Forbidden]), $"{tester} {query}: expected FORBIDDEN, got {answer}");
                continue;
            }

            Assert.True(answer.ErrorCodes().Count == 0, $"{tester} {query}: {answer}");
            var value = answer.GetProperty("data").GetProperty("value");
            var count = value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : value.GetProperty("totalCount").GetInt32();
            if (kind != DataKind.AuditLog)
            {
                // The audit log's lines are the AuditLogTests' to count.
                var sees = AccessMap.SeesInCommunity(tester, kind, own);
                Assert.True(sees ? count > 0 : count == 0, $"{tester} {query}: {count} items");
            }
        }
    }

    private static string Arguments(FieldType field) =>
        field.Arguments?.Any(a => a.ResolvedType is NonNullGraphType && a.Name == "year") == true ? "(year: 2019)" : "";

    private static string Selection(FieldType field)
    {
        var type = field.ResolvedType!;
        while (type is NonNullGraphType or ListGraphType)
        {
            type = type is NonNullGraphType nonNull ? nonNull.ResolvedType! : ((ListGraphType)type).ResolvedType!;
        }

        return type is IObjectGraphType ? " { id }" : "";
    }
}
