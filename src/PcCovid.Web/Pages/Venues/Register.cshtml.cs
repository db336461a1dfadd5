using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.CheckIns;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Venues;

/// <summary>A venue operator registers a venue (pending until the commune approves it).</summary>
[Authorize(Policy = AccessPolicies.VenueOperator)]
public sealed class RegisterModel(PcCovidDbContext db, VenueRegistry registry, CurrentActor actor) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? CommuneCode { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    /// <summary>Text, parsed with a point or a comma whatever the page's language (a form in Vietnamese would read "21.03" as 2103).</summary>
    [BindProperty]
    public string? Latitude { get; set; }

    [BindProperty]
    public string? Longitude { get; set; }

    /// <summary>The registry's reason, "Vietnamese / English": the view shows the half of the language in use.</summary>
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (VenueOperator.FacilityOf(actor) is { } facility)
        {
            CommuneCode = await db.Facilities.Where(f => f.Id == facility).Select(f => f.CommuneCode).FirstOrDefaultAsync(cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (VenueOperator.FacilityOf(actor) is not { } facility)
        {
            return Forbid();
        }

        if (!TryCoordinate(Latitude, out double? latitude) || !TryCoordinate(Longitude, out double? longitude))
        {
            Problem = "Toạ độ không hợp lệ / The coordinates are not numbers";
            return Page();
        }

        try
        {
            await registry.RegisterAsync(facility, new NewVenue(Name, Kind, CommuneCode?.Trim(), Address, latitude, longitude), cancellationToken);
        }
        catch (DomainException exception)
        {
            Problem = exception.Message;
            return Page();
        }

        return Redirect("/diem-den");
    }

    public static string KindCode(VenueKind kind) => kind.Code();

    private static bool TryCoordinate(string? text, out double? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        bool ok = double.TryParse(text.Trim().Replace(',', '.'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double parsed);
        value = ok ? parsed : null;
        return ok;
    }
}
