using Microsoft.Extensions.Configuration;
using WarningSystem.Alerts.Delivery;

namespace WarningSystem.Tests.Alerts.Delivery;

public class reading_webhook_settings
{
    static WebhookSettings Read(params (string Key, string Value)[] settings) => WebhookSettings.From(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void production_defaults_back_off_over_about_thirteen_minutes()
    {
        var settings = Read();

        settings.RetryDelays.Select(d => d.TotalSeconds).ShouldBe([1, 5, 30, 120, 600]);
        settings.Timeout.ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void delays_come_as_a_comma_separated_list_or_an_array()
    {
        Read(("Webhooks:RetryDelaysSeconds", "0.5, 2,10")).RetryDelays.Select(d => d.TotalSeconds).ShouldBe([0.5, 2, 10]);
        Read(("Webhooks:RetryDelaysSeconds:0", "3"), ("Webhooks:RetryDelaysSeconds:1", "4")).RetryDelays
            .Select(d => d.TotalSeconds).ShouldBe([3, 4]);
        Read(("Webhooks:TimeoutSeconds", "2")).Timeout.ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Theory]
    [InlineData("Webhooks:RetryDelaysSeconds", "1,soon")]
    [InlineData("Webhooks:RetryDelaysSeconds", "-1")]
    [InlineData("Webhooks:TimeoutSeconds", "0")]
    public void a_setting_that_is_not_a_positive_number_stops_the_start(string key, string value)
    {
        Should.Throw<InvalidOperationException>(() => Read((key, value))).Message.ShouldContain(key);
    }
}
