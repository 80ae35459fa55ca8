namespace GeoHub.Tests.Pages;

/// <summary>GraphiQL (/graphiql) in a real browser: the project's operations open as tabs and run.</summary>
[Collection(BrowserDatabase.Name)]
public sealed class GraphiQLPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task GraphiQL_runs_the_progress_operation_and_shows_its_answer()
    {
        var page = await fixture.NewPageAsync();
        List<string> errors = [];
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync("/graphiql");
        await page.WaitForSelectorAsync(".graphiql-execute-button", new() { Timeout = 60_000 });
        // operations/progress.graphql opens as the tab named after its operation, with the demo
        // map's variables.
        // A click that lands while GraphiQL is still restoring its tabs can be lost (seen once in a
        // full, busy suite: the editor never changed), so the click is repeated until the text shows.
        for (var attempt = 1; ; attempt++)
        {
            await page.ClickAsync(".graphiql-tab-button:text-is('Progress')", new() { Timeout = 60_000 });
            try
            {
                await page.WaitForFunctionAsync("() => document.querySelector('.graphiql-query-editor')?.textContent.includes('progress(')", null, new() { Timeout = 10_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 6)
            {
            }
        }

        await page.WaitForSelectorAsync(".graphiql-tab-active:has-text('Progress')", new() { Timeout = 60_000 });
        // GraphiQL takes the operation's name from the editor a moment after its text (a debounced
        // parse); run before then and it sends the previous tab's name with this text.
        await page.WaitForTimeoutAsync(1000);

        var response = await page.RunAndWaitForResponseAsync(
            async () => await page.ClickAsync(".graphiql-execute-button"),
            r => r.Url.EndsWith("/graphql", StringComparison.Ordinal) && r.Request.PostData?.Contains("progress(", StringComparison.Ordinal) == true);
        var answer = await response.JsonAsync();
        Assert.True(answer!.Value.TryGetProperty("data", out _), answer.ToString() + " " + response.Request.PostData);
        var first = answer!.Value.GetProperty("data").GetProperty("progress")[0].GetProperty("asOf").GetString()!;
        await page.WaitForFunctionAsync("day => document.querySelector('.result-window')?.textContent.includes(day)", first, new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "graphiql.png") });

        Assert.Equal("2019-01-01", first);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
