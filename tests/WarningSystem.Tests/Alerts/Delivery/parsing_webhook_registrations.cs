using System.Text.Json;
using WarningSystem.Alerts.Delivery;
using WarningSystem.Detection;

namespace WarningSystem.Tests.Alerts.Delivery;

public class parsing_webhook_registrations
{
    static (RegisterWebhook? Request, List<(string Field, string Error)> Errors) Parse(string json, bool allowPrivate = true) =>
        RegisterWebhook.Parse(JsonDocument.Parse(json).RootElement, allowPrivate);

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.20.0.1/hook")]
    [InlineData("http://192.168.1.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    public void internal_addresses_are_refused_unless_allowed(string url)
    {
        var json = $$"""{ "url": "{{url}}", "secret": "0123456789abcdef" }""";

        Parse(json, allowPrivate: false).Errors.ShouldHaveSingleItem().Field.ShouldBe("url");
        Parse(json, allowPrivate: true).Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("https://ehr.example.org/hook")]
    [InlineData("https://172.32.0.1/hook")]
    [InlineData("https://8.8.8.8/hook")]
    public void public_addresses_are_accepted(string url)
    {
        Parse($$"""{ "url": "{{url}}", "secret": "0123456789abcdef" }""", allowPrivate: false).Errors.ShouldBeEmpty();
    }

    [Fact]
    public void a_valid_registration_keeps_its_fields()
    {
        var (request, errors) = Parse("""{ "url": "https://ehr.example.org/hook?x=1", "secret": "0123456789abcdef", "severities": ["critical", "high", "high"], "name": "EHR" }""");

        errors.ShouldBeEmpty();
        request!.Url.ShouldBe("https://ehr.example.org/hook?x=1");
        request.Secret.ShouldBe("0123456789abcdef");
        request.Severities.ShouldBe([Severity.Critical, Severity.High]);
        request.Name.ShouldBe("EHR");
    }

    [Theory]
    [InlineData("""{ "url": "http://127.0.0.1:5000/hook", "secret": "0123456789abcdef" }""")]
    [InlineData("""{ "url": "http://127.0.0.1:5000/hook", "secret": "0123456789abcdef", "severities": [] }""")]
    [InlineData("""{ "url": "http://127.0.0.1:5000/hook", "secret": "0123456789abcdef", "severities": null }""")]
    public void no_severities_means_every_severity(string json)
    {
        var (request, _) = Parse(json);
        var webhook = new Webhook { Severities = request!.Severities };

        Enum.GetValues<Severity>().ShouldAllBe(s => webhook.Accepts(s));
    }

    [Theory]
    [InlineData("""{ "url": "mailto:a@b.org", "secret": "0123456789abcdef" }""", "url")]
    [InlineData("""{ "url": "file:///etc/passwd", "secret": "0123456789abcdef" }""", "url")]
    [InlineData("""{ "url": 42, "secret": "0123456789abcdef" }""", "url")]
    [InlineData("""{ "url": "https://a.org", "secret": "0123456789abcde" }""", "secret")]
    [InlineData("""{ "url": "https://a.org", "secret": "0123456789abcdef", "severities": ["High"] }""", "severities")]
    [InlineData("""{ "url": "https://a.org", "secret": "0123456789abcdef", "severities": [2] }""", "severities")]
    [InlineData("""{ "url": "https://a.org", "secret": "0123456789abcdef", "name": 7 }""", "name")]
    public void each_bad_field_is_named(string json, string field)
    {
        var (request, errors) = Parse(json);

        request.ShouldBeNull();
        errors.Select(e => e.Field).Distinct().ShouldBe([field]);
    }

    [Fact]
    public void a_webhook_filtered_to_high_accepts_neither_medium_nor_critical()
    {
        var webhook = new Webhook { Severities = [Severity.High] };

        webhook.Accepts(Severity.High).ShouldBeTrue();
        webhook.Accepts(Severity.Medium).ShouldBeFalse();
        webhook.Accepts(Severity.Critical).ShouldBeFalse();
    }
}
