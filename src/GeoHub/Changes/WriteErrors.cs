using GeoHub.GraphQL;
using GraphQL;
using Npgsql;

namespace GeoHub.Changes;

/// <summary>The coded errors of writes; each names the input field it is about (extensions.field).</summary>
public static class WriteErrors
{
    /// <summary>The constraint or trigger that refused a write, and the field and code its refusal is about.</summary>
    private static readonly Dictionary<string, (string Code, string Field, string Message)> Constraints = new()
    {
        ["ex_party_roles_one_holder"] = (ErrorCodes.Conflict, "kind", "the organisation already has an active holder of this role on that day"),
        ["ex_party_roles_member_kind"] = (ErrorCodes.Conflict, "memberId", "the member already holds this role in the organisation on that day"),
        ["ex_organization_compounds_one_at_a_time"] = (ErrorCodes.Conflict, "compoundIds", "a compound is already covered by an organisation on that day; stop that coverage first"),
        ["ex_owners_committees_one_at_a_time"] = (ErrorCodes.Conflict, "compoundId", "the compound already has an owners' committee on that day"),
        ["ex_committee_seats_one_director"] = (ErrorCodes.Conflict, "role", "the committee already has a director on that day"),
        ["ex_committee_seats_member_once"] = (ErrorCodes.Conflict, "memberId", "the member already holds a seat on this committee on that day"),
        ["ck_committee_seats_member_compound"] = (ErrorCodes.InvalidArgument, "memberId", "the party member does not live in the committee's compound on that day"),
        ["ck_party_organizations_formation"] = (ErrorCodes.InvalidArgument, "compoundIds", "a JOINT organisation covers two compounds or more, a STANDALONE one exactly one"),
        ["ix_co_building_units_name"] = (ErrorCodes.Conflict, "name", "a co-building unit of that name exists"),
        ["ix_party_organizations_code"] = (ErrorCodes.Conflict, "code", "an organisation with that code exists"),
        ["ix_buildings_compound_id_name"] = (ErrorCodes.Conflict, "name", "the compound has a building of that name"),
    };

    public static ExecutionError Invalid(string field, string message) =>
        new($"input.{field}: {message}") { Code = ErrorCodes.InvalidArgument, Extensions = WriteInput.Field(field) };

    public static ExecutionError Conflict(string field, string message) =>
        new($"input.{field}: {message}") { Code = ErrorCodes.Conflict, Extensions = WriteInput.Field(field) };

    public static ExecutionError NotFound(string field, string what) =>
        new($"input.{field}: no {what} with that id.") { Code = ErrorCodes.NotFound, Extensions = WriteInput.Field(field) };

    public static ExecutionError StaleVersion(string typeName, int read, int current) =>
        new($"input.version: the {typeName} changed since it was read (version {read}, now {current}); read it again.")
        {
            Code = ErrorCodes.StaleVersion,
            Extensions = new Dictionary<string, object?> { ["field"] = "input.version", ["currentVersion"] = current },
        };

    /// <summary>The coded error for a constraint's refusal; null for anything else (a real failure).</summary>
    public static ExecutionError? FromConstraint(PostgresException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.ConstraintName is { } name && Constraints.TryGetValue(name, out var known))
        {
            return new ExecutionError($"input.{known.Field}: {known.Message}.") { Code = known.Code, Extensions = WriteInput.Field(known.Field) };
        }

        return exception.SqlState switch
        {
            // The date checks (ck_*_dates): an end on or before its start.
            PostgresErrorCodes.CheckViolation => Invalid("on", $"the change would end something before it began ({exception.ConstraintName})."),
            PostgresErrorCodes.ForeignKeyViolation => new ExecutionError($"A record the input names does not exist ({exception.ConstraintName}).") { Code = ErrorCodes.NotFound },
            _ => null,
        };
    }
}
