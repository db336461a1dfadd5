using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Data;
using PcCovid.Web.Features.Population;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Pages;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class IndexModel(PcCovidDbContext db, ReferenceData reference) : PageModel
{
    public PopulationEndpoints.SummaryResponse Summary { get; private set; } = new(0, []);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Summary = (await PopulationEndpoints.GetSummaryAsync(db, reference, cancellationToken)).Value!;
    }
}
