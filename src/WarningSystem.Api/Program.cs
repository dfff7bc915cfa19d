using JasperFx;
using WarningSystem.Alerts.Delivery;

// 'apikeys' prints a new key alone on standard output; everything else the process writes goes to standard error.
if (args.FirstOrDefault() == "apikeys") ApiKeysCommand.ReserveStandardOutput();

var builder = WebApplication.CreateBuilder(args);

builder.AddHttpBasics()
    .AddSecurity()
    .AddTelemetry()
    .AddEventStore()
    .AddMessaging()
    .AddIngest()
    .AddDelivery();

var app = builder.Build();

app.UseHttpBasics();
app.UseSecurity();
app.MapEndpoints();

return await app.RunJasperFxCommands(args);

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
