using GeoHub.Access;
using GeoHub.GraphQL;

namespace GeoHub.Tests.Access;

/// <summary>The roles of the access tests, as the matrix names them.</summary>
public enum Tester
{
    Public,
    ViewerOfDistrict,
    OfficerOfCommunity,
    OfficerOfOtherDistrict,
    Unit,
    Admin,
}

/// <summary>
/// The places and people of the access tests, read from the demo map by SQL: a community of
/// 新罗区 (350802) with committee seats held by party members, meetings, party groups, members
/// with work units and a venue; a co-building unit; and another district (长汀县, 350821).
/// </summary>
public sealed record AccessMap(string District, string Community, string CommunityPath, string OtherDistrict, int UnitId, int VenueId)
{
    public string UnitGlobalId => GlobalId.Encode("CoBuildingUnit", UnitId);

    public static async Task<AccessMap> ReadAsync(DatabaseFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var community = await fixture.SqlAsync("""
            SELECT a.code, a.path,
                   (SELECT v.id FROM venues v WHERE v.area_id = a.id AND v.closed_on IS NULL ORDER BY v.id LIMIT 1)
            FROM areas a
            WHERE a.level = 'Community' AND a.path LIKE '350800/350802/%'
              AND EXISTS (SELECT 1 FROM venues v WHERE v.area_id = a.id AND v.closed_on IS NULL)
            ORDER BY (SELECT count(*) FROM committee_seats s JOIN owners_committees oc ON oc.id = s.committee_id JOIN compounds c ON c.id = oc.compound_id
                      WHERE c.community_id = a.id AND s.party_member_id IS NOT NULL AND s.until IS NULL) DESC, a.code
            LIMIT 1
            """, r => (r.GetString(0), r.GetString(1), r.GetInt32(2)));
        var unit = (await fixture.SqlAsync<int>("SELECT min(id) FROM co_building_units"))[0];
        var (code, path, venue) = community[0];
        return new AccessMap("350802", code, path, "350821", unit, venue);
    }

    public HttpClient Client(DatabaseFixture fixture, Tester tester)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        return tester switch
        {
            Tester.Public => fixture.CreateClient(),
            Tester.ViewerOfDistrict => fixture.CreateClient(Role.Viewer, [District], subject: "viewer-350802"),
            Tester.OfficerOfCommunity => fixture.CreateClient(Role.Officer, [Community], subject: "officer-" + Community),
            Tester.OfficerOfOtherDistrict => fixture.CreateClient(Role.Officer, [OtherDistrict], subject: "officer-" + OtherDistrict),
            Tester.Unit => fixture.CreateClient(Role.Unit, unit: UnitGlobalId, subject: "unit-" + UnitId),
            _ => fixture.CreateClient(Role.Admin, subject: "admin"),
        };
    }

    /// <summary>
    /// The roles table, written out for the testers: may the tester see internal items of the
    /// kind that lie in <see cref="Community"/> (own: the tester's unit booked it)?
    /// </summary>
    public static bool SeesInCommunity(Tester tester, DataKind kind, bool own = false) => tester switch
    {
        Tester.Admin => true,
        Tester.ViewerOfDistrict or Tester.OfficerOfCommunity => kind != DataKind.AuditLog,
        Tester.Unit => kind == DataKind.Bookings && own,
        _ => false,
    };

    /// <summary>May the tester see some item of the kind somewhere (else the field is FORBIDDEN)?</summary>
    public static bool ReadsAnywhere(Tester tester, DataKind kind) => tester switch
    {
        Tester.Admin => true,
        Tester.Public => false,
        Tester.Unit => kind == DataKind.Bookings,
        _ => kind != DataKind.AuditLog,
    };

    /// <summary>Is personal text of the community's items shown to the tester unmasked?</summary>
    public static bool ReadsPersonalInCommunity(Tester tester, DataKind kind, bool own = false) => tester switch
    {
        Tester.Admin or Tester.OfficerOfCommunity => true,
        Tester.Unit => kind == DataKind.Bookings && own,
        _ => false,
    };
}
