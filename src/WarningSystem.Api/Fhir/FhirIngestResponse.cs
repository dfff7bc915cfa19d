using Hl7.Fhir.Model;
using WarningSystem.Ingest;
using Route = WarningSystem.Ingest.Route;

namespace WarningSystem.Fhir;

/// <summary>One response entry per input entry: 201 (something stored), 200 (all already stored, or nothing to
/// record), 409 (an id reused with other content) or 422 with the issues, each locating the element.</summary>
public static class FhirIngestResponse
{
    public static Bundle.EntryComponent Entry(PlannedEntry planned, IReadOnlyList<AppendOutcome> outcomes)
    {
        if (planned.Issues.Count > 0)
            return Answer("422 Unprocessable Entity", FhirJson.Outcome(planned.Issues));
        if (outcomes.Any(o => o.Status == AppendStatus.Conflict))
            return Answer("409 Conflict", FhirJson.Outcome(planned.Events.Zip(outcomes).Where(p => p.Second.Status == AppendStatus.Conflict)
                .Select(p => new FhirIssue(OperationOutcome.IssueType.Conflict,
                    $"{p.First.SourceEventId} was stored before with different content (sequence {p.Second.Sequence})", null))));
        var notes = planned.Events.Zip(outcomes).Select(p => new FhirIssue(OperationOutcome.IssueType.Informational,
            $"{EventCatalog.NameOf(p.First.Data.GetType())} {p.First.SourceEventId}: {p.Second.Status.ToString().ToLowerInvariant()}, patient {p.Second.PatientId}, sequence {p.Second.Sequence}",
            null, OperationOutcome.IssueSeverity.Information)).ToList();
        if (planned.Note is { } note)
            notes.Add(new(OperationOutcome.IssueType.Informational, $"nothing recorded: {note}", null, OperationOutcome.IssueSeverity.Information));
        var created = outcomes.Any(o => o.Status == AppendStatus.Accepted);
        return Answer(created ? "201 Created" : "200 OK", FhirJson.Outcome(notes));
    }

    static Bundle.EntryComponent Answer(string status, OperationOutcome outcome) => new()
    {
        Response = new Bundle.ResponseComponent { Status = status, Outcome = outcome },
    };
}
