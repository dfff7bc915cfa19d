using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace WarningSystem.Alerts;

/// <summary>
/// The read models behind the clinic's alert counts, metrics and worklist, kept by PostgreSQL in the same transaction
/// as every write of an alert document. They are derived from the document's state before and after each write, not
/// from the events, so whatever writes alerts keeps them exact: the inline projection, a clinic's rebuild, Marten's
/// <c>projections rebuild</c> (which deletes and rewrites the documents) and a benchmark's seed alike.
/// <list type="bullet">
/// <item><c>alert_tally</c>: alerts counted by rule, status, severity, resolution and whether escalated, with the
/// clinicians' card feedback summed.</item>
/// <item><c>alert_minutes</c>: how many alerts took each time to acknowledge and to resolve, counted per tenth of a
/// minute and per hour, so a percentile reads two short ranges instead of every alert.</item>
/// <item><c>alert_patient</c>: per patient, the unresolved alerts' count, highest severity and latest raise.</item>
/// </list>
/// </summary>
public sealed class AlertReadModels(StoreOptions options) : FeatureSchemaBase("alert_read_models", options.Advanced.Migrator)
{
    public const string Tally = "alert_tally", Minutes = "alert_minutes", Patients = "alert_patient";
    /// <summary>Tenths of a minute per coarse bucket of <see cref="Minutes"/>: one hour.</summary>
    public const int HourScale = 600;

    string Schema => options.DatabaseSchemaName;

    static DbObjectName Named(string schema, string name) => new PostgresqlObjectName(schema, name, SchemaUtils.IdentifierUsage.General);

    /// <summary>A read model table's qualified name.</summary>
    public static string Name(IQuerySession session, string table) => $"{session.DocumentStore.Options.DatabaseSchemaName}.{table}";

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var tally = new Table(Named(Schema, Tally));
        foreach (var key in new[] { "tenant_id", "rule_id", "status", "severity", "resolution" })
            tally.AddColumn<string>(key).AsPrimaryKey();
        tally.AddColumn<bool>("escalated").AsPrimaryKey();
        foreach (var count in new[] { "alerts", "cards_accepted", "cards_overridden" }) tally.AddColumn<int>(count).NotNull();
        yield return tally;

        var minutes = new Table(Named(Schema, Minutes));
        minutes.AddColumn<string>("tenant_id").AsPrimaryKey();
        minutes.AddColumn<string>("measure").AsPrimaryKey();
        minutes.AddColumn<int>("scale").AsPrimaryKey();
        minutes.AddColumn<long>("bucket").AsPrimaryKey();
        minutes.AddColumn<int>("alerts").NotNull();
        yield return minutes;

        var patients = new Table(Named(Schema, Patients));
        patients.AddColumn<string>("tenant_id").AsPrimaryKey();
        patients.AddColumn<string>("patient_id").AsPrimaryKey();
        patients.AddColumn<int>("rank").NotNull();
        patients.AddColumn<DateTimeOffset>("latest");
        patients.AddColumn<int>("alerts").NotNull();
        // The worklist's order, read backwards; patients with nothing unresolved are left out of it.
        patients.Indexes.Add(new IndexDefinition("alert_patient_idx_worklist")
        {
            Columns = ["tenant_id", "rank", "latest", "patient_id"], Predicate = "alerts > 0",
        });
        // The worklist's total: counted from this narrow index alone, not by reading every patient's row.
        patients.Indexes.Add(new IndexDefinition("alert_patient_idx_open") { Columns = ["tenant_id"], Predicate = "alerts > 0" });
        yield return patients;

        foreach (var function in AlertReadModelsSql.Functions(Schema))
            yield return new Function(Named(Schema, function.Name), function.Body);

        // One trigger per statement: PostgreSQL renders a trigger on several events in another order than Weasel
        // writes it, so a combined one would read as a schema difference forever.
        var alerts = Named(Schema, "mt_doc_alert");
        foreach (var (name, events) in new[] { ("insert", TriggerEvents.Insert), ("update", TriggerEvents.Update), ("delete", TriggerEvents.Delete) })
            yield return new Trigger(Named(Schema, $"alert_read_models_{name}"), alerts, $"{Schema}.alert_read_models()")
            {
                Timing = TriggerTiming.After, Events = events, ForEachRow = true,
            };
        yield return new Trigger(Named(Schema, "alert_read_models_truncate"), alerts, $"{Schema}.alert_read_models()")
        {
            Timing = TriggerTiming.After, Events = TriggerEvents.Truncate, ForEachRow = false,
        };
    }
}
