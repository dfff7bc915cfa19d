using JasperFx;
using WarningSystem.Alerts;
using WarningSystem.Alerts.Delivery;
using WarningSystem.Audit;
using WarningSystem.Detection;
using WarningSystem.Fhir;
using WarningSystem.FollowUps;
using WarningSystem.Ingest;
using WarningSystem.Protocols;
using WarningSystem.Security;
using WarningSystem.WebConsole;

// 'apikeys' prints a new key alone on standard output; everything else the process writes goes to standard error.
if (args.FirstOrDefault() == "apikeys") ApiKeysCommand.ReserveStandardOutput();

var builder = WebApplication.CreateBuilder(args);

builder.AddHttpBasics()
    .AddTelemetry()
    .AddEventStore()
    .AddMessaging()
    .AddSecurity()
    .AddIngest()
    .AddProtocols()
    .AddDetection()
    .AddFollowUps()
    .AddAlerts()
    .AddDelivery()
    .AddAudit()
    .AddFhir();

var app = builder.Build();

app.UseHttpBasics();
app.UseSecurity();
app.UseConsole();
app.UseRouteIdCheck();
app.UseAudit();
app.MapEndpoints();
app.MapAlertStream();

return await app.RunJasperFxCommands(args);

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
