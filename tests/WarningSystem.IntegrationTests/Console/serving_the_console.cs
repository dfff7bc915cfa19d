using System.Net;
using System.Text.RegularExpressions;

namespace WarningSystem.IntegrationTests.Console;

[Collection(ConsoleCollection.Name)]
public partial class serving_the_console(ConsoleFixture service)
{
    [Fact]
    public async Task the_pages_need_no_credential_and_allow_script_and_style_only_from_the_service()
    {
        var page = await service.Anonymous.GetAsync("/console/");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("style-src 'self'");
        policy.ShouldNotContain("unsafe-inline");
        policy.ShouldNotContain("unsafe-eval");
        var html = await page.Content.ReadAsStringAsync();
        InlineScriptOrStyle().IsMatch(html).ShouldBeFalse("the page has inline script or style");
        (await service.Anonymous.GetAsync("/console/views/chart.js")).Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
    }

    [Fact]
    public async Task the_credential_endpoint_tells_the_role_and_clinics_and_refuses_a_bad_key()
    {
        var clinic = Api.NewClinic();
        var key = await Security.Keys.Create(service, clinic, "auditor");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/credential");
        request.Headers.Authorization = new("Bearer", key.Key);

        var grant = await (await service.Anonymous.SendAsync(request)).Body();

        grant.GetProperty("role").GetString().ShouldBe("auditor");
        grant.GetProperty("clinics").EnumerateArray().Select(c => c.GetString()).ShouldBe([clinic]);
        grant.GetProperty("who").GetString().ShouldBe($"key:{key.KeyId}");
        var refused = new HttpRequestMessage(HttpMethod.Get, "/api/credential");
        refused.Headers.Authorization = new("Bearer", "wsk_not-a-key");
        (await service.Anonymous.SendAsync(refused)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScriptOrStyle();
}
