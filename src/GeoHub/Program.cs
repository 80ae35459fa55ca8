using GeoHub;
using GeoHub.Cli;

if (GeoHubCommands.IsCommand(args))
{
    return await GeoHubCommands.RunAsync(args);
}

await GeoHubApp.Build(args).RunAsync();
return 0;

/// <summary>The entry point, named so that the test host (WebApplicationFactory) can find it.</summary>
public partial class Program;
