using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.CheckIns;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Venues;

/// <summary>The venue operator's venues with their status, the poster to print and the scanner to open (keyset pages of 50).</summary>
[Authorize(Policy = AccessPolicies.VenueOperator)]
public sealed class IndexModel(PcCovidDbContext db, CurrentActor actor, ReferenceData reference) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<Venue> Venues { get; private set; } = [];

    public long? NextAfter { get; private set; }

    public bool HasFacility { get; private set; }

    public string CommuneName(string code) => reference.Catalog.FindCommune(code)?.Name ?? code;

    public async Task OnGetAsync(long? after, CancellationToken cancellationToken)
    {
        if (VenueOperator.FacilityOf(actor) is not { } facility)
        {
            return;
        }

        HasFacility = true;
        List<Venue> rows = await db.Venues.AsNoTracking().Where(v => v.FacilityId == facility && v.Id > (after ?? 0))
            .OrderBy(v => v.Id).Take(PageSize + 1).ToListAsync(cancellationToken);
        Venues = rows.Take(PageSize).ToList();
        NextAfter = rows.Count > PageSize ? rows[PageSize - 1].Id : null;
    }
}
