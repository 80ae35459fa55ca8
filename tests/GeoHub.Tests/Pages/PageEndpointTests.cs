using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;

namespace GeoHub.Tests.Pages;

/// <summary>How GeoHub serves the page bundle over HTTP (no browser): pages, hashed assets, a missing bundle.</summary>
[Collection(GeoHubDatabase.Name)]
public sealed partial class PageEndpointTests(GeoHubFixture fixture)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/graphiql")]
    public async Task Pages_are_html_revalidated_on_every_load_and_their_assets_cached_for_good(string path)
    {
        var client = fixture.CreateClient();
        using var page = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.True(page.Headers.CacheControl?.NoCache, "pages must be revalidated");

        var html = await page.Content.ReadAsStringAsync();
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(assets);
        Assert.DoesNotContain("http", string.Join(' ', assets), StringComparison.Ordinal);
        foreach (var asset in assets)
        {
            using var response = await client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(asset.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate", "gzip")]
    [InlineData("gzip;q=0, br", "br")]
    [InlineData("br;q=0, identity", null)]
    [InlineData(null, null)]
    public async Task Text_assets_are_sent_in_an_encoding_the_browser_accepts_and_decode_to_the_file(string? accept, string? expected)
    {
        var client = fixture.CreateClient();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        foreach (var asset in AssetReference().Matches(html).Select(m => m.Groups[1].Value).Distinct())
        {
            using var plain = await client.GetAsync(new Uri(asset, UriKind.Relative));
            var file = await plain.Content.ReadAsByteArrayAsync();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(asset, UriKind.Relative));
            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
            }

            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(plain.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
            var encoding = response.Content.Headers.ContentEncoding.SingleOrDefault();
            Assert.Equal(expected, encoding);
            await using var body = await response.Content.ReadAsStreamAsync();
            await using Stream decoded = encoding switch
            {
                "br" => new BrotliStream(body, CompressionMode.Decompress),
                "gzip" => new GZipStream(body, CompressionMode.Decompress),
                _ => body,
            };
            using var copy = new MemoryStream();
            await decoded.CopyToAsync(copy);
            Assert.Equal(file, copy.ToArray());
            if (encoding is not null)
            {
                Assert.True(response.Content.Headers.ContentLength < file.Length / 2, $"{asset}: {response.Content.Headers.ContentLength} of {file.Length} bytes");
            }
        }
    }

    [Fact]
    public async Task Without_a_bundle_the_pages_say_how_to_build_it_and_the_api_still_answers()
    {
        var empty = Directory.CreateTempSubdirectory("geohub-no-bundle").FullName;
        try
        {
            await using var factory = DatabaseFixture.CreateFactory(fixture.ConnectionString)
                .WithWebHostBuilder(host => host.UseSetting("GeoHub:Web", empty));
            var client = factory.CreateClient();
            using var page = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("make web", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [GeneratedRegex("(?:src|href)=\"(/assets/[^\"]+)\"")]
    private static partial Regex AssetReference();
}
