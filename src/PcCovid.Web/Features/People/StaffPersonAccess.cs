using PcCovid.Domain.Access;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.People;

/// <summary>
/// The two checks before a staff member sees anyone's data: a purpose from the fixed list that fits
/// the role, and a person inside the jurisdiction (facility roles, who test or vaccinate whoever comes,
/// may look a person up by exact ID anywhere but never browse).
/// </summary>
public static class StaffPersonAccess
{
    public static string? PurposeProblem(CurrentActor actor, string? purposeCode, out AccessPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(actor);
        StaffRole role = actor.Role ?? throw new InvalidOperationException("A staff endpoint was reached without a role.");
        if (!AccessPurposes.TryParse(purposeCode, out purpose))
        {
            return "Cần nêu mục đích truy cập (tham số purpose). / State the purpose of access (parameter 'purpose'). Allowed for your role: "
                + string.Join(", ", PurposeRules.AllowedFor(role).Select(p => p.Code()));
        }

        return role.Allows(purpose)
            ? null
            : $"Mục đích '{purpose.Code()}' không dành cho vai trò của bạn. / The purpose '{purpose.Code()}' is not one your role may state. Allowed: "
                + string.Join(", ", PurposeRules.AllowedFor(role).Select(p => p.Code()));
    }

    public static bool Covers(CurrentActor actor, string? provinceCode, string? districtCode, string? communeCode)
    {
        ArgumentNullException.ThrowIfNull(actor);
        AccessScope? scope = actor.Scope;
        return scope is { } s && (s.Kind == ScopeKind.Facility || s.Covers(provinceCode, districtCode, communeCode));
    }

    /// <summary>
    /// Whether the staff member may open this person's record or list people of this place: inside their
    /// jurisdiction, and never from a facility scope (a lab or site finds a person by exact ID only).
    /// </summary>
    public static bool MayBrowse(CurrentActor actor, string? provinceCode, string? districtCode, string? communeCode)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Scope is { Kind: not ScopeKind.Facility } scope && scope.Covers(provinceCode, districtCode, communeCode);
    }
}
