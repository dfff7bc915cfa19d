using JasperFx;
using WarningSystem.Alerts.Delivery;

var builder = WebApplication.CreateBuilder(args);

builder.AddHttpBasics()
    .AddTelemetry()
    .AddEventStore()
    .AddMessaging()
    .AddIngest()
    .AddDelivery();

var app = builder.Build();

app.UseHttpBasics();
app.MapEndpoints();

return await app.RunJasperFxCommands(args);

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
