using PcCovid.Domain.Access;
using PcCovid.Web.Infrastructure.Localization;

namespace PcCovid.Web.Pages.Staff;

/// <summary>What the purpose selection shows: the purposes the role may state, the one stated (if any), and the other query values to keep.</summary>
public sealed record PurposeChoice(StaffRole? Role, string? Current, IReadOnlyDictionary<string, string?>? Keep = null)
{
    public IReadOnlyList<AccessPurpose> Allowed => Role is { } role ? PurposeRules.AllowedFor(role) : [];

    /// <summary>The stated purpose when it is one the role may state.</summary>
    public bool IsStated => AccessPurposes.TryParse(Current, out AccessPurpose p) && Allowed.Contains(p);

    public static string Label(AccessPurpose purpose) => PcCovidLocalization.IsEnglish ? purpose.English() : purpose.Vietnamese();
}
