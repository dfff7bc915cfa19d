using JasperFx.Events.Projections;
using Marten.Schema.Indexing.Unique;
using Wolverine;
using WarningSystem.Detection;
using WarningSystem.Protocols;

namespace WarningSystem.Alerts;

public static class AlertsSetup
{
    public const string FindingsQueue = "findings";
    public const string TimersQueue = "alert-timers";
    public const string RebuildsQueue = "alert-rebuilds";

    /// <summary>Every event of an alert's stream: what delivery and the live feed publish.</summary>
    public static readonly Type[] EventTypes =
    [
        typeof(AlertRaised), typeof(AlertEvidenceAdded), typeof(AlertSeverityRaised), typeof(AlertAcknowledged),
        typeof(AlertSnoozed), typeof(AlertSnoozeExpired), typeof(AlertEscalated), typeof(AlertResolved),
        typeof(AlertEvidenceVoided),
    ];

    /// <summary>
    /// Alert streams and their inline read model; the escalation section of the protocol. Findings are recorded from
    /// a durable local queue, one patient's batch at a time: a finding survives a crash, and two findings for one
    /// patient and rule can never both open an alert. Timers live in the durable inbox, so a restart neither loses nor repeats them.
    /// </summary>
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes(EventTypes);
            // On the alert's timeline, but no change of the alert itself: not sent to webhooks or the live feed.
            opts.Events.AddEventType(typeof(AlertCardFeedback));
            opts.Listeners.Add(new AlertTelemetry());
            opts.Projections.Snapshot<Alert>(SnapshotLifecycle.Inline);
            opts.Schema.For<AlertRebuild>();
            // Columns, not JSON paths: the list filters and sorts on them, and the read models below find a
            // patient's alerts by them. The raised-at index leads with the sort and carries the clinic, so a page of
            // one clinic's newest alerts is read from the index in order. Enums stay in the JSON: Marten would write
            // a duplicated enum by its C# name but fill an added column from the JSON's name, and the two differ.
            opts.Schema.For<Alert>()
                .Duplicate(a => a.PatientId, configure: i => i.TenancyScope = TenancyScope.PerTenant)
                .Duplicate(a => a.RuleId)
                .Duplicate(a => a.RaisedAt, configure: i => i.TenancyScope = TenancyScope.PerTenant)
                .Index(a => a.Status)
                // The alerts resolved as false positives, newest first: a FHIR search for cancelled DetectedIssues
                // reads its page from here. Without it PostgreSQL, knowing nothing of how often a resolution occurs,
                // sorts every resolved alert of the clinic to find them.
                .Index(a => a.RaisedAt, i =>
                {
                    i.Name = "mt_doc_alert_idx_false_positive";
                    i.TenancyScope = TenancyScope.PerTenant;
                    i.Predicate = AlertDocuments.FalsePositive(AlertDocuments.StatusColumn, AlertDocuments.ResolutionColumn);
                });
            opts.Storage.Add(new AlertReadModels(opts));
        });
        builder.Services.AddSingleton<IProtocolSections>(new ProtocolSections(Escalation.Section));
        builder.Services.ConfigureWolverine(opts =>
        {
            opts.PublishMessage<FindingsDetected>().ToLocalQueue(FindingsQueue);
            // Findings published one by one before detection published them per patient.
            opts.PublishMessage<FindingDetected>().ToLocalQueue(FindingsQueue);
            // Same sequential queue as findings: a void is never recorded while a finding about the same event is.
            opts.PublishMessage<EvidenceVoided>().ToLocalQueue(FindingsQueue);
            opts.LocalQueue(FindingsQueue).Sequential().UseDurableInbox();
            opts.PublishMessage<EscalateAlert>().ToLocalQueue(TimersQueue);
            opts.PublishMessage<ExpireSnooze>().ToLocalQueue(TimersQueue);
            opts.LocalQueue(TimersQueue).UseDurableInbox();
            // Durable: an accepted rebuild runs even if this node stops first.
            opts.PublishMessage<RebuildAlerts>().ToLocalQueue(RebuildsQueue);
            opts.LocalQueue(RebuildsQueue).UseDurableInbox();
        });
        return builder;
    }
}
