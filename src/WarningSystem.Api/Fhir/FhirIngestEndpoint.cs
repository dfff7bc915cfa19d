using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc;
using WarningSystem.Ingest;
using Route = WarningSystem.Ingest.Route;

namespace WarningSystem.Fhir;

/// <summary>
/// FHIR R4 in: a Bundle (transaction, batch or collection) or one resource, mapped to events and stored through the
/// ingest writer like any posted event. A transaction stores all of its entries or none; a batch or collection
/// stores each valid entry and reports the others.
/// </summary>
public static class FhirIngestEndpoint
{
    const long MaxBodyBytes = 8 * 1024 * 1024;

    [Authorize(Policy = Policies.Ingest)]
    [ReadsBody(typeof(FhirBody))]
    [ProducesResponseType<string>(StatusCodes.Status200OK, FhirJson.MediaType)]
    [ProblemAnswers(409)]
    [WolverinePost("/api/clinics/{clinicId}/fhir")]
    public static async Task<IResult> Post(string clinicId, HttpRequest request, IngestWriter writer, IQuerySession session,
        TimeProvider clock)
    {
        var (resource, problem) = await FhirJson.ReadAsync(request, MaxBodyBytes);
        if (problem is not null) return problem;

        var bundle = resource as Bundle;
        if (bundle is not null && bundle.Type is not (Bundle.BundleType.Transaction or Bundle.BundleType.Batch or Bundle.BundleType.Collection))
            return FhirJson.Problem(400, OperationOutcome.IssueType.NotSupported, "must be transaction, batch or collection", "Bundle.type");
        var resources = bundle is null ? [resource] : bundle.Entry.Select(e => e.Resource).ToList();
        if (resources.Count is 0 or > PostBatchEndpoint.MaxEvents)
            return FhirJson.Problem(400, OperationOutcome.IssueType.Invalid, $"must hold between 1 and {PostBatchEndpoint.MaxEvents} entries", "Bundle.entry");

        var plan = await FhirIngestPlan.MakeAsync(clinicId, bundle, resources, session, clock.GetUtcNow(), request.HttpContext.RequestAborted);
        var transaction = bundle?.Type == Bundle.BundleType.Transaction;
        if (transaction && plan.Entries.Any(e => e.Issues.Count > 0))
            return FhirJson.Write(FhirJson.Outcome(plan.Entries.SelectMany((e, i) => e.Issues.Select(issue =>
                issue with { Expression = InBundle(i, issue.Expression, resources[i]?.TypeName) }))), 422);

        var pending = plan.Entries.SelectMany(e => e.Events).ToList();
        var outcomes = new Queue<AppendOutcome>(await writer.AppendAsync(pending, request.HttpContext.RequestAborted));
        var entries = plan.Entries.Select(e => FhirIngestResponse.Entry(e, e.Events.Select(_ => outcomes.Dequeue()).ToList())).ToList();

        if (bundle is null && entries[0].Response is { Outcome: OperationOutcome failed, Status: { } status } && !status.StartsWith('2'))
            return FhirJson.Write(failed, int.Parse(status[..3]));
        return FhirJson.Write(new Bundle
        {
            Type = transaction ? Bundle.BundleType.TransactionResponse : Bundle.BundleType.BatchResponse,
            Entry = entries,
        });
    }

    static string? InBundle(int index, string? expression, string? type) =>
        expression is null || type is null ? $"Bundle.entry[{index}]"
        : $"Bundle.entry[{index}].resource{expression[Math.Min(type.Length, expression.Length)..]}";
}

/// <summary>
/// The body, for the API document only: a FHIR R4 resource (application/fhir+json), usually a Bundle of
/// <paramref name="Type"/> transaction, batch or collection whose <paramref name="Entry"/> hold the resources.
/// Errors are answered as FHIR OperationOutcome resources.
/// </summary>
public sealed record FhirBody(string ResourceType, string? Type, IReadOnlyList<System.Text.Json.JsonElement>? Entry);
