using System.Globalization;
using System.Text.Json;
using GeoHub.GraphQL;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;

namespace GeoHub.Maps;

/// <summary>One compound to import, as read from a GeoJSON feature or a shapefile record.</summary>
public sealed record CompoundFeature(int Index, string Name, string? Code, int? Households, string? Address, int? BuiltYear, MultiPolygon Boundary)
{
    public string Label => LabelOf(Index, Name, Code);

    /// <summary>"features[2] (name 华泰小区, code 350802001001003)": how errors name a feature.</summary>
    public static string LabelOf(int index, string? name, string? code) =>
        $"features[{index}]" + (name, code) switch
        {
            (not null, not null) => $" (name {name}, code {code})",
            (not null, null) => $" (name {name})",
            (null, not null) => $" (code {code})",
            _ => "",
        };
}

/// <summary>A coded problem with the input; <see cref="Feature"/> is the index of the feature at fault.</summary>
public sealed record ImportError(string Code, string Message, int? Feature = null);

/// <summary>The features that could be read, and a problem for each one that could not.</summary>
public sealed record CompoundFeatures(IReadOnlyList<CompoundFeature> Features, IReadOnlyList<ImportError> Errors, int Count)
{
    private static readonly string[] PolygonTypes = ["Polygon", "MultiPolygon"];

    /// <summary>
    /// Reads an RFC 7946 FeatureCollection feature by feature, so that every problem names its
    /// feature, and one bad feature does not hide the problems of the others.
    /// </summary>
    public static CompoundFeatures FromGeoJson(JsonElement collection)
    {
        if (GeometryInput.TypeOf(collection) != "FeatureCollection"
            || !collection.TryGetProperty("features", out var members) || members.ValueKind != JsonValueKind.Array)
        {
            var got = GeometryInput.TypeOf(collection) ?? collection.ValueKind.ToString();
            return new([], [new(ErrorCodes.InvalidGeometry, $"features must be a GeoJSON FeatureCollection with a features array, got {got}.")], 0);
        }

        // RFC 7946 dropped "crs": coordinates are WGS 84 longitude/latitude. A file that names
        // another system (CGCS2000, a projection) was not exported for GeoJSON, and its numbers
        // would be stored as if they were degrees.
        if (collection.TryGetProperty("crs", out var crs) && crs.ValueKind != JsonValueKind.Null && !IsWgs84(crs))
        {
            return new([], [new(ErrorCodes.InvalidGeometry, $"features names the coordinate system {crs.GetRawText()}; GeoJSON is WGS 84 longitude/latitude (CRS84, EPSG:4326) only.")], 0);
        }

        if (members.GetArrayLength() == 0)
        {
            return new([], [new(ErrorCodes.InvalidArgument, "features is an empty FeatureCollection: there is nothing to import (a wrong export?).")], 0);
        }

        List<CompoundFeature> features = [];
        List<ImportError> errors = [];
        var index = 0;
        foreach (var member in members.EnumerateArray())
        {
            var read = FromGeoJsonFeature(index, member);
            if (read.Feature is { } feature)
            {
                features.Add(feature);
            }

            errors.AddRange(read.Errors);
            index++;
        }

        return new(features, errors, index);
    }

    /// <summary>A named crs (the 2008 GeoJSON form) of WGS 84: OGC's CRS84 or EPSG:4326 in any of their spellings.</summary>
    private static bool IsWgs84(JsonElement crs) =>
        crs.ValueKind == JsonValueKind.Object
        && crs.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
        && properties.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
        && name.GetString() is { } text
        && (text.EndsWith("CRS84", StringComparison.OrdinalIgnoreCase) || text.EndsWith(":4326", StringComparison.Ordinal) || text.EndsWith("::4326", StringComparison.Ordinal));

    /// <summary>An Esri shapefile (.shp beside its .dbf) of polygons with attributes name, code, households, address, builtYear.</summary>
    public static CompoundFeatures FromShapefile(string shpPath)
    {
        List<CompoundFeature> features = [];
        List<ImportError> errors = [];
        var index = 0;
        foreach (var record in Shapefile.ReadAllFeatures(shpPath))
        {
            var attributes = record.Attributes;
            object? Attribute(string name)
            {
                var key = attributes?.GetNames().FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
                var value = key is null ? null : attributes![key];
                return value is string s && string.IsNullOrWhiteSpace(s) ? null : value;
            }

            var geometry = record.Geometry is null ? null : GeoJson.Factory.CreateGeometry(record.Geometry);
            var read = Check(index, Attribute("name"), Attribute("code"), Attribute("households"), Attribute("address"), Attribute("builtYear"), geometry, null);
            if (read.Feature is { } feature)
            {
                features.Add(feature);
            }

            errors.AddRange(read.Errors);
            index++;
        }

        return new(features, errors, index);
    }

