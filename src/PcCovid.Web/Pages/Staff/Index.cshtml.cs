using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Domain.Access;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>The staff home: who I am here, and the tools my role opens.</summary>
[Authorize(Policy = AccessPolicies.Staff)]
public sealed class IndexModel(CurrentActor actor) : PageModel
{
    public string RoleLabel => actor.Role is { } role ? $"{role.Vietnamese()} / {role.English()}" : string.Empty;

    public string ScopeLabel => actor.Scope?.ToString() ?? string.Empty;

    public bool CanLookUpPeople => actor.Role is StaffRole.Epidemiologist or StaffRole.DataSteward or StaffRole.Lab or StaffRole.VaccinationSite or StaffRole.BorderOfficer;

    public bool IsAuditor => actor.Role == StaffRole.Auditor;

    public bool IsAdministrator => actor.Role == StaffRole.Administrator;

    public void OnGet()
    {
    }
}
