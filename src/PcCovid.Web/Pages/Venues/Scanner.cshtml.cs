using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.CheckIns;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Venues;

/// <summary>
/// The venue's scanner: scans citizens' personal QR codes with the camera (or typed in), verifies them
/// offline with the published key, shows name and colour only, and queues the check-ins in the browser
/// (IndexedDB) until they are sent as a batch with idempotency keys (wwwroot/js/venue-scanner.js).
/// </summary>
[Authorize(Policy = AccessPolicies.VenueOperator)]
public sealed class ScannerModel(PcCovidDbContext db, CurrentActor actor) : PageModel
{
    public Venue? Venue { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        long? facility = VenueOperator.FacilityOf(actor);
        Venue = await db.Venues.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.FacilityId == facility, cancellationToken);
        return Venue is null ? NotFound() : Page();
    }
}
