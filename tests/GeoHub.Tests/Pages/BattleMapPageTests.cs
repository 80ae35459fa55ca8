using System.Globalization;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using GeoHub.Access;
using GeoHub.GraphQL;

namespace GeoHub.Tests.Pages;

/// <summary>The battle map page (/) in a real browser, checked against the API and SQL over the same rows.</summary>
[Collection(BrowserDatabase.Name)]
public sealed class BattleMapPageTests(BrowserFixture fixture)
{
    private const string Day = "2019-06-30";

    // 恒兴景苑 in 东城街道: its owners' committee has seats, so it has personal data to hide.
    private const string CompoundName = "恒兴景苑";

    [Fact]
    public async Task The_city_loads_without_console_errors_or_outside_requests()
    {
        var session = await PageSession.OpenAsync(fixture, $"/?asOf={Day}");
        await session.ScreenshotAsync("city-2019-06-30");

        Assert.Empty(session.Errors);
        Assert.Empty(session.Outside);
        Assert.Equal("zh-CN", await session.Page.GetAttributeAsync("html", "lang"));
        Assert.Equal(1469, (await session.Page.EvaluateAsync<string[]>("window.geohub.renderedCompounds()")).Length);

        // On 2017-12-31 the map draws as many compounds without an organisation as SQL finds uncovered.
        await session.RedrawAsync(async () => await session.Page.FillAsync("#asOf", "2017-12-31"));
        await session.ScreenshotAsync("city-2017-12-31");
        var uncovered = await session.Page.EvaluateAsync<int>(
            "new Set(window.geohub.map.queryRenderedFeatures({ layers: window.geohub.compoundLayers }).filter(f => f.state.coverageStatus === 'NONE').map(f => f.properties.id)).size");
        Assert.Equal(1469 - await CoveredAsync("350800", "2017-12-31"), uncovered);
        Assert.Empty(session.Errors);
        Assert.Empty(session.Outside);
        await session.CloseAsync();
    }

    [Fact]
    public async Task A_community_view_draws_its_compounds_with_the_status_the_api_gives()
    {
        var community = (await fixture.SqlAsync<string>("SELECT a.code FROM areas a JOIN compounds c ON c.community_id = a.id GROUP BY a.code ORDER BY count(*) DESC, a.code LIMIT 1")).Single();
        var session = await PageSession.OpenAsync(fixture, $"/?area={community}&asOf={Day}");
        await session.ScreenshotAsync("community");

        var rendered = await session.Page.EvaluateAsync<JsonElement>(
            "Object.fromEntries(window.geohub.map.queryRenderedFeatures({ layers: window.geohub.compoundLayers }).map(f => [f.properties.id, f.state.coverageStatus]))");
        var map = await fixture.QueryAsync("query($a: String!, $d: Date) { battleMap(areaCode: $a, asOf: $d) }", new { a = community, d = Day });
        var features = map.GetProperty("battleMap").GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("properties").GetProperty("layer").GetString() == "compound")
            .ToDictionary(f => f.GetProperty("properties").GetProperty("id").GetString()!, f => f.GetProperty("properties").GetProperty("coverageStatus").GetString());
        var sqlIds = await fixture.SqlAsync<int>($"SELECT c.id FROM compounds c JOIN areas a ON a.id = c.community_id WHERE a.code = '{community}'");

        Assert.Equal(sqlIds.Select(id => GlobalId.Encode("Compound", id)).Order(), features.Keys.Order());
        foreach (var (id, status) in features)
        {
            Assert.True(rendered.TryGetProperty(id, out var drawn), $"compound {id} of {community} is not drawn");
            Assert.Equal(status, drawn.GetString());
        }

