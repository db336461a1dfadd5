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

    /// <summary>Staff who approve and disable venues inside their jurisdiction: epidemiologists (commune up) and administrators.</summary>
    public const string VenueApproval = "venue-approval";

    public const string Lab = "lab";

    public const string VaccinationSite = "vaccination-site";

    public const string BorderOfficer = "border-officer";

    /// <summary>Staff who may find a person by exact citizen ID for their work (tracing, results, doses, entry, review).</summary>
    public const string PersonLookup = "person-lookup";

    /// <summary>Staff who may open a person's full record inside their jurisdiction.</summary>
    public const string PersonRecord = "person-record";

    /// <summary>A staff member signed in with a password who has not yet enrolled a second factor: may only enrol.</summary>
    public const string StaffEnrolling = "staff-enrolling";
}
