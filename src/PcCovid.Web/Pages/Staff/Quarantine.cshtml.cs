using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Web.Features.Quarantine;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>
/// The people of a commune under an active quarantine or isolation order: days left, next test day,
/// symptoms flagged by their latest daily report. The list use case of the API (purpose, jurisdiction,
/// keyset, audited); orders are issued for several F1s at once from a case's page.
/// </summary>
[Authorize(Policy = AccessPolicies.Epidemiologist)]
public sealed class QuarantineModel(PcCovidDbContext db, ReferenceData reference, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Purpose { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Commune { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? After { get; set; }

    public PurposeChoice Choice => new(actor.Role, Purpose, new Dictionary<string, string?> { ["commune"] = Commune });

    /// <summary>The communes to choose from (a commune or district scope); empty for wider scopes, which type a code.</summary>
    public IReadOnlyList<AdministrativeUnit> Communes { get; private set; } = [];

    public KeysetPage<QuarantineEndpoints.OrderSummary>? Orders { get; private set; }

    public long? NextAfter { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        AccessScope? scope = actor.Scope;
        Communes = scope?.Kind switch
        {
            ScopeKind.Commune when reference.Catalog.FindCommune(scope.Value.Code) is { } unit => [unit],
            ScopeKind.District => reference.Catalog.ChildrenOf(scope.Value.Code),
            _ => [],
        };
        Commune ??= Communes.Count > 0 ? Communes[0].Code : null;
        if (!Choice.IsStated || Commune is null)
        {
            return;
        }

        var result = await QuarantineEndpoints.ListAsync(Commune, Purpose, After, 100, db, reference, actor, audit, clock, cancellationToken);
        switch (result.Result)
        {
            case Ok<KeysetPage<QuarantineEndpoints.OrderSummary>> ok:
                Orders = ok.Value;
                NextAfter = ok.Value!.Next is null ? null : ok.Value.Items[^1].Id;
                break;
            case ProblemHttpResult problem:
                Problem = problem.ProblemDetails.Detail;
                break;
        }
    }

    public static string Date(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
