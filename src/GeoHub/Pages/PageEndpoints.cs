using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace GeoHub.Pages;

/// <summary>
/// The browser pages: the battle map at / and GraphiQL at /graphiql, from the bundle that
/// `make web` builds into web/dist (not committed). Asset names carry a content hash, so they are
/// cached for good; the two pages are revalidated on every load so a new bundle shows at once.
/// </summary>
public static partial class PageEndpoints
{
    /// <summary>Configuration key (or GEOHUB_WEB) naming the bundle's folder; default: web/dist above the program or the working directory.</summary>
    public const string BundleSetting = "GeoHub:Web";

    public static WebApplication MapPageEndpoints(this WebApplication app)
    {
        var bundle = FindBundle(app.Configuration);
        if (bundle is null)
        {
            LogNoBundle(app.Logger);
            app.MapGet("/", NotBuilt);
            app.MapGet("/graphiql", NotBuilt);
            return app;
        }

        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";
        types.Mappings[".woff2"] = "font/woff2";
        types.Mappings[".ttf"] = "font/ttf";
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(bundle, "assets")),
            RequestPath = "/assets",
            ContentTypeProvider = types,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
        });
        app.MapGet("/", (HttpContext http) => Page(http, bundle, "index.html"));
        app.MapGet("/graphiql", (HttpContext http) => Page(http, bundle, "graphiql.html"));
        return app;
    }

    private static IResult Page(HttpContext http, string bundle, string name)
    {
        http.Response.Headers.CacheControl = "no-cache";
        var file = new FileInfo(Path.Combine(bundle, name));
        return file.Exists
            ? Results.File(file.FullName, "text/html; charset=utf-8", lastModified: file.LastWriteTimeUtc, entityTag: new EntityTagHeaderValue($"\"{file.LastWriteTimeUtc.Ticks:x}-{file.Length:x}\""))
            : NotBuilt();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No page bundle (web/dist) found: / and /graphiql answer 503 until `make web` builds it.")]
    private static partial void LogNoBundle(ILogger logger);

    private static IResult NotBuilt() =>
        Results.Text("The battle map page is not built: run `make web` (make run does) and restart GeoHub.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);

    private static string? FindBundle(IConfiguration configuration)
    {
        var configured = configuration[BundleSetting] ?? Environment.GetEnvironmentVariable("GEOHUB_WEB");
        if (configured is not null)
        {
            return File.Exists(Path.Combine(configured, "index.html")) ? Path.GetFullPath(configured) : null;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "web", "dist");
                if (File.Exists(Path.Combine(candidate, "index.html")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
