using WarningSystem.Detection;

namespace WarningSystem.Alerts;

/// <summary>
/// The functions that keep <see cref="AlertReadModels"/>: a row trigger on the alert documents hands the old and the
/// new document to them. They read the JSON the service writes (the names coordinators see), so a document stored
/// by any writer counts the same.
/// </summary>
public static class AlertReadModelsSql
{
    /// <summary>Severity as a rank, highest worst: the worklist's first sort key.</summary>
    public static string SeverityRank(string json) => $"CASE {json} "
        + string.Join(" ", Enum.GetValues<Severity>().Select(s => $"WHEN '{JsonNames.Of(s)}' THEN {(int)s}")) + " END";

    public static IEnumerable<(string Name, string Body)> Functions(string schema)
    {
        var resolved = JsonNames.Of(AlertStatus.Resolved);

        // Adds (sign 1) or takes away (sign -1) one document's share of the counts.
        yield return ("alert_read_models_count", $$"""
            CREATE OR REPLACE FUNCTION {{schema}}.alert_read_models_count(tenant character varying, doc jsonb, sign integer)
             RETURNS void
             LANGUAGE plpgsql
            AS $function$
            DECLARE
              detected timestamptz := (doc->>'detectedAt')::timestamptz;
            BEGIN
              INSERT INTO {{schema}}.alert_tally AS t (tenant_id, rule_id, status, severity, resolution, escalated, alerts, cards_accepted, cards_overridden)
              VALUES (tenant, coalesce(doc->>'ruleId', ''), coalesce(doc->>'status', ''), coalesce(doc->>'severity', ''),
                      coalesce(doc->>'resolution', ''), coalesce((doc->>'escalationLevel')::int, 0) > 0, sign,
                      sign * coalesce((doc->>'cardsAccepted')::int, 0), sign * coalesce((doc->>'cardsOverridden')::int, 0))
              ON CONFLICT (tenant_id, rule_id, status, severity, resolution, escalated) DO UPDATE SET alerts = t.alerts + excluded.alerts,
                cards_accepted = t.cards_accepted + excluded.cards_accepted, cards_overridden = t.cards_overridden + excluded.cards_overridden;
              IF doc->>'acknowledgedAt' IS NOT NULL AND detected IS NOT NULL THEN
                PERFORM {{schema}}.alert_read_models_minutes(tenant, 'acknowledge', (doc->>'acknowledgedAt')::timestamptz - detected, sign);
              END IF;
              IF doc->>'resolvedAt' IS NOT NULL AND detected IS NOT NULL THEN
                PERFORM {{schema}}.alert_read_models_minutes(tenant, 'resolve', (doc->>'resolvedAt')::timestamptz - detected, sign);
              END IF;
            END;
            $function$;
            """);

        // One duration, counted in its tenth of a minute (halves away from zero) and in its hour.
        yield return ("alert_read_models_minutes", $$"""
            CREATE OR REPLACE FUNCTION {{schema}}.alert_read_models_minutes(tenant character varying, what character varying, took interval, sign integer)
             RETURNS void
             LANGUAGE plpgsql
            AS $function$
            DECLARE
              tenths bigint := round(extract(epoch FROM took) / 6);
            BEGIN
              INSERT INTO {{schema}}.alert_minutes AS m (tenant_id, measure, scale, bucket, alerts)
              VALUES (tenant, what, 1, tenths, sign), (tenant, what, {{AlertReadModels.HourScale}}, floor(tenths / {{AlertReadModels.HourScale}}.0), sign)
              ON CONFLICT (tenant_id, measure, scale, bucket) DO UPDATE SET alerts = m.alerts + excluded.alerts;
            END;
            $function$;
            """);

        // Recounts one patient's unresolved alerts. The row lock taken first makes a concurrent write to the same
        // patient's alerts wait until this transaction commits; the recount, a statement of its own, then sees it.
        yield return ("alert_read_models_patient", $$"""
            CREATE OR REPLACE FUNCTION {{schema}}.alert_read_models_patient(tenant character varying, patient character varying)
             RETURNS void
             LANGUAGE plpgsql
            AS $function$
            BEGIN
              INSERT INTO {{schema}}.alert_patient (tenant_id, patient_id, rank, latest, alerts) VALUES (tenant, patient, 0, NULL, 0)
              ON CONFLICT (tenant_id, patient_id) DO NOTHING;
              PERFORM 1 FROM {{schema}}.alert_patient WHERE tenant_id = tenant AND patient_id = patient FOR UPDATE;
              UPDATE {{schema}}.alert_patient p SET (rank, latest, alerts) = (
                SELECT coalesce(max({{SeverityRank("a.data->>'severity'")}}), 0), max((a.data->>'raisedAt')::timestamptz), count(*)
                FROM {{schema}}.mt_doc_alert a
                WHERE a.tenant_id = tenant AND a.patient_id = patient AND a.data->>'status' <> '{{resolved}}')
              WHERE p.tenant_id = tenant AND p.patient_id = patient;
            END;
            $function$;
            """);

        // The trigger: only a change to what a read model holds touches it (new evidence or an acknowledgement leaves
        // the worklist as it was). TRUNCATE, which Marten uses to clear documents, clears the read models with them.
        yield return ("alert_read_models", $$"""
            CREATE OR REPLACE FUNCTION {{schema}}.alert_read_models()
             RETURNS trigger
             LANGUAGE plpgsql
            AS $function$
            DECLARE
              counted_old jsonb; counted_new jsonb; listed_old jsonb; listed_new jsonb;
            BEGIN
              IF TG_OP = 'TRUNCATE' THEN
                TRUNCATE {{schema}}.alert_tally, {{schema}}.alert_minutes, {{schema}}.alert_patient;
                RETURN NULL;
              END IF;
              IF TG_OP <> 'INSERT' THEN
                counted_old := jsonb_build_array(OLD.tenant_id, OLD.data->'ruleId', OLD.data->'status', OLD.data->'severity',
                  OLD.data->'resolution', OLD.data->'escalationLevel', OLD.data->'cardsAccepted', OLD.data->'cardsOverridden',
                  OLD.data->'detectedAt', OLD.data->'acknowledgedAt', OLD.data->'resolvedAt');
                listed_old := jsonb_build_array(OLD.tenant_id, OLD.patient_id, OLD.data->'severity',
                  OLD.data->>'status' = '{{resolved}}', OLD.data->'raisedAt');
              END IF;
              IF TG_OP <> 'DELETE' THEN
                counted_new := jsonb_build_array(NEW.tenant_id, NEW.data->'ruleId', NEW.data->'status', NEW.data->'severity',
                  NEW.data->'resolution', NEW.data->'escalationLevel', NEW.data->'cardsAccepted', NEW.data->'cardsOverridden',
                  NEW.data->'detectedAt', NEW.data->'acknowledgedAt', NEW.data->'resolvedAt');
                listed_new := jsonb_build_array(NEW.tenant_id, NEW.patient_id, NEW.data->'severity',
                  NEW.data->>'status' = '{{resolved}}', NEW.data->'raisedAt');
              END IF;
              IF counted_old IS DISTINCT FROM counted_new THEN
                IF counted_old IS NOT NULL THEN PERFORM {{schema}}.alert_read_models_count(OLD.tenant_id, OLD.data, -1); END IF;
                IF counted_new IS NOT NULL THEN PERFORM {{schema}}.alert_read_models_count(NEW.tenant_id, NEW.data, 1); END IF;
              END IF;
              IF listed_old IS DISTINCT FROM listed_new THEN
                IF listed_old IS NOT NULL THEN PERFORM {{schema}}.alert_read_models_patient(OLD.tenant_id, OLD.patient_id); END IF;
                IF listed_new IS NOT NULL AND (listed_old IS NULL OR (OLD.tenant_id, OLD.patient_id) IS DISTINCT FROM (NEW.tenant_id, NEW.patient_id)) THEN
                  PERFORM {{schema}}.alert_read_models_patient(NEW.tenant_id, NEW.patient_id);
                END IF;
              END IF;
              RETURN NULL;
            END;
            $function$;
            """);
    }
}
