namespace PcCovid.Web.Infrastructure.Security;

/// <summary>
/// The names of the authorisation policies. Every endpoint and page names one of these (or is
/// explicitly anonymous); the access-matrix test fails for any that does not.
/// </summary>
public static class AccessPolicies
{
    /// <summary>A signed-in citizen whose account is linked to a person of the registry.</summary>
    public const string Citizen = "citizen";

    /// <summary>A signed-in citizen account not yet confirmed against the registry (may only confirm).</summary>
    public const string CitizenPendingConfirmation = "citizen-pending-confirmation";

    /// <summary>Any staff member signed in with password and second factor.</summary>
    public const string Staff = "staff";

    public const string Epidemiologist = "epidemiologist";

    public const string DataSteward = "data-steward";

    public const string Auditor = "auditor";

    public const string Administrator = "administrator";

    public const string VenueOperator = "venue-operator";

    public const string Lab = "lab";

    public const string VaccinationSite = "vaccination-site";

    public const string BorderOfficer = "border-officer";
}
