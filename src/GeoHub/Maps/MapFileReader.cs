using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace GeoHub.Maps;

/// <summary>One record of a map file (a CSV row or a GeoJSON feature) with typed, error-naming accessors.</summary>
internal abstract class MapRecord(string where)
{
    /// <summary>"party_members.csv line 12" or "compounds.geojson feature 3 (line 4)".</summary>
    public string Where { get; } = where;

    protected abstract string? Raw(string field);

    public MapFormatException Error(string message) => new($"{Where}: {message}");

    public string Text(string field) => Raw(field) is { Length: > 0 } value ? value : throw Error($"'{field}' is required");

    public string? OptionalText(string field) => Raw(field) is { Length: > 0 } value ? value : null;

    public int Int(string field) =>
        int.TryParse(Text(field), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Error($"'{field}' is not an integer");

    public int? OptionalInt(string field) => OptionalText(field) is null ? null : Int(field);

    public decimal Decimal(string field) =>
        decimal.TryParse(Text(field), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : throw Error($"'{field}' is not a number");

    public decimal? OptionalDecimal(string field) => OptionalText(field) is null ? null : Decimal(field);

    public bool Bool(string field) => Text(field) switch
    {
        "true" => true,
        "false" => false,
        _ => throw Error($"'{field}' must be true or false"),
    };

    public DateOnly Date(string field) =>
        DateOnly.TryParseExact(Text(field), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw Error($"'{field}' is not a yyyy-MM-dd date");

    public DateOnly? OptionalDate(string field) => OptionalText(field) is null ? null : Date(field);

    public DateTime Instant(string field) =>
        DateTimeOffset.TryParseExact(Text(field), "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.UtcDateTime
            : throw Error($"'{field}' is not an ISO 8601 time with offset");

    public DateTime? OptionalInstant(string field) => OptionalText(field) is null ? null : Instant(field);

    /// <summary>The enum member's PascalCase name, as the database stores it.</summary>
    public string Enum<TEnum>(string field)
        where TEnum : struct, Enum
    {
        var value = Text(field);
        return System.Enum.GetNames<TEnum>().Contains(value) ? value : throw Error($"'{field}' = '{value}' is not one of {string.Join('/', System.Enum.GetNames<TEnum>())}");
    }

    public string? OptionalEnum<TEnum>(string field)
        where TEnum : struct, Enum => OptionalText(field) is null ? null : Enum<TEnum>(field);

    /// <summary>Resolves a code/key to the id given to the row it names.</summary>
    public int Ref(string field, IReadOnlyDictionary<string, int> ids, string what) =>
        ids.TryGetValue(Text(field), out var id) ? id : throw Error($"unknown {what} '{Text(field)}' in '{field}'");

    public int? OptionalRef(string field, IReadOnlyDictionary<string, int> ids, string what) =>
        OptionalText(field) is null ? null : Ref(field, ids, what);
}

internal sealed class CsvRecord(string where, Dictionary<string, int> columns, string[] values) : MapRecord(where)
{
    protected override string? Raw(string field) => values[columns[field]];
}

internal sealed class FeatureRecord(string where, JsonElement properties, Geometry geometry) : MapRecord(where)
{
    public Geometry Geometry { get; } = geometry;

    public JsonElement Properties { get; } = properties;

    protected override string? Raw(string field) =>
        !Properties.TryGetProperty(field, out var value) ? null
        : value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw Error($"'{field}' must be a string or number"),
        };
}

/// <summary>Reads the map folder's CSV and GeoJSON files into records; nothing here touches the database.</summary>
internal static class MapFileReader
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static IEnumerable<CsvRecord> ReadCsv(string directory, string file, params string[] expectedHeader)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new MapFormatException($"{file}: file missing in {directory}");
        }

        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? throw new MapFormatException($"{file} line 1: empty file");
        var missing = expectedHeader.Except(header).ToList();
        if (missing.Count > 0)
        {
            throw new MapFormatException($"{file} line 1: missing column(s) {string.Join(", ", missing)}");
        }

        var columns = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var where = $"{file} line {lineNumber}";
            var values = SplitCsvLine(line, where);
            if (values.Length != header.Length)
            {
                throw new MapFormatException($"{where}: {values.Length} fields, the header has {header.Length}");
            }

            yield return new CsvRecord(where, columns, values);
        }
    }

    private static string[] SplitCsvLine(string line, string where)
    {
        var fields = new List<string>();
        var i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                var value = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new MapFormatException($"{where}: unterminated quoted field");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            value.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(line[i++]);
                }

                fields.Add(value.ToString());
            }
            else
            {
                var end = line.IndexOf(',', i);
                fields.Add(end < 0 ? line[i..] : line[i..end]);
                i = end < 0 ? line.Length : end;
            }

            if (i >= line.Length)
            {
                return [.. fields];
            }

            if (line[i] != ',')
            {
                throw new MapFormatException($"{where}: text after a quoted field");
            }

            i++;
        }
    }

    public static List<FeatureRecord> ReadGeoJson(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new MapFormatException($"{file}: file missing in {directory}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new MapFormatException($"{file} line {e.LineNumber + 1}: not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                throw new MapFormatException($"{file}: not a GeoJSON FeatureCollection");
            }

            var records = new List<FeatureRecord>(features.GetArrayLength());
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                index++;
                var where = $"{file} feature {index} (line {index + 1})";
                if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
                {
                    throw new MapFormatException($"{where}: no properties");
                }

                if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
                {
                    throw new MapFormatException($"{where}: no geometry");
                }

                records.Add(new FeatureRecord(where, properties.Clone(), ReadGeometry(geometry, where)));
            }

            return records;
        }
    }

    private static Geometry ReadGeometry(JsonElement geometry, string where)
    {
        try
        {
            var coordinates = geometry.GetProperty("coordinates");
            return geometry.GetProperty("type").GetString() switch
            {
                "Point" => Factory.CreatePoint(Position(coordinates)),
                "MultiPolygon" => Factory.CreateMultiPolygon(coordinates.EnumerateArray().Select(Polygon).ToArray()),
                "Polygon" => Factory.CreateMultiPolygon([Polygon(coordinates)]),
                var other => throw new MapFormatException($"{where}: geometry type '{other}' is not supported"),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or ArgumentException or FormatException)
        {
            throw new MapFormatException($"{where}: malformed geometry ({e.Message})", e);
        }
    }

    private static Polygon Polygon(JsonElement rings)
    {
        var linear = rings.EnumerateArray().Select(r => Factory.CreateLinearRing(r.EnumerateArray().Select(Position).ToArray())).ToArray();
        return Factory.CreatePolygon(linear[0], linear[1..]);
    }

    public static Coordinate Position(JsonElement position) => new(position[0].GetDouble(), position[1].GetDouble());
}
