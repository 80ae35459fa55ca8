namespace GeoHub.BattleMap;

/// <summary>Settings of the battle map as one FeatureCollection and as tiles (GeoHub:BattleMap).</summary>
public sealed class BattleMapOptions
{
    public const string Section = "GeoHub:BattleMap";

    /// <summary>
    /// The most compounds one battleMap or /maps answer may hold (AREA_TOO_LARGE beyond it). A
    /// FeatureCollection is built whole in memory, about 0.1 ms and 700 bytes per compound: the
    /// ×10 map's city (14,690 compounds) is a few seconds and about 10 MB, the ×100 map's
    /// (146,900) would be minutes and gigabytes of work nobody can draw. Beyond it the vector
    /// tiles are the way to see the area.
    /// </summary>
    public int MaxCompounds { get; set; } = 20_000;

    /// <summary>
    /// The most compounds a compounds tile below z12 draws one by one; a denser tile draws them
    /// merged by 4-pixel cells (<see cref="CompoundPoints"/>). 16,384 is the number of cells in a
    /// tile, so no tile carries more features than that, and no tile of the ×1 or ×10 maps is merged.
    /// </summary>
    public int MaxCompoundsPerTile { get; set; } = 16_384;
}
