using System.Globalization;
using GeoHub.Common;
using GeoHub.GraphQL;
using GraphQL;
using Microsoft.Extensions.Options;

namespace GeoHub.Changes;

/// <summary>Settings of the history rules (GeoHub:Writes).</summary>
public sealed class WriteOptions
{
    public const string Section = "GeoHub:Writes";

    /// <summary>
    /// How many days back a write may be dated without a correction's reason: the fortnight
    /// between two reviews (半月谈). Days before that are settled: what they answer changes only
    /// by an explicit, audited correction.
    /// </summary>
    public int OpenDays { get; set; } = 14;
}

/// <summary>
/// A mutation's one <c>input</c> argument, read field by field; every refusal names its field
/// (<c>input.on</c>) in the message and in <c>extensions.field</c>.
/// </summary>
public sealed class WriteInput
{
    private readonly Dictionary<string, object?> values;

    public WriteInput(IResolveFieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        values = context.GetArgument<Dictionary<string, object?>>("input") ?? [];
        Reason = OptionalText("reason");
        var options = context.RequestServices?.GetService<IOptions<WriteOptions>>()?.Value ?? new WriteOptions();
        if (values.ContainsKey("on"))
        {
            On = Day("on");
            var today = AsOf.Today(context);
            if (On > today)
            {
                throw WriteErrors.Invalid("on", $"{Format(On)} is in the future (today is {Format(today)} in Longyan); a change is recorded on or after the day it happens.");
            }

            if (On < today.AddDays(-options.OpenDays) && Reason is null)
            {
                throw WriteErrors.Invalid("reason", $"{Format(On)} is more than {options.OpenDays} days ago, so it is settled: a change dated then is a correction and needs a reason.");
            }
        }
    }

    /// <summary>The day the change happened.</summary>
    public DateOnly On { get; }

    /// <summary>Why a settled day is corrected (kept in the change log and the audit entry).</summary>
    public string? Reason { get; }

    public bool Has(string field) => values.TryGetValue(field, out var value) && value is not null;

    public int Id(string field, string typeName) =>
        OptionalId(field, typeName) ?? throw WriteErrors.Invalid(field, "is required.");

    public int? OptionalId(string field, string typeName)
    {
        if (!values.TryGetValue(field, out var value) || value is null)
        {
            return null;
        }

        return GlobalId.TryDecode(value.ToString()!, out var type, out var id) && type == typeName
            ? id
            : throw new ExecutionError($"input.{field}: '{value}' is not the id of a {typeName}.") { Code = ErrorCodes.InvalidId, Extensions = Field(field) };
    }

    public IReadOnlyList<int> Ids(string field, string typeName)
    {
        if (!values.TryGetValue(field, out var value) || value is not IEnumerable<object?> list)
        {
            return [];
        }

        return [.. list.Select(item => GlobalId.TryDecode(item?.ToString() ?? "", out var type, out var id) && type == typeName
            ? id
            : throw new ExecutionError($"input.{field}: '{item}' is not the id of a {typeName}.") { Code = ErrorCodes.InvalidId, Extensions = Field(field) })];
    }

    public DateOnly Day(string field) => OptionalDay(field) ?? throw WriteErrors.Invalid(field, "is required.");

    public DateOnly? OptionalDay(string field) => values.TryGetValue(field, out var value) ? value switch
    {
        null => null,
        DateOnly day => day,
        DateTime time => DateOnly.FromDateTime(time),
        _ => throw WriteErrors.Invalid(field, "is not a day."),
    } : null;

    public string Text(string field) =>
        OptionalText(field) ?? throw WriteErrors.Invalid(field, "must not be empty.");

    public string? OptionalText(string field)
    {
        var text = values.TryGetValue(field, out var value) ? value?.ToString()?.Trim() : null;
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public int Number(string field) => OptionalNumber(field) ?? throw WriteErrors.Invalid(field, "is required.");

    public int? OptionalNumber(string field) =>
        values.TryGetValue(field, out var value) && value is not null ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : null;

    public decimal? OptionalDecimal(string field) =>
        values.TryGetValue(field, out var value) && value is not null ? Convert.ToDecimal(value, CultureInfo.InvariantCulture) : null;

    public bool Bool(string field, bool otherwise) =>
        values.TryGetValue(field, out var value) && value is bool flag ? flag : otherwise;

    public TEnum Enum<TEnum>(string field)
        where TEnum : struct, Enum =>
        OptionalEnum<TEnum>(field) ?? throw WriteErrors.Invalid(field, "is required.");

    public TEnum? OptionalEnum<TEnum>(string field)
        where TEnum : struct, Enum =>
        values.TryGetValue(field, out var value) ? EnumOf<TEnum>(value) : null;

    /// <summary>An enum value as GraphQL gives it (parsed already, or its name: IN_SERVICE for InService).</summary>
    public static TEnum? EnumOf<TEnum>(object? value)
        where TEnum : struct, Enum =>
        value switch
        {
            null => null,
            TEnum typed => typed,
            _ => System.Enum.Parse<TEnum>(value.ToString()!.Replace("_", "", StringComparison.Ordinal), ignoreCase: true),
        };

    /// <summary>A GeoJSON Point input (longitude, latitude); anything else is INVALID_GEOMETRY naming the field.</summary>
    public (double Longitude, double Latitude) Point(string field)
    {
        if (!values.TryGetValue(field, out var value) || value is not System.Text.Json.JsonElement json)
        {
            throw WriteErrors.Invalid(field, "is required.");
        }

        var point = GeoJson.ReadPoint(json, "input." + field);
        return (point.X, point.Y);
    }

    /// <summary>A nested input object (ReportBackInput.member).</summary>
    public IReadOnlyDictionary<string, object?>? Nested(string field) =>
        values.TryGetValue(field, out var value) ? value as Dictionary<string, object?> : null;

    /// <summary>The version of the record the client read: required to change an existing record.</summary>
    public int Version => Number("version");

    public static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static Dictionary<string, object?> Field(string field) => new() { ["field"] = "input." + field };
}
