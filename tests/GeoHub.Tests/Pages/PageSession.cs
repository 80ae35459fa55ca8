using System.Globalization;
using Microsoft.Playwright;

namespace GeoHub.Tests.Pages;

/// <summary>
/// One page under test with what a person would notice going wrong: console errors, uncaught
/// exceptions, requests that left GeoHub's own origin, and every request's headers.
/// </summary>
public sealed class PageSession
{
    private PageSession(IPage page, Uri origin)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => Errors.Add($"page error: {error}");
        page.Request += (_, request) =>
        {
            Requests.Add(request);
            var url = new Uri(request.Url);
            if (url.Scheme is "http" or "https" or "ws" or "wss" && url.Authority != origin.Authority)
            {
                Outside.Add(request.Url);
            }
        };
    }

    public IPage Page { get; }

    public List<string> Errors { get; } = [];

    public List<string> Outside { get; } = [];

    public List<IRequest> Requests { get; } = [];

    public static async Task<PageSession> OpenAsync(BrowserFixture fixture, string path)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var session = new PageSession(await fixture.NewPageAsync(), fixture.BaseAddress);
        await session.Page.GotoAsync(path);
        await session.Page.WaitForSelectorAsync("body[data-state=ready]", new() { Timeout = 60_000 });
        return session;
    }

    /// <summary>Runs an action that redraws the page and waits until the page says it is drawn again.</summary>
    public async Task RedrawAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var before = await Page.GetAttributeAsync("body", "data-render");
        await action();
        await Page.WaitForFunctionAsync(
            "before => document.body.dataset.render !== before && document.body.dataset.state === 'ready'", before, new() { Timeout = 60_000 });
    }

    /// <summary>Where a longitude/latitude is on the page now, in CSS pixels.</summary>
    public async Task<(float X, float Y)> PixelOfAsync(double lon, double lat)
    {
        var xy = await Page.EvaluateAsync<double[]>(
            "([lon, lat]) => { const m = window.geohub.map; const p = m.project([lon, lat]); const b = m.getCanvas().getBoundingClientRect(); return [b.left + p.x, b.top + p.y]; }",
            new[] { lon, lat });
        return ((float)xy[0], (float)xy[1]);
    }

    public async Task<string> FigureAsync(string key) =>
        (await Page.TextContentAsync($"[data-figure={key}]"))!.Replace(",", "", StringComparison.Ordinal);

    public async Task<int> IntFigureAsync(string key) => int.Parse(await FigureAsync(key), CultureInfo.InvariantCulture);

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, name + ".png") });

    public async Task CloseAsync() => await Page.Context.CloseAsync();
}
