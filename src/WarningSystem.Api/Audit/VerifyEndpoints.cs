namespace WarningSystem.Audit;

/// <summary>
/// Whether a patient's or a clinic's stored events still match their seals in the hash chain. <c>checked</c> counts
/// the sealed events verified; <c>firstBreak</c> names the first that does not match.
/// </summary>
public static class VerifyEndpoints
{
    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/clinics/{clinicId}/patients/{patientId}/verify")]
    public static async Task<ChainVerification> Patient(string clinicId, string patientId, HttpContext context,
        ChainVerifier verifier, CancellationToken token) =>
        Counted(context, await verifier.PatientAsync(clinicId, patientId, token));

    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/clinics/{clinicId}/verify")]
    public static async Task<ChainVerification> Clinic(string clinicId, HttpContext context, ChainVerifier verifier,
        CancellationToken token) =>
        Counted(context, await verifier.ClinicAsync(clinicId, token));

    static ChainVerification Counted(HttpContext context, ChainVerification result)
    {
        context.Items[ReadCount.Key] = (int)result.Checked;
        return result;
    }
}
