using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace GeoHub.Maps;

/// <summary>
/// Writes the map's two file kinds byte-stably: GeoJSON with one feature per line (so an error can
/// name a line) and RFC 4180 CSV with a header. UTF-8 without BOM, '\n' line ends, invariant culture.
/// </summary>
internal static class MapFileWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string Date(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) ?? "";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static void WriteCsv<T>(string path, string[] header, IEnumerable<T> rows, Func<T, string?[]> fields)
    {
        using var writer = new StreamWriter(path, false, Utf8, 1 << 16) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', header));
        foreach (var row in rows)
        {
            var values = fields(row);
            if (values.Length != header.Length)
            {
                throw new InvalidOperationException($"{Path.GetFileName(path)}: {values.Length} fields for {header.Length} columns");
            }

            writer.WriteLine(string.Join(',', values.Select(Escape)));
        }
    }

    private static string Escape(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>A FeatureCollection marked as demo geometry; each feature is written on its own line.</summary>
    public static void WriteGeoJson<T>(string path, string name, IEnumerable<T> rows, Func<T, Geometry> geometry, Action<Utf8JsonWriter, T> properties)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var header = "{\"type\":\"FeatureCollection\",\"name\":\"" + name + "\",\"geohub:demoGeometry\":true," +
            "\"geohub:note\":\"Generated demo geometry for the Longyan demo map, not survey data.\",\"features\":[\n";
        file.Write(Utf8.GetBytes(header));
        var buffer = new ArrayBufferWriter<byte>();
        var first = true;
        foreach (var row in rows)
        {
            if (!first)
            {
                file.Write(",\n"u8);
            }

            first = false;
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, JsonOptions))
            {
                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WriteStartObject("properties");
                properties(json, row);
                json.WriteEndObject();
                json.WritePropertyName("geometry");
                WriteGeometry(json, geometry(row));
                json.WriteEndObject();
            }

            file.Write(buffer.WrittenSpan);
        }

        file.Write("\n]}\n"u8);
    }

    public static void WriteNullableString(this Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    public static void WritePosition(Utf8JsonWriter json, Coordinate c)
    {
        json.WriteStartArray();
        json.WriteRawValue(c.X.ToString("0.######", CultureInfo.InvariantCulture));
        json.WriteRawValue(c.Y.ToString("0.######", CultureInfo.InvariantCulture));
        json.WriteEndArray();
    }

    private static void WriteGeometry(Utf8JsonWriter json, Geometry geometry)
    {
        json.WriteStartObject();
        switch (geometry)
        {
            case Point point:
                json.WriteString("type", "Point");
                json.WritePropertyName("coordinates");
                WritePosition(json, point.Coordinate);
                break;
            case MultiPolygon multi:
                json.WriteString("type", "MultiPolygon");
                json.WriteStartArray("coordinates");
                foreach (var polygon in multi.Geometries.Cast<Polygon>())
                {
                    json.WriteStartArray();
                    foreach (var ring in new[] { polygon.Shell }.Concat(polygon.Holes))
                    {
                        // RFC 7946: exterior rings counterclockwise, holes clockwise.
                        var coordinates = ring.Coordinates;
                        var ccw = NetTopologySuite.Algorithm.Orientation.IsCCW(coordinates);
                        if (ccw != (ring == polygon.Shell))
                        {
                            coordinates = coordinates.Reverse().ToArray();
                        }

                        json.WriteStartArray();
                        foreach (var c in coordinates)
                        {
                            WritePosition(json, c);
                        }

                        json.WriteEndArray();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
                break;
            default:
                throw new ArgumentException("only Point and MultiPolygon are written", nameof(geometry));
        }

        json.WriteEndObject();
    }
}
