using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.People;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// One open correction request from the demo citizen, so the data steward's list (<c>/can-bo/yeu-cau-sua</c>)
/// has something to answer on the first start and the citizen's "my data" shows it waiting. Does nothing
/// when any request exists.
/// </summary>
public sealed class DemoCorrectionsSeeder(PcCovidDbContext db, TimeProvider clock, ILogger<DemoCorrectionsSeeder> logger)
{
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        long? citizen = await db.Accounts.AsNoTracking().Where(a => a.PersonId != null).OrderBy(a => a.CreatedAtUtc).Select(a => a.PersonId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (citizen is not { } me || await db.CorrectionRequests.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        db.CorrectionRequests.Add(CorrectionRequest.Open(me, me, "vaccinations",
            "Mũi 2 của tôi ghi sai số lô vắc xin; số lô đúng in trên phiếu tiêm là ABV5678.", clock.GetUtcNow().UtcDateTime.AddHours(-3)));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Demo corrections: one open request");
    }
}