        Assert.Empty(session.Errors);
        await session.CloseAsync();
    }

    [Fact]
    public async Task The_figures_equal_coverage_of_the_day_and_follow_the_date()
    {
        var session = await PageSession.OpenAsync(fixture, $"/?area=350802&asOf={Day}");
        await AssertFiguresAsync(session, "350802", Day);

        await session.RedrawAsync(async () => await session.Page.FillAsync("#asOf", "2017-12-31"));
        await session.ScreenshotAsync("xinluo-2017-12-31");
        await AssertFiguresAsync(session, "350802", "2017-12-31");
        Assert.Contains("asOf=2017-12-31", session.Page.Url, StringComparison.Ordinal);
        Assert.NotEqual(await CoveredAsync("350802", Day), await session.IntFigureAsync("covered"));

        // The progress chart ends on the day, and its last point is that day's coverage.
        var last = session.Page.Locator("#chart circle").Last;
        Assert.Equal("2017-12-31", await last.GetAttributeAsync("data-as-of"));
        Assert.Equal((await CoveredAsync("350802", "2017-12-31")).ToString(CultureInfo.InvariantCulture), await last.GetAttributeAsync("data-covered"));
        Assert.Empty(session.Errors);
        await session.CloseAsync();
    }

    [Fact]
    public async Task Drill_down_by_click_and_back_by_breadcrumb_keeps_the_view_in_the_url()
    {
        var session = await PageSession.OpenAsync(fixture, $"/?asOf={Day}&layers=venues");
        // Of 50 fixed points inside 永定区, the one farthest from any compound, so the click lands
        // on the district itself.
        var (lon, lat) = (await fixture.SqlAsync(
            """
            SELECT ST_X(p.geom), ST_Y(p.geom)
            FROM areas a CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(a.boundary, 50, 1)) p
            WHERE a.code = '350803'
            ORDER BY (SELECT c.boundary <-> p.geom FROM compounds c ORDER BY c.boundary <-> p.geom LIMIT 1) DESC
            LIMIT 1
            """,
            r => (r.GetDouble(0), r.GetDouble(1)))).Single();
        var (x, y) = await session.PixelOfAsync(lon, lat);
        await session.RedrawAsync(async () => await session.Page.Mouse.ClickAsync(x, y));

        Assert.Contains("area=350803", session.Page.Url, StringComparison.Ordinal);
        Assert.Contains("layers=venues", session.Page.Url, StringComparison.Ordinal);
        Assert.Equal("永定区", await session.Page.TextContentAsync("#breadcrumb [aria-current=page]"));
        await AssertFiguresAsync(session, "350803", Day);

        await session.RedrawAsync(async () => await session.Page.ClickAsync("#breadcrumb a"));
        Assert.Contains("area=350800", session.Page.Url, StringComparison.Ordinal);
        await AssertFiguresAsync(session, "350800", Day);
        Assert.Empty(session.Errors);
        await session.CloseAsync();
    }

    [Fact]
    public async Task A_click_opens_the_compounds_panel_and_signed_out_it_shows_no_personal_data()
    {
        var (id, community, households, lon, lat) = (await fixture.SqlAsync(
            $"""
            SELECT c.id, a.code, c.households, ST_X(ST_PointOnSurface(c.boundary)), ST_Y(ST_PointOnSurface(c.boundary))
            FROM compounds c JOIN areas a ON a.id = c.community_id WHERE c.name = '{CompoundName}'
            """,
            r => (r.GetInt32(0), r.GetString(1), r.GetInt32(2), r.GetDouble(3), r.GetDouble(4)))).Single();
        var personal = await fixture.SqlAsync<string>(
            $"""
            SELECT name FROM party_members WHERE compound_id = {id}
            UNION SELECT s.holder_name FROM committee_seats s JOIN owners_committees oc ON oc.id = s.committee_id WHERE oc.compound_id = {id}
            """);
        Assert.NotEmpty(personal);

        var session = await PageSession.OpenAsync(fixture, $"/?area={community}&asOf={Day}");
        var (x, y) = await session.PixelOfAsync(lon, lat);
        await session.RedrawAsync(async () => await session.Page.Mouse.ClickAsync(x, y));
        await session.ScreenshotAsync("panel-signed-out");

        Assert.Equal(CompoundName, await session.Page.TextContentAsync("#panelTitle"));
        var facts = await session.Page.TextContentAsync("#panelFacts");
        Assert.Contains(households.ToString("N0", CultureInfo.InvariantCulture), facts, StringComparison.Ordinal);
        var text = await session.Page.InnerTextAsync("body");
        Assert.All(personal, name => Assert.DoesNotContain(name, text, StringComparison.Ordinal));
        Assert.DoesNotContain(session.Requests, r => r.PostData?.Contains("holderName", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(session.Requests, r => r.Headers.ContainsKey("authorization"));

        // Signed in as an OFFICER of the compound's community, every GraphQL and tile request
        // carries the token, the panel asks for the seats, and their holders' names show.
        var token = TestHost.Token(Role.Officer, areas: [community], subject: "page-officer");
        await session.Page.FillAsync("#token", token);
        await session.RedrawAsync(async () => await session.Page.ClickAsync("#signInButton"));
        // The panel asks again with the token; its answer lands after the map's redraw.
        await session.Page.WaitForSelectorAsync("#panelSeats");
        await session.ScreenshotAsync("panel-signed-in");
        var signedIn = session.Requests.SkipWhile(r => !r.Headers.ContainsKey("authorization")).ToList();
        Assert.Contains(signedIn, r => r.Url.Contains("/tiles/", StringComparison.Ordinal));
        Assert.All(signedIn.Where(r => r.Url.Contains("/graphql", StringComparison.Ordinal) || r.Url.Contains("/tiles/", StringComparison.Ordinal)),
            r => Assert.Equal("Bearer " + token, r.Headers["authorization"]));
        Assert.Contains(signedIn, r => r.PostData?.Contains("holderName", StringComparison.Ordinal) == true);
        var holders = await fixture.SqlAsync<string>(
            $"SELECT s.holder_name FROM committee_seats s JOIN owners_committees oc ON oc.id = s.committee_id WHERE oc.compound_id = {id}");
        var signedInText = await session.Page.InnerTextAsync("body");
        Assert.Contains(holders, name => signedInText.Contains(name, StringComparison.Ordinal));
        Assert.Empty(session.Errors);
        await session.CloseAsync();
    }

    [Fact]
    public async Task A_click_below_z12_shows_the_compounds_name_and_nearest_open_venue()
    {
        // 新罗区's largest compound, and its nearest venue open on the day by brute force.
        var (id, name, lon, lat, metres) = (await fixture.SqlAsync(
            $"""
            SELECT c.id, c.name, ST_X(ST_PointOnSurface(c.boundary)), ST_Y(ST_PointOnSurface(c.boundary)),
                   (SELECT min(ST_Distance(v.location, c.boundary::geography)) FROM venues v
                    WHERE v.opened_on <= date '{Day}' AND (v.closed_on IS NULL OR v.closed_on > date '{Day}'))
            FROM compounds c JOIN areas a ON a.id = c.community_id
            WHERE a.path LIKE (SELECT path FROM areas WHERE code = '350802') || '/%'
            ORDER BY ST_Area(c.boundary::geography) DESC LIMIT 1
            """,
            r => (r.GetInt32(0), r.GetString(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4)))).Single();

        var session = await PageSession.OpenAsync(fixture, $"/?area=350802&asOf={Day}");
        Assert.True(await session.Page.EvaluateAsync<double>("window.geohub.map.getZoom()") < 12);
        var (x, y) = await session.PixelOfAsync(lon, lat);
        // At this zoom the compound is a dot, and its tile carries no name: the panel must take it
        // from GraphQL. A click at the compound's point picks its dot, whatever dots lie near.
        var drawn = await session.Page.EvaluateAsync<JsonElement>(
            "([x, y]) => { const b = window.geohub.map.getCanvas().getBoundingClientRect(); const f = window.geohub.compoundAt(x - b.left, y - b.top); return f ? { id: f.properties.id, named: 'name' in f.properties, layer: f.layer.id } : null; }",
            new[] { (double)x, (double)y });
        Assert.True(drawn.ValueKind == JsonValueKind.Object, "no compound drawn at its own point");
        Assert.Equal(GlobalId.Encode("Compound", id), drawn.GetProperty("id").GetString());
        Assert.False(drawn.GetProperty("named").GetBoolean());
        Assert.Equal("compound-point", drawn.GetProperty("layer").GetString());

        await session.RedrawAsync(async () => await session.Page.Mouse.ClickAsync(x, y));
        await session.Page.WaitForSelectorAsync("#panelFacts");
        Assert.Equal(name, await session.Page.TextContentAsync("#panelTitle"));
        var rounded = Math.Round(metres, MidpointRounding.AwayFromZero).ToString("N0", CultureInfo.InvariantCulture);
        Assert.Contains($"最近开放阵地{rounded} m", await session.Page.TextContentAsync("#panelFacts"), StringComparison.Ordinal);
        Assert.Empty(session.Errors);
        await session.CloseAsync();
    }

    [Fact]
    public async Task The_export_is_a_png_of_the_asked_wall_chart_size()
    {
        var session = await PageSession.OpenAsync(fixture, $"/?area=350802&asOf={Day}&layers=venues");
        // A3 at 150 dpi: the A0 chart (7022 × 4967) takes minutes of software rendering here, so
        // make bench times it (bench/web) and the test checks the same code path at a smaller size.
        await session.Page.SelectOptionAsync("#exportSize", "A3");
        var download = await session.Page.RunAndWaitForDownloadAsync(async () => await session.Page.ClickAsync("#export"), new() { Timeout = 120_000 });
        var file = Path.Combine(BrowserFixture.Artifacts, download.SuggestedFilename);
        await download.SaveAsAsync(file);

        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        // IHDR: width and height, big-endian, at bytes 16 and 20.
        Assert.Equal(2480, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(1754, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.Equal("2480x1754", await session.Page.GetAttributeAsync("body", "data-export"));
        Assert.Empty(session.Errors);
        await session.CloseAsync();
    }

    [Fact]
    public async Task The_english_switch_translates_the_page_and_keeps_it_in_the_url()
    {
        var session = await PageSession.OpenAsync(fixture, $"/?area=350802&asOf={Day}");
        await session.RedrawAsync(async () => await session.Page.ClickAsync("#lang"));
        Assert.Equal("en", await session.Page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Longyan compound party-building battle map", await session.Page.TextContentAsync("#title"));
        Assert.Contains("lang=en", session.Page.Url, StringComparison.Ordinal);
        await AssertFiguresAsync(session, "350802", Day);
        Assert.Empty(session.Errors);
        await session.CloseAsync();
    }

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violation()
    {
        var session = await PageSession.OpenAsync(fixture, $"/?area=350802&asOf={Day}&layers=venues,gaps");
        var result = await session.Page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length} nodes)").ToList();
        Assert.True(bad.Count == 0, string.Join("\n", bad));
        await session.CloseAsync();
    }

    [Fact]
    public async Task A_change_recorded_elsewhere_redraws_the_figures_without_a_reload()
    {
        var (community, unit) = (await fixture.SqlAsync(
            """
            SELECT a.code, (SELECT min(id) FROM co_building_units) FROM areas a
            WHERE a.level = 'Community' AND EXISTS (SELECT 1 FROM compounds c WHERE c.community_id = a.id)
            ORDER BY a.code DESC LIMIT 1
            """,
            r => (r.GetString(0), r.GetInt32(1)))).Single();
        var today = GeoHub.Common.LongyanDay.Today(TimeProvider.System).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var session = await PageSession.OpenAsync(fixture, $"/?area={community}&asOf={today}");
        var before = await session.IntFigureAsync("agreements");
        var url = session.Page.Url;

        // Another client (an officer of the community) signs an agreement today.
        using var officer = new HttpClient { BaseAddress = fixture.BaseAddress };
        officer.DefaultRequestHeaders.Authorization = new("Bearer", TestHost.Token(Role.Officer, [community], subject: "live-officer"));
        var answer = await officer.PostAsync(
            "mutation($input: SignAgreementInput!) { signAgreement(input: $input) { agreement { id } } }",
            new { input = new { unitId = GeoHub.GraphQL.GlobalId.Encode("CoBuildingUnit", unit), communityCode = community, title = "页面实时测试协议", on = today } });
        Assert.False(answer.TryGetProperty("errors", out var errors), errors.ToString());

        await session.Page.WaitForFunctionAsync(
            "n => document.querySelector('[data-figure=agreements]')?.textContent === String(n)", before + 1, new() { Timeout = 30_000 });
        await AssertFiguresAsync(session, community, today);
        Assert.Equal(url, session.Page.Url);
        Assert.Empty(session.Errors);
        await session.CloseAsync();
    }

    private async Task AssertFiguresAsync(PageSession session, string area, string day)
    {
        var coverage = (await fixture.QueryAsync(
            """
            query($a: String!, $d: Date) { coverage(areaCode: $a, asOf: $d) {
              compounds compoundsCovered partyOrganizations { total standalone joint } inServiceMembersReported
              ownersCommittees { red } coBuilding { agreements projectsLaunched projectsCompleted } } }
            """, new { a = area, d = day })).GetProperty("coverage");
        Assert.Equal(coverage.GetProperty("compounds").GetInt32(), await session.IntFigureAsync("compounds"));
        Assert.Equal(coverage.GetProperty("compoundsCovered").GetInt32(), await session.IntFigureAsync("covered"));
        Assert.Equal(coverage.GetProperty("partyOrganizations").GetProperty("standalone").GetInt32(), await session.IntFigureAsync("standalone"));
        Assert.Equal(coverage.GetProperty("partyOrganizations").GetProperty("joint").GetInt32(), await session.IntFigureAsync("joint"));
        Assert.Equal(coverage.GetProperty("inServiceMembersReported").GetInt32(), await session.IntFigureAsync("inService"));
        Assert.Equal(coverage.GetProperty("ownersCommittees").GetProperty("red").GetInt32(), await session.IntFigureAsync("red"));
        Assert.Equal(coverage.GetProperty("coBuilding").GetProperty("agreements").GetInt32(), await session.IntFigureAsync("agreements"));
        Assert.Equal(coverage.GetProperty("coBuilding").GetProperty("projectsLaunched").GetInt32(), await session.IntFigureAsync("launched"));
        Assert.Equal(coverage.GetProperty("coBuilding").GetProperty("projectsCompleted").GetInt32(), await session.IntFigureAsync("completed"));
        // And against SQL, not only the API: the covered compounds on the day.
        Assert.Equal(await CoveredAsync(area, day), await session.IntFigureAsync("covered"));
    }

    private async Task<int> CoveredAsync(string area, string day) =>
        (int)(await fixture.SqlAsync(
            """
            SELECT count(DISTINCT c.id) FROM compounds c JOIN areas a ON a.id = c.community_id
            JOIN organization_compounds l ON l.compound_id = c.id JOIN party_organizations o ON o.id = l.organization_id
            WHERE a.path LIKE (SELECT path FROM areas WHERE code = @code) || '%'
              AND l.covered_from <= @day AND (l.covered_until IS NULL OR l.covered_until > @day)
              AND o.formed_on <= @day AND (o.dissolved_on IS NULL OR o.dissolved_on > @day)
            """,
            r => r.GetInt64(0), ("code", area), ("day", DateOnly.Parse(day, CultureInfo.InvariantCulture)))).Single();
}
