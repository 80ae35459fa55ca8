using GraphQL.Types;

namespace GeoHub.Access;

/// <summary>Who a caller is to GeoHub; the table in README.md says what each may see and change.</summary>
public enum Role
{
    /// <summary>No token: public data only.</summary>
    Public,

    /// <summary>Internal data in its areas, personal text masked.</summary>
    Viewer,

    /// <summary>A co-building unit: its own bookings, which it may make and cancel.</summary>
    Unit,

    /// <summary>Internal and personal data in its areas, and the writes there.</summary>
    Officer,

    /// <summary>Everything, everywhere, and the audit log.</summary>
    Admin,
}

/// <summary>The kinds of internal data: each is visible to a caller somewhere, or refused as a whole.</summary>
public enum DataKind
{
    Meetings,
    Bookings,
    CommitteeSeats,
    PartyGroups,
    PartyRoles,
    PartyMembers,
    AuditLog,
}

public sealed class RoleType : EnumerationGraphType<Role>
{
    public RoleType()
    {
        Name = "Role";
        Description = "PUBLIC (no token), VIEWER (internal data in its areas, personal text masked), UNIT (its own bookings), OFFICER (internal and personal data and writes in its areas), ADMIN (everything).";
    }
}