    /// <summary>Reads a .geojson/.json or .shp file by its extension.</summary>
    public static CompoundFeatures FromFile(string path)
    {
        var extension = Path.GetExtension(path).ToUpperInvariant();
        if (extension == ".SHP")
        {
            return FromShapefile(path);
        }

        if (extension is not (".GEOJSON" or ".JSON"))
        {
            return new([], [new(ErrorCodes.InvalidArgument, $"{path}: expected a .geojson, .json or .shp file.")], 0);
        }

        using var stream = File.OpenRead(path);
        try
        {
            using var document = JsonDocument.Parse(stream);
            return FromGeoJson(document.RootElement.Clone());
        }
        catch (JsonException e)
        {
            return new([], [new(ErrorCodes.InvalidGeometry, $"{path}: not JSON: {e.Message}")], 0);
        }
    }

    private static (CompoundFeature? Feature, List<ImportError> Errors) FromGeoJsonFeature(int index, JsonElement member)
    {
        if (GeometryInput.TypeOf(member) != "Feature")
        {
            return (null, [new(ErrorCodes.InvalidGeometry, $"features[{index}]: expected a GeoJSON Feature, got {GeometryInput.TypeOf(member) ?? member.ValueKind.ToString()}.", index)]);
        }

        var properties = member.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        object? Property(string name) =>
            properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var v) ? Plain(v) : null;

        Geometry? geometry = null;
        string? geometryError = null;
        if (!member.TryGetProperty("geometry", out var json) || json.ValueKind == JsonValueKind.Null)
        {
            geometryError = "has no geometry";
        }
        else if (GeometryInput.TypeOf(json) is not ("Polygon" or "MultiPolygon"))
        {
            geometryError = $"geometry must be a Polygon or MultiPolygon, got {GeometryInput.TypeOf(json) ?? json.ValueKind.ToString()}";
        }
        else
        {
            (geometry, geometryError) = GeometryInput.Parse(json);
        }

        return Check(index, Property("name"), Property("code"), Property("households"), Property("address"), Property("builtYear"), geometry, geometryError);
    }

    private static object? Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString(),
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    /// <summary>The rules for one feature, whatever file it came from.</summary>
    private static (CompoundFeature? Feature, List<ImportError> Errors) Check(
        int index, object? name, object? code, object? households, object? address, object? builtYear, Geometry? geometry, string? geometryError)
    {
        var nameText = Text(name);
        var codeText = Text(code);
        var label = CompoundFeature.LabelOf(index, nameText, codeText);
        List<ImportError> errors = [];
        void Fail(string code, string reason) => errors.Add(new(code, $"{label}: {reason}.", index));

        if (nameText is null)
        {
            Fail(ErrorCodes.InvalidArgument, "property name is required");
        }

        var householdCount = WholeNumber(households);
        if (households is not null && householdCount is not >= 0)
        {
            Fail(ErrorCodes.InvalidArgument, $"households must be a whole number ≥ 0, got {households}");
        }

        var year = WholeNumber(builtYear);
        if (builtYear is not null && year is null)
        {
            Fail(ErrorCodes.InvalidArgument, $"builtYear must be a whole number, got {builtYear}");
        }

        if (geometryError is null && geometry is not null && !PolygonTypes.Contains(geometry.GeometryType))
        {
            geometryError = $"geometry must be a Polygon or MultiPolygon, got {geometry.GeometryType}";
        }

        geometryError ??= geometry is null ? "has no geometry" : GeometryInput.Problem(geometry);
        if (geometryError is not null)
        {
            Fail(ErrorCodes.InvalidGeometry, geometryError);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var boundary = geometry as MultiPolygon ?? GeoJson.Factory.CreateMultiPolygon([(Polygon)geometry!]);
        boundary.SRID = GeoJson.Factory.SRID;
        return (new CompoundFeature(index, nameText!, codeText, householdCount, Text(address), year, boundary), errors);
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static int? WholeNumber(object? value) => value switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        double d when d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        decimal m when m == decimal.Floor(m) && m is >= int.MinValue and <= int.MaxValue => (int)m,
        string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };
}
