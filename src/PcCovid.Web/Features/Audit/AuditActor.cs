using System.Security.Claims;
using PcCovid.Domain.Audit;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Audit;

/// <summary>Who is acting, as the audit log records it: account, role, scope and network address.</summary>
public sealed record AuditActor(Guid? AccountId, string Role, string? Scope, string? SourceAddress)
{
    /// <summary>Imports, jobs and command-line verbs.</summary>
    public static AuditActor System { get; } = new(null, AuditRoles.System, null, null);

    public static AuditActor From(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        ClaimsPrincipal user = http.User;
        Guid? account = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out Guid id) ? id : null;
        string role = user.FindFirstValue(PcCovidClaims.StaffRole)
            ?? user.FindFirstValue(PcCovidClaims.AccountKind)
            ?? (user.Identity?.IsAuthenticated == true ? AuditRoles.ApiClient : AuditRoles.Anonymous);
        return new AuditActor(account, role, user.FindFirstValue(PcCovidClaims.Scope), http.Connection.RemoteIpAddress?.ToString());
    }
}
