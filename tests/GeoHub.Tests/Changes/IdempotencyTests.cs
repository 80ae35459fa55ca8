using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GeoHub.Tests.Changes;

/// <summary>Idempotency-Key: a retry replays the first answer and writes nothing more; another body with the key is refused.</summary>
[Collection(WritesDatabase.Name)]
public sealed class IdempotencyTests(WritesFixture fixture)
{
    private const string Sign = "mutation($input: SignAgreementInput!) { signAgreement(input: $input) { agreement { id title version } } }";

    private static async Task<(HttpStatusCode Status, string Body, bool Replayed)> PostAsync(HttpClient client, string key, object input)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = Sign, variables = new { input } }) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains("Idempotent-Replayed"));
    }

    private async Task<object> InputAsync(string title)
    {
        var (unit, compound) = (await fixture.SqlAsync("SELECT (SELECT max(id) FROM co_building_units), (SELECT max(id) FROM compounds)", r => (r.GetInt32(0), r.GetInt32(1)))).Single();
        return new { unitId = WritesFixture.Id("CoBuildingUnit", unit), compoundId = WritesFixture.Id("Compound", compound), title, on = WritesFixture.TodayText };
    }

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_replays_the_answer_and_writes_one_row()
    {
        var client = fixture.Writer();
        var input = await InputAsync("幂等测试协议");
        var key = Guid.NewGuid().ToString();
        var first = await PostAsync(client, key, input);
        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync(fixture.Writer(), key, input)));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.False(first.Replayed);
        Assert.DoesNotContain("errors", first.Body, StringComparison.Ordinal);
        Assert.All(retries, r => Assert.Equal((HttpStatusCode.OK, first.Body, true), r));
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM agreements WHERE title = '幂等测试协议'"));
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM changes WHERE operation = 'signAgreement' AND after->>'title' = '幂等测试协议'"));
        Assert.True(await fixture.ScalarAsync<bool>("SELECT created_at > now() - interval '1 hour' AND response IS NOT NULL FROM idempotency_keys WHERE key = @key", ("key", key)));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_and_writes_nothing()
    {
        var client = fixture.Writer();
        var key = Guid.NewGuid().ToString();
        var first = await PostAsync(client, key, await InputAsync("幂等测试协议二"));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var before = await fixture.FingerprintAsync();
        var other = await PostAsync(client, key, await InputAsync("另一份协议"));
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        using var answer = JsonDocument.Parse(other.Body);
        Assert.Equal(["IDEMPOTENCY_KEY_REUSED"], answer.RootElement.CodedFields());
        Assert.Equal(before, await fixture.FingerprintAsync());
    }

    [Fact]
    public async Task Without_a_key_a_repeat_is_a_second_write()
    {
        var input = await InputAsync("无键协议");
        await fixture.MutateOkAsync("signAgreement", input, "agreement { id }");
        await fixture.MutateOkAsync("signAgreement", input, "agreement { id }");
        Assert.Equal(2L, await fixture.ScalarAsync<long>("SELECT count(*) FROM agreements WHERE title = '无键协议'"));
    }
}
