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
        foreach (var (_, suffix) in Precompressed)
        {
            types.Mappings[suffix] = "application/octet-stream";
        }

        var assets = new PhysicalFileProvider(Path.Combine(bundle, "assets"));
        app.Use((context, next) =>
        {
            ServePrecompressed(context, assets);
            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = assets,
            RequestPath = "/assets",
            ContentTypeProvider = types,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "public, max-age=31536000, immutable";
                headers.Vary = "Accept-Encoding";
                foreach (var (encoding, suffix) in Precompressed)
                {
                    if (context.File.Name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetContentType(context.File.Name[..^suffix.Length], out var type))
                    {
                        headers.ContentType = type;
                        headers.ContentEncoding = encoding;
                    }
                }
            },
        });
        app.MapGet("/", (HttpContext http) => Page(http, bundle, "index.html"));
        app.MapGet("/graphiql", (HttpContext http) => Page(http, bundle, "graphiql.html"));
        return app;
    }

    // The bundle's build writes name.br and name.gz beside each text asset (web/vite.config.js).
    private static readonly (string Encoding, string Suffix)[] Precompressed = [("br", ".br"), ("gzip", ".gz")];

    /// <summary>
    /// Points a request for an asset at its compressed copy when the browser accepts that encoding
    /// and the copy exists (the file provider keeps the path inside the bundle).
    /// </summary>
    private static void ServePrecompressed(HttpContext context, PhysicalFileProvider assets)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        if (!context.Request.Path.StartsWithSegments("/assets", out var rest) || !rest.HasValue || context.Request.Headers.Range.Count > 0)
        {
            return;
        }

        var accepted = context.Request.GetTypedHeaders().AcceptEncoding;
        foreach (var (encoding, suffix) in Precompressed)
        {
            if (accepted.Any(a => string.Equals(a.Value.Value, encoding, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0)
                && assets.GetFileInfo(rest.Value + suffix).Exists)
            {
                context.Request.Path += suffix;
                return;
            }
        }
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
