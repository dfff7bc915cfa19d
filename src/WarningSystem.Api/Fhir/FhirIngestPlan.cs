using Hl7.Fhir.Model;
using JasperFx.Events;
using WarningSystem.Ingest;
using Route = WarningSystem.Ingest.Route;

namespace WarningSystem.Fhir;

/// <summary>One input entry, validated: the events to store, or what is wrong with it; a note when it records nothing.</summary>
public sealed record PlannedEntry(IReadOnlyList<PendingEvent> Events, IReadOnlyList<FhirIssue> Issues, string? Note);

/// <summary>
/// Maps and validates every entry. Reads the stored history only where a mapping needs it: the earlier versions of
/// a corrected resource, and the dose of an earlier order that is not in the same Bundle.
/// </summary>
public sealed record FhirIngestPlan(IReadOnlyList<PlannedEntry> Entries)
{
    public static async Task<FhirIngestPlan> MakeAsync(string clinicId, Bundle? bundle, IReadOnlyList<Resource?> resources,
        IQuerySession session, DateTimeOffset now, CancellationToken token)
    {
        var index = Index(bundle);
        var histories = new Dictionary<string, IReadOnlyList<IEvent>>();
        async Task<IReadOnlyList<IEvent>> History(string patientId)
        {
            if (!histories.TryGetValue(patientId, out var events))
                histories[patientId] = events = Identifiers.IsValid(patientId)
                    ? await session.Events.FetchStreamAsync(patientId, token: token) : [];
            return events;
        }

        var entries = new List<PlannedEntry>();
        for (var i = 0; i < resources.Count; i++)
        {
            if (resources[i] is not { } resource)
            {
                entries.Add(new([], [new(OperationOutcome.IssueType.Required, "every entry needs a resource", $"Bundle.entry[{i}].resource")], null));
                continue;
            }
            var read = new FhirRead(resource, index);
            var priors = new Dictionary<string, OrderedDose?>();
            if (resource is MedicationRequest { PriorPrescription: { } prior } order)
            {
                var priorId = read.IdOf(prior)!;
                priors[priorId] = read.Resolve(prior) is MedicationRequest earlier
                    ? MedicationRequestMapping.DoseOf(earlier.DosageInstruction.FirstOrDefault()?.DoseAndRate.FirstOrDefault()?.Dose as Quantity)
                    : order.Subject?.Reference?.Split('/') is [.., "Patient", var patient]
                        ? StoredDose(await History(patient), $"MedicationRequest/{priorId}/_history/") : null;
            }
            MappedResource mapped;
            try
            {
                mapped = FhirMapping.Map(resource, read, id => priors.GetValueOrDefault(id));
            }
            catch (OverflowException)
            {
                // A dose, weight or frequency beyond any decimal or int arithmetic: the client's error, not a 500.
                mapped = MappedResource.Failed([new(OperationOutcome.IssueType.Value, "a number is out of range", resource.TypeName)]);
            }
            if (mapped.Issues.Count > 0)
            {
                entries.Add(new([], mapped.Issues, null));
                continue;
            }

            var events = new List<FhirEvent>();
            // One resource's events share a patient: its earlier versions are voided once, before them.
            if (mapped.Events.FirstOrDefault() is { } first && FhirMapping.Corrected.Contains(resource.TypeName)
                && resource.Meta?.VersionId is { } v && v != "1")
            {
                var stored = await History(first.PatientId);
                var ids = stored.Where(s => s.Data is not EventVoided).Select(s => s.SourceEventIdOf()).ToList();
                var voided = stored.Select(s => s.Data).OfType<EventVoided>().Select(s => s.VoidedEventId).ToHashSet();
                events.AddRange(FhirMapping.Voids(first, read.EventId, $"{resource.TypeName}/{resource.Id}/_history/", ids, voided));
            }
            events.AddRange(mapped.Events);
            var validated = events.Select(e => FhirMapping.Validate(clinicId, e, resource.TypeName, now)).ToList();
            var issues = validated.SelectMany(v => v.Issues).ToList();
            entries.Add(issues.Count > 0 ? new([], issues, null) : new(validated.Select(v => v.Event!).ToList(), [], mapped.Note));
        }
        return new(entries);
    }

    /// <summary>Entries by their fullUrl and by "Type/id", for references between entries.</summary>
    static Dictionary<string, Resource> Index(Bundle? bundle)
    {
        var index = new Dictionary<string, Resource>();
        foreach (var entry in bundle?.Entry ?? [])
        {
            if (entry.Resource is not { } r) continue;
            if (entry.FullUrl is { } url) index.TryAdd(url, r);
            if (r.Id is { } id) index.TryAdd($"{r.TypeName}/{id}", r);
        }
        return index;
    }

    static OrderedDose? StoredDose(IReadOnlyList<IEvent> history, string prefix) => history
        .Where(e => e.SourceEventIdOf().StartsWith(prefix, StringComparison.Ordinal))
        .Select(e => e.Data switch
        {
            TreatmentPlanPrescribed plan => new OrderedDose(plan.DoseMg, plan.DoseMgPerKg),
            DoseIncreaseAuthorized increase => new OrderedDose(increase.NewDoseMg, increase.NewDoseMgPerKg),
            _ => null,
        }).LastOrDefault(d => d is not null);
}
