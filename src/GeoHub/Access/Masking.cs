namespace GeoHub.Access;

/// <summary>
/// Personal text as callers without the right to it see it, in the usual Chinese 脱敏 form: the
/// surname kept, every other character a star (王*, 王**, 欧阳**). Organisation names given as
/// "booked by" or "work unit" keep their first character the same way. The same rule in SQL
/// (<see cref="SqlExpression"/>), so that every surface masks alike.
/// </summary>
public static class Masking
{
    /// <summary>Two-character surnames of the 百家姓 still in use; any other name's surname is its first character.</summary>
    public static readonly IReadOnlyList<string> CompoundSurnames =
    [
        "欧阳", "太史", "端木", "上官", "司马", "东方", "独孤", "南宫", "万俟", "闻人", "夏侯", "诸葛", "尉迟", "公羊",
        "赫连", "澹台", "皇甫", "宗政", "濮阳", "公冶", "太叔", "申屠", "公孙", "慕容", "仲孙", "钟离", "长孙", "宇文",
        "司徒", "鲜于", "司空", "闾丘", "子车", "亓官", "司寇", "巫马", "公西", "颛孙", "壤驷", "公良", "漆雕", "乐正",
        "宰父", "谷梁", "拓跋", "夹谷", "轩辕", "令狐", "段干", "百里", "呼延", "东郭", "南门", "羊舌", "微生", "梁丘",
        "左丘", "西门", "第五", "南荣", "东里", "即墨", "达奚", "褚师",
    ];

    private static readonly HashSet<string> Compound = [.. CompoundSurnames];

    /// <summary>The masked form; null stays null, and a one-character text is a single star.</summary>
    public static string? Mask(string? text)
    {
        if (text is null)
        {
            return null;
        }

        // Characters are Unicode code points, as PostgreSQL's char_length counts them: a surname
        // outside the BMP is one character, not two UTF-16 units.
        var characters = text.EnumerateRunes().Select(r => r.ToString()).ToList();
        if (characters.Count <= 1)
        {
            return "*";
        }

        var kept = characters.Count > 2 && Compound.Contains(characters[0] + characters[1]) ? 2 : 1;
        return string.Concat(characters.Take(kept)) + new string('*', characters.Count - kept);
    }

    /// <summary>
    /// The same mask as a SQL expression over a text column, with the compound surnames as the
    /// array parameter <c>@compound_surnames</c> (<see cref="CompoundSurnames"/>).
    /// </summary>
    public static string SqlExpression(string column) => $"""
        CASE
            WHEN {column} IS NULL THEN NULL
            WHEN char_length({column}) <= 1 THEN '*'
            WHEN char_length({column}) > 2 AND left({column}, 2) = ANY (@compound_surnames)
                THEN left({column}, 2) || repeat('*', char_length({column}) - 2)
            ELSE left({column}, 1) || repeat('*', char_length({column}) - 1)
        END
        """;
}
