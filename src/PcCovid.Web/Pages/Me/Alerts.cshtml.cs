using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.Quarantine;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.Quarantine;
using PcCovid.Web.Features.Tracing;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Me;

/// <summary>
/// Exposure alerts (my notification feed) and quarantine: each order of whoever is shown with what to
/// do, days left, the next test day, the reports so far and today's symptom check-in form (the same use
/// cases as <c>/api/me/notifications</c> and <c>/api/me/quarantine</c>).
/// </summary>
[Authorize(Policy = AccessPolicies.Citizen)]
public sealed class AlertsModel(PcCovidDbContext db, Guardians guardians, TimeProvider clock, CurrentActor actor) : PageModel
{
    public static IReadOnlyCollection<string> Symptoms => SymptomCheckIn.KnownSymptoms;

    public CitizenSubject Subject { get; private set; } = null!;

    public IReadOnlyList<TracingEndpoints.NotificationResponse> Alerts { get; private set; } = [];

    public IReadOnlyList<QuarantineEndpoints.MyOrder> Orders { get; private set; } = [];

    public DateOnly Today { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Subject = await CitizenSubject.ResolveAsync(db, guardians, actor, cancellationToken);
        Today = VietnamTime.Today(clock);
        if ((await TracingEndpoints.ListMineAsync(db, actor, before: null, limit: 20, cancellationToken)).Result is Ok<KeysetPage<TracingEndpoints.NotificationResponse>> alerts)
        {
            Alerts = alerts.Value!.Items;
        }

        if ((await QuarantineEndpoints.MineAsync(Subject.PersonId, db, guardians, actor, clock, cancellationToken)).Result is Ok<IReadOnlyList<QuarantineEndpoints.MyOrder>> orders)
        {
            Orders = orders.Value!;
        }
    }

    /// <summary>Today's symptom check-in for an order (none ticked = no symptoms); the temperature with a comma or a point.</summary>
    public async Task<IActionResult> OnPostSymptomsAsync(long orderId, string[]? symptoms, string? temperature, CancellationToken cancellationToken)
    {
        decimal? celsius = null;
        if (!string.IsNullOrWhiteSpace(temperature))
        {
            if (!decimal.TryParse(temperature.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal parsed))
            {
                Message = "bad-temperature";
                return RedirectToPage();
            }

            celsius = parsed;
        }

        try
        {
            IResult result = (await QuarantineEndpoints.ReportAsync(orderId, new QuarantineEndpoints.SymptomRequest(null, symptoms ?? [], celsius), db, guardians, actor, clock, cancellationToken)).Result;
            if (result is not NoContent)
            {
                return NotFound();
            }

            Message = "reported";
        }
        catch (DomainException exception)
        {
            Message = exception.Message;
        }

        return RedirectToPage();
    }
}
