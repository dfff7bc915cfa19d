using JasperFx;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Weasel.Core;
using Wolverine.Marten;

namespace WarningSystem.Shared;

public static class EventStoreSetup
{
    /// <summary>Whether the service creates and migrates its schema at start: in Development, or when configured.</summary>
    public static bool AutoMigrate(WebApplicationBuilder builder) =>
        builder.Environment.IsDevelopment() || builder.Configuration.GetValue<bool>("Database:AutoMigrate");

    /// <summary>
    /// The event store: one stream per patient keyed by the EHR's patient id, every stream and document owned by
    /// one clinic (conjoined tenancy). Development creates and migrates the schema at start; elsewhere the schema
    /// is applied ahead of time with <c>db-apply</c>. Features add their own events, documents and subscriptions.
    /// </summary>
    public static WebApplicationBuilder AddEventStore(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Marten is not set. Run ops/run.sh, or set ConnectionStrings__Marten.");
        var autoMigrate = AutoMigrate(builder);

        var marten = builder.Services.AddMarten(opts =>
        {
            opts.Connection(connectionString);
            opts.DatabaseSchemaName = "warnings";
            opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json => JsonSetup.Configure(json));
            opts.AutoCreateSchemaObjects = autoMigrate ? AutoCreate.CreateOrUpdate : AutoCreate.None;

            opts.Policies.AllDocumentsAreMultiTenanted();
            opts.Events.TenancyStyle = TenancyStyle.Conjoined;
            opts.Events.StreamIdentity = StreamIdentity.AsString;
            opts.Events.MetadataConfig.HeadersEnabled = true;
            // Event ids are derived from the source system's eventId: the unique index makes a retry that races
            // another retry fail in the database instead of storing the event twice.
            opts.Events.EnableUniqueIndexOnEventId = true;
            // Appends are done by the server-side function in one round trip; versions come back from it.
            opts.Events.AppendMode = EventAppendMode.Quick;
            // The daemon polls for new events every 100 ms, busy or idle (Marten's defaults are 250 ms and 1 s),
            // instead of being woken by NOTIFY on every commit: woken per commit, each subscription ran a page for
            // every few events, and the pages' fixed cost was a third of the service's and PostgreSQL's CPU under
            // ingest load. 100 ms keeps an alert's latency well inside its goal; an idle poll is one small query.
            opts.Events.UseListenNotifyForEventAppends = false;
            opts.Projections.FastPollingTime = opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(100);
        })
        .UseLightweightSessions()
        // Wolverine runs the async daemon's projections and subscriptions, spread over the service's nodes.
        .IntegrateWithWolverine(w => w.UseWolverineManagedEventSubscriptionDistribution = true);

        // Creates or migrates Marten's and Wolverine's tables before the service takes requests.
        if (autoMigrate) marten.ApplyAllDatabaseChangesOnStartup();
        return builder;
    }
}
