using System.CommandLine;
using GeoHub.Common;
using GeoHub.Data;
using GeoHub.Maps;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Cli;

/// <summary>The `geohub` command line: serve (default), migrate, load, import, generate, schema, token, check-ledger, check-map-points.</summary>
public static class GeoHubCommands
{
    private static readonly string[] Names = ["serve", "migrate", "load", "import", "apply", "generate", "schema", "token", "check-ledger", "check-map-points", "--help", "-h", "-?", "--version"];

    /// <summary>No subcommand means serve, so `dotnet run` and the test host start the API.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("GeoHub: the PostGIS-backed GraphQL data hub behind Longyan's compound party-building battle map.");

        var serve = new Command("serve", "Serve the GraphQL API (default when no command is given).");
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction((parse, ct) => ServeAsync([.. parse.UnmatchedTokens], ct));
        root.Subcommands.Add(serve);

        var migrate = new Command("migrate", "Apply database migrations (GEOHUB_DB or the private cluster).");
        migrate.SetAction((_, ct) => MigrateAsync(ct));
        root.Subcommands.Add(migrate);

        var mapDir = new Argument<DirectoryInfo>("map") { Description = "Map folder, e.g. maps/longyan." };
        var ifEmpty = new Option<bool>("--if-empty") { Description = "Do nothing when the database already holds areas." };
        var load = new Command("load", "Load a map folder into the database, all or nothing.") { mapDir, ifEmpty };
        load.SetAction((parse, ct) => LoadAsync(parse.GetRequiredValue(mapDir), parse.GetValue(ifEmpty), ct));
        root.Subcommands.Add(load);

        var importFile = new Argument<FileInfo>("file") { Description = "GeoJSON FeatureCollection (.geojson, .json) or Esri shapefile (.shp beside its .dbf) of compound polygons." };
        var community = new Option<string>("--community") { Description = "Code of the community the compounds belong to.", Required = true };
        var db = new Option<string?>("--db") { Description = "Connection string (default: GEOHUB_DB or the private cluster)." };
        var import = new Command("import", "Create or update a community's compounds from a file, all or nothing (properties name, code, households, address, builtYear).") { importFile, community, db };
        import.SetAction((parse, ct) => CompoundImportCommand.RunAsync(
            parse.GetRequiredValue(importFile), parse.GetRequiredValue(community), parse.GetValue(db) ?? DataServices.ConnectionString(), ct));
        root.Subcommands.Add(import);

        var applyFile = new Argument<FileInfo>("file") { Description = "NDJSON: one change a line, {\"mutation\": \"reportBack\", \"input\": {…}}." };
        var applyDb = new Option<string>("--db") { Description = "Connection string (default GEOHUB_DB or the private cluster)." };
        var apply = new Command("apply", "Apply the week's changes from an NDJSON file through the same mutations and checks, all or nothing.") { applyFile, applyDb };
        apply.SetAction((parse, ct) => ApplyCommand.RunAsync(parse.GetRequiredValue(applyFile), parse.GetValue(applyDb) ?? DataServices.ConnectionString(), ct));
        root.Subcommands.Add(apply);

        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Folder to write.", DefaultValueFactory = _ => new DirectoryInfo("maps/longyan") };
        var scale = new Option<int>("--scale") { Description = "Copies of Longyan to lay side by side (1, 10, 100).", DefaultValueFactory = _ => 1 };
        var generate = new Command("generate", "Generate the Longyan demo map (deterministic).") { output, scale };
        generate.SetAction(parse =>
        {
            MapGenerator.Generate(parse.GetRequiredValue(output).FullName, parse.GetValue(scale));
            return 0;
        });
        root.Subcommands.Add(generate);

        var schemaOut = new Option<FileInfo?>("--output", "-o") { Description = "Write to a file instead of standard output." };
        var schema = new Command("schema", "Print the GraphQL schema (SDL).") { schemaOut };
        schema.SetAction(parse => PrintSchema(parse.GetValue(schemaOut)));
        root.Subcommands.Add(schema);

        root.Subcommands.Add(TokenCommand.Create());
        root.Subcommands.Add(CheckLedgerCommand.Create());
        root.Subcommands.Add(CheckMapPointsCommand.Create());

        return root.Parse(args).InvokeAsync();
    }

    private static async Task<int> ServeAsync(string[] args, CancellationToken cancellationToken)
    {
        var app = GeoHubApp.Build(args);
        await app.RunAsync(cancellationToken);
        return 0;
    }

    private static async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = CreateDb(out var dataSource);
        // A migration that rebuilds the ledger of figures from the rows of a large map (a minute
        // or more on the ×100 map) outlasts a command's default 30 s.
        db.Database.SetCommandTimeout(0);
        await db.Database.MigrateAsync(cancellationToken);

        // A database migrated with its map already in it gets its compounds' nearest venues now,
        // rather than in the background on the first map asked for.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await VenueReach.FillAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await Console.Out.WriteLineAsync(rows > 0 ? $"migrate: database is up to date; nearest venues of compounds: {rows} rows" : "migrate: database is up to date");
        return 0;
    }

    private static async Task<int> LoadAsync(DirectoryInfo map, bool ifEmpty, CancellationToken cancellationToken)
    {
        await using var db = CreateDb(out var dataSource);
        if (ifEmpty && await db.Areas.AnyAsync(cancellationToken))
        {
            await Console.Out.WriteLineAsync("load: database already holds a map; nothing loaded");
            return 0;
        }

        var summary = await MapLoader.LoadAsync(dataSource, map.FullName, cancellationToken);
        var rows = summary.RowsByTable.Values.Sum();
        await Console.Out.WriteLineAsync($"load: {map.Name}: {rows} rows in {summary.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    private static int PrintSchema(FileInfo? output)
    {
        var sdl = GraphQL.GeoHubSchema.PrintSdl();
        if (output is null)
        {
            Console.Out.Write(sdl);
        }
        else
        {
            File.WriteAllText(output.FullName, sdl);
        }

        return 0;
    }

    private static GeoHubDb CreateDb(out Npgsql.NpgsqlDataSource dataSource)
    {
        dataSource = DataServices.CreateDataSource(DataServices.ConnectionString());
        var options = new DbContextOptionsBuilder<GeoHubDb>();
        DataServices.ConfigureDb(options, dataSource);
        return new GeoHubDb(options.Options);
    }
}
