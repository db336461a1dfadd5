namespace PcCovid.Domain.Audit;

/// <summary>Actor roles that are not staff roles (those are written as the kebab-case <see cref="Access.StaffRole"/>).</summary>
public static class AuditRoles
{
    public const string Citizen = "citizen";

    public const string System = "system";

    public const string ApiClient = "api-client";

    public const string Anonymous = "anonymous";
}
