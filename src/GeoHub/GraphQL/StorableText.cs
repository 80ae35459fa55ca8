using System.Collections;

namespace GeoHub.GraphQL;

/// <summary>
/// Text GeoHub can hold: no U+0000 (PostgreSQL's text cannot store it) and no lone UTF-16
/// surrogate (which has no UTF-8 form). Both reach a string through escapes ("\u0000",
/// "\ud800") in a document or its variables, and failed only when the database was sent them,
/// as INTERNAL_ERROR; they are refused before execution instead (INVALID_VALUE).
/// </summary>
public static class StorableText
{
    /// <summary>Why <paramref name="text"/> cannot be stored, or null when it can.</summary>
    public static string? Problem(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return "holds U+0000 (NUL), which no GeoHub text may contain";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"holds a lone UTF-16 surrogate (U+{(int)c:X4}), which is not text";
            }
        }

        return null;
    }

    /// <summary>The first problem in a variables tree (objects, lists, strings), with the variable's path.</summary>
    public static string? Problem(object? value, string path) => value switch
    {
        string text => Problem(text) is { } problem ? $"{path} {problem}" : null,
        IDictionary<string, object?> members => members.Select(member => Problem(member.Key, path) ?? Problem(member.Value, $"{path}.{member.Key}")).FirstOrDefault(p => p is not null),
        IEnumerable items => items.Cast<object?>().Select((item, index) => Problem(item, $"{path}[{index}]")).FirstOrDefault(p => p is not null),
        _ => null,
    };
}
