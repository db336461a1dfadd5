using System.Globalization;
using System.Security.Claims;
using PcCovid.Domain.Access;

namespace PcCovid.Web.Infrastructure.Security;

/// <summary>
/// Who is making the current request, read from the signed-in principal: what the use cases check
/// (jurisdiction, role) and what the audit log records (actor, role, scope, address).
/// </summary>
public sealed class CurrentActor(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal User => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public Guid? AccountId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out Guid id) ? id : null;

    public bool IsCitizen => User.HasClaim(PcCovidClaims.AccountKind, "citizen");

    public bool IsStaff => User.HasClaim(PcCovidClaims.AccountKind, "staff");

    /// <summary>The registry person of a confirmed citizen account.</summary>
    public long? PersonId => long.TryParse(User.FindFirstValue(PcCovidClaims.PersonId), NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : null;

    public StaffRole? Role => StaffRoles.TryParse(User.FindFirstValue(PcCovidClaims.StaffRole), out StaffRole role) ? role : null;

    public AccessScope? Scope => AccessScope.TryParse(User.FindFirstValue(PcCovidClaims.Scope), out AccessScope scope) ? scope : null;

    /// <summary>The role as the audit log writes it: a staff role code, "citizen", or "anonymous".</summary>
    public string RoleName => Role?.Code() ?? (IsCitizen ? "citizen" : "anonymous");

    public string? SourceAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public Guid RequireAccountId() => AccountId ?? throw new InvalidOperationException("The request is not signed in; its endpoint should have required it.");

    public long RequirePersonId() => PersonId ?? throw new InvalidOperationException("The account is not linked to a person; its endpoint should have required it.");
}
