using GeoHub.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.GraphQL;

/// <summary>
/// The app over an empty, migrated database of its own: the HTTP endpoint's behaviour does not
/// depend on map data, so these tests need not wait for (or break with) the demo map loader.
/// </summary>
public sealed class GraphQLHttpFixture() : DatabaseFixture("http")
{
    private WebApplicationFactory<Program>? kestrel;

    protected override Task SeedAsync(GeoHubDb db) => Task.CompletedTask;

    /// <summary>A real Kestrel port, for clients outside the process (the node audit).</summary>
    public Uri StartKestrel()
    {
        if (kestrel is null)
        {
            // UseKestrel(0) on a WithWebHostBuilder factory still bound the default port 5000,
            // which other test runs on this machine may hold: ask for a free loopback port instead.
            kestrel = new WebApplicationFactory<Program>().WithWebHostBuilder(host => TestHost.Configure(host, ConnectionString)
                .UseUrls("http://127.0.0.1:0"));
            kestrel.UseKestrel();
            kestrel.StartServer();
        }

        var addresses = kestrel.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new Uri(addresses.Addresses.First());
    }

    public override async Task DisposeAsync()
    {
        if (kestrel is not null)
        {
            await kestrel.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GraphQLHttpServer : ICollectionFixture<GraphQLHttpFixture>
{
    public const string Name = "GraphQL HTTP";
}
