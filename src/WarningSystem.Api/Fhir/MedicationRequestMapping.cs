using Hl7.Fhir.Model;
using WarningSystem.Ingest;
using Route = WarningSystem.Ingest.Route;

namespace WarningSystem.Fhir;

/// <summary>
/// An active ketamine or esketamine order: the treatment plan, or a dose increase when it replaces an earlier order
/// (<c>priorPrescription</c>) with a higher dose.
/// </summary>
public static class MedicationRequestMapping
{
    const string Dose = "dosageInstruction[0].doseAndRate[0].dose";

    /// <param name="priorDose">The dose of an earlier order by its logical id, from the Bundle or the stored history.</param>
    public static MappedResource Map(MedicationRequest order, FhirRead read, Func<string, OrderedDose?> priorDose)
    {
        if (order.Intent != MedicationRequest.MedicationRequestIntent.Order) read.Invalid("intent", "must be order");
        if (order.Status != MedicationRequest.MedicationrequestStatus.Active) read.Invalid("status", "must be active");
        var drug = MedicationAdministrationMapping.DrugOf(order.Medication, read, "medication");
        var patient = read.Patient(order.Subject, "subject");
        var occurredAt = read.Time(order.AuthoredOn, "authoredOn");
        var instruction = order.DosageInstruction.FirstOrDefault();
        var dose = DoseOf(instruction?.DoseAndRate.FirstOrDefault()?.Dose as Quantity);
        if (dose is null) read.Invalid(Dose, "must be a quantity in mg or mg/kg (UCUM)", OperationOutcome.IssueType.Value);
        var route = FhirCodes.RouteOf(instruction?.Route);
        if (route is null) read.Invalid("dosageInstruction[0].route", "must be a SNOMED CT route or name one");
        var perWeek = SessionsPerWeek(instruction?.Timing?.Repeat);
        if (perWeek is null)
            read.Required("dosageInstruction[0].timing.repeat", "frequency, period and periodUnit (d, wk or mo) give the sessions per week");
        if (read.Issues.Count > 0) return MappedResource.Failed(read.Issues);

        var prescriber = read.RecordedBy(order.Requester);
        var prior = read.IdOf(order.PriorPrescription) is { } priorId ? priorDose(priorId) : null;
        object data = prior is not null && Higher(dose!, prior)
            ? new DoseIncreaseAuthorized(dose!.DoseMgPerKg, dose.DoseMg, prescriber)
            : new TreatmentPlanPrescribed(drug!.Value, route!.Value, dose!.DoseMgPerKg, dose.DoseMg, perWeek!.Value, prescriber);
        return new([new(read.EventId, patient!, data, occurredAt!.Value, prescriber, new Dictionary<string, string>
        {
            ["data.doseMg"] = $"MedicationRequest.{Dose}", ["data.doseMgPerKg"] = $"MedicationRequest.{Dose}",
            ["data.newDoseMg"] = $"MedicationRequest.{Dose}", ["data.newDoseMgPerKg"] = $"MedicationRequest.{Dose}",
            ["data.maxSessionsPerWeek"] = "MedicationRequest.dosageInstruction[0].timing.repeat",
            ["occurredAt"] = "MedicationRequest.authoredOn", ["patientId"] = "MedicationRequest.subject",
        })], []);
    }

    public static OrderedDose? DoseOf(Quantity? quantity) => (quantity?.Code ?? quantity?.Unit) switch
    {
        "mg/kg" when quantity!.Value is { } perKg => new(null, perKg),
        _ when FhirCodes.Milligrams(quantity) is { } mg => new(mg, null),
        _ => null,
    };

    static bool Higher(OrderedDose dose, OrderedDose prior) =>
        dose.DoseMg > prior.DoseMg || dose.DoseMgPerKg > prior.DoseMgPerKg;

    static int? SessionsPerWeek(Timing.RepeatComponent? repeat)
    {
        if (repeat?.Frequency is not { } frequency || repeat.Period is not { } period || period <= 0) return null;
        decimal? days = repeat.PeriodUnit switch
        {
            Timing.UnitsOfTime.D => period, Timing.UnitsOfTime.Wk => period * 7, Timing.UnitsOfTime.Mo => period * 30,
            _ => null,
        };
        return days is null ? null : (int)Math.Ceiling(frequency * 7 / days.Value);
    }
}
