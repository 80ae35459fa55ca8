namespace GeoHub.Maps;

/// <summary>A map file that cannot be loaded; the message names the file and the line or feature.</summary>
public sealed class MapFormatException : Exception
{
    public MapFormatException()
    {
    }

    public MapFormatException(string message)
        : base(message)
    {
    }

    public MapFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
