using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace GeoHub.GraphQL;

/// <summary>
/// Opaque global ids ("Compound:42" in base64url): clients must not build or parse them, so the
/// database key can change without breaking bookmarks of the id's form.
/// </summary>
public static class GlobalId
{
    public static string Encode(string typeName, int id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{typeName}:{id.ToString(CultureInfo.InvariantCulture)}"));

    public static bool TryDecode(string globalId, out string typeName, out int id)
    {
        typeName = "";
        id = 0;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(globalId);
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out id))
        {
            return false;
        }

        typeName = text[..colon];
        return true;
    }

    /// <summary>The database id of a global id that must name the given type.</summary>
    public static int Decode(string globalId, string expectedType) =>
        TryDecode(globalId, out var typeName, out var id) && typeName == expectedType
            ? id
            : throw new global::GraphQL.ExecutionError($"'{globalId}' is not the id of a {expectedType}.") { Code = ErrorCodes.InvalidId };
}
