using GeoHub.GraphQL;
using GraphQL;

namespace GeoHub.Access;

/// <summary>How far a caller's right to a kind of internal data reaches.</summary>
public enum Reach
{
    Nowhere,

    /// <summary>Only the items of the caller's own co-building unit (a UNIT's bookings).</summary>
    OwnUnit,

    InAreas,
    Everywhere,
}

/// <summary>
/// The roles table of README.md, in one place: every field, list, map layer and write asks here.
/// Items are filtered to the reach by <see cref="AccessScope"/> (EF and SQL), fields are refused or
/// masked by <see cref="AccessFieldMiddleware"/>, writes call <see cref="RequestAccess.DemandWrite"/>.
/// </summary>
public static class AccessRules
{
    public static Reach ReadReach(Caller caller, DataKind kind)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Role switch
        {
            Role.Admin => Reach.Everywhere,
            _ when kind == DataKind.AuditLog => Reach.Nowhere,
            Role.Viewer or Role.Officer => caller.Areas.Count > 0 ? Reach.InAreas : Reach.Nowhere,
            Role.Unit => kind == DataKind.Bookings && caller.UnitId is not null ? Reach.OwnUnit : Reach.Nowhere,
            _ => Reach.Nowhere,
        };
    }

    /// <summary>False: the field is refused with FORBIDDEN, as the caller may see no item of the kind anywhere.</summary>
    public static bool MayRead(Caller caller, DataKind kind) => ReadReach(caller, kind) != Reach.Nowhere;

    /// <summary>
    /// Whether personal text of an item the caller can see is shown unmasked. Items reach a caller
    /// only within its reach (AccessScope filters them), so "may read it in that item's area" is
    /// the role's right here: OFFICER in its areas, a UNIT for its own bookings, ADMIN everywhere.
    /// </summary>
    public static bool ShowsPersonal(Caller caller, DataKind kind)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Role switch
        {
            Role.Admin => true,
            Role.Officer => caller.Areas.Count > 0,
            Role.Unit => kind == DataKind.Bookings && caller.UnitId is not null,
            _ => false,
        };
    }

    /// <summary>Whether the caller may write anything anywhere: PUBLIC and VIEWER may not.</summary>
    public static bool MayWriteSomewhere(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Role switch
        {
            Role.Admin => true,
            Role.Officer => caller.Areas.Count > 0,
            Role.Unit => caller.UnitId is not null,
            _ => false,
        };
    }

    /// <summary>
    /// Whether the caller may write an item in the area with this path. <paramref name="unitId"/>
    /// is the co-building unit that owns the item, for items a UNIT may write (its bookings).
    /// </summary>
    public static bool MayWrite(Caller caller, string? areaPath, int? unitId = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Role switch
        {
            Role.Admin => true,
            Role.Officer => areaPath is not null && caller.Holds(areaPath),
            Role.Unit => unitId is not null && unitId == caller.UnitId,
            _ => false,
        };
    }

    public static ExecutionError Forbidden(string message) => new(message) { Code = ErrorCodes.Forbidden };
}
