using JasperFx;

var builder = WebApplication.CreateBuilder(args);

builder.AddHttpBasics()
    .AddTelemetry()
    .AddEventStore()
    .AddMessaging()
    .AddIngest();

var app = builder.Build();

app.UseHttpBasics();
app.MapEndpoints();

return await app.RunJasperFxCommands(args);

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
