namespace PcCovid.Web.Infrastructure.Security;

/// <summary>The claims PcCovid puts in a signed-in principal, beside the Identity ones.</summary>
public static class PcCovidClaims
{
    /// <summary>"citizen" or "staff".</summary>
    public const string AccountKind = "pccovid:kind";

    /// <summary>The registry id of the person a citizen account is linked to.</summary>
    public const string PersonId = "pccovid:person";

    /// <summary>The staff role (a <see cref="PcCovid.Domain.Access.StaffRole"/> name, kebab-case).</summary>
    public const string StaffRole = "pccovid:role";

    /// <summary>The scope of a staff member: "province:79", "district:760", "commune:26734", "facility:12", "national".</summary>
    public const string Scope = "pccovid:scope";
}
