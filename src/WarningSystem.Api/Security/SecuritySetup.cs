namespace WarningSystem.Security;

public static class SecuritySetup
{
    public static StoreOptions ConfigureSecurity(this StoreOptions opts)
    {
        // A key may be granted several clinics (auditors), so it belongs to none of them.
        opts.Schema.For<ApiKey>().SingleTenanted();
        opts.Schema.For<AccessDenied>().Index(a => a.At);
        return opts;
    }
}
