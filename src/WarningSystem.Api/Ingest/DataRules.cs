namespace WarningSystem.Ingest;

/// <summary>
/// Clinical plausibility checks that the field shapes cannot express, and the one derivation the contract
/// promises (a dose's mg/kg from mg and weight). Pure: the same event always gives the same answer.
/// </summary>
public static class DataRules
{
    const decimal MaxWeightKg = 400m;

    public static (object Event, List<(string Field, string Error)> Errors) Normalize(object data)
    {
        var errors = new List<(string, string)>();
        void Positive(decimal? value, string field)
        {
            if (value is <= 0) errors.Add(($"data.{field}", "must be greater than 0"));
        }

        switch (data)
        {
            case TreatmentPlanPrescribed plan:
                Positive(plan.DoseMgPerKg, "doseMgPerKg");
                Positive(plan.DoseMg, "doseMg");
                if (plan.MaxSessionsPerWeek is < 1 or > 14)
                    errors.Add(("data.maxSessionsPerWeek", "must be between 1 and 14"));
                if (plan.Drug == Drug.Esketamine && plan.DoseMg is null)
                    errors.Add(("data.doseMg", "is required for esketamine"));
                else if (plan.Route is Route.IV or Route.IM && plan.DoseMgPerKg is null)
                    errors.Add(("data.doseMgPerKg", "is required for IV and IM plans"));
                else if (plan.DoseMg is null && plan.DoseMgPerKg is null)
                    errors.Add(("data.doseMg", "either doseMg or doseMgPerKg is required"));
                return (plan, errors);

            case RiskScreeningRecorded screening:
                if (screening.Score < 0) errors.Add(("data.score", "must not be negative"));
                return (screening, errors);

            case DoseGiven dose:
                Positive(dose.DoseMg, "doseMg");
                Positive(dose.WeightKg, "weightKg");
                Positive(dose.DoseMgPerKg, "doseMgPerKg");
                if (dose.WeightKg > MaxWeightKg) errors.Add(("data.weightKg", $"must be at most {MaxWeightKg}"));
                if (errors.Count > 0 || dose.WeightKg is not { } weight) return (dose, errors);
                var derived = Math.Round(dose.DoseMg / weight, 4);
                if (dose.DoseMgPerKg is null) return (dose with { DoseMgPerKg = derived }, errors);
                // Both given: they must agree, or a rule would judge a dose nobody gave.
                if (Math.Abs(dose.DoseMgPerKg.Value - derived) > derived * 0.02m)
                    errors.Add(("data.doseMgPerKg", $"does not match doseMg / weightKg ({derived})"));
                return (dose, errors);

            case CravingReported craving:
                if (craving.Intensity is < 0 or > 10) errors.Add(("data.intensity", "must be between 0 and 10"));
                return (craving, errors);

            case WithdrawalSymptomsReported withdrawal:
                if (withdrawal.Symptoms.Count == 0) errors.Add(("data.symptoms", "must name at least one symptom"));
                return (withdrawal with { Symptoms = withdrawal.Symptoms.Distinct().ToArray() }, errors);

            case DoseIncreaseAuthorized increase:
                Positive(increase.NewDoseMgPerKg, "newDoseMgPerKg");
                Positive(increase.NewDoseMg, "newDoseMg");
                if (increase.NewDoseMgPerKg is null == increase.NewDoseMg is null)
                    errors.Add(("data.newDoseMgPerKg", "exactly one of newDoseMgPerKg and newDoseMg is required"));
                return (increase, errors);

            case MissedFollowUp { SystemDetected: true } missed:
                // Only the service's own follow-up check may claim it detected a miss; an EHR reports what it saw.
                errors.Add(("data.systemDetected", "is set only by the service"));
                return (missed, errors);

            default:
                return (data, errors);
        }
    }
}
