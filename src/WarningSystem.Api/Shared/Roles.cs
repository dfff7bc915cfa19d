namespace WarningSystem.Shared;

/// <summary>Who may do what. A credential has one role and the clinics it was granted.</summary>
public static class Roles
{
    public const string Integration = "integration";
    public const string Coordinator = "coordinator";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static readonly string[] All = [Integration, Coordinator, Auditor, Admin];

    /// <summary>Claim types shared by API keys and identity-provider tokens, so one policy serves both.</summary>
    public const string RoleClaim = "role";
    public const string ClinicClaim = "clinic";
    public const string KeyIdClaim = "key_id";
}

/// <summary>Authorization policies, by what the endpoint family does.</summary>
public static class Policies
{
    /// <summary>EHR integrations post events.</summary>
    public const string Ingest = "ingest";
    /// <summary>Coordinators act on alerts.</summary>
    public const string ActOnAlerts = "act-on-alerts";
    /// <summary>Coordinators and auditors read patients, alerts and their histories.</summary>
    public const string ReadClinical = "read-clinical";
    /// <summary>Coordinators, auditors and admins read the clinic's settings.</summary>
    public const string ReadSettings = "read-settings";
    /// <summary>Admins change protocol settings, webhooks and keys.</summary>
    public const string Administer = "administer";
    /// <summary>Auditors (and admins) read the access log.</summary>
    public const string Audit = "audit";
    /// <summary>Auditors and admins try a proposed protocol on the clinic's history (counts only, nothing written).</summary>
    public const string TryProtocol = "try-protocol";
    /// <summary>The EHR (its integration credential) or a coordinator asks for CDS Hooks cards and sends their feedback.</summary>
    public const string DecisionSupport = "decision-support";
    /// <summary>Any role reads the rule catalogue; a clinic's effective settings only with access to it.</summary>
    public const string ReadRules = "read-rules";

    public static readonly IReadOnlyDictionary<string, string[]> RolesFor = new Dictionary<string, string[]>
    {
        [Ingest] = [Roles.Integration],
        [ActOnAlerts] = [Roles.Coordinator],
        [ReadClinical] = [Roles.Coordinator, Roles.Auditor],
        [ReadSettings] = [Roles.Coordinator, Roles.Auditor, Roles.Admin],
        [Administer] = [Roles.Admin],
        [ReadRules] = Roles.All,
        [DecisionSupport] = [Roles.Integration, Roles.Coordinator],
        [Audit] = [Roles.Auditor, Roles.Admin],
        [TryProtocol] = [Roles.Auditor, Roles.Admin],
    };
}
