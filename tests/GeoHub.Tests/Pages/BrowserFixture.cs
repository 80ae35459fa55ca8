using GeoHub.Data;
using GeoHub.Maps;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GeoHub.Tests.Pages;

/// <summary>
/// The demo map in a database of its own, GeoHub on a real loopback port (Kestrel, so a browser
/// can reach it), and one headless Debian chromium for every page test. The browser is the
/// machine's (scripts/browser.sh installs it): Playwright never downloads one.
/// </summary>
public sealed class BrowserFixture() : DatabaseFixture("pages")
{
    private WebApplicationFactory<Program>? server;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Screenshots and exports kept for people to look at (artifacts/pages).</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts", "pages")).FullName;

    protected override async Task SeedAsync(GeoHubDb db)
    {
        await MapLoader.LoadAsync(DataSource, RepoPaths.DemoMap);

        // A free loopback port: UseKestrel(0) on a WithWebHostBuilder factory still binds the
        // default port 5000, which anything else on the machine may hold.
        server = new WebApplicationFactory<Program>().WithWebHostBuilder(host => TestHost.Configure(host, ConnectionString)
            .UseUrls("http://127.0.0.1:0"));
        server.UseKestrel();
        server.StartServer();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // As root there is no sandbox; the rest keep chromium off the network this machine
            // does not have (it would otherwise try Google's services at every start).
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh context (no token, no storage) with a page 1400 × 900.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, AcceptDownloads = true, BaseURL = BaseAddress.ToString() });
        return await context.NewPageAsync();
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

/// <summary>
/// Run after the parallel collections, not beside them: chromium's software rendering takes both
/// cores, and tests that watch a server's CPU or time a query would feel it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserDatabase : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
