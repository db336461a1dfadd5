using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.Risk;
using PcCovid.Web.Features.Risk;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// Puts levels on the demo map: assesses last week and the current week from the demo's people, doses
/// and cases (the demo country is small, so a single case lifts its commune high — a demo, not a forecast).
/// </summary>
public sealed class DemoRiskLevelsSeeder(PcCovidDbContext db, AssessRiskLevels assess, TimeProvider clock, ILogger<DemoRiskLevelsSeeder> logger)
{
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.RiskLevels.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        DateOnly thisWeek = RiskLevel.WeekStartOf(VietnamTime.Today(clock));
        foreach (DateOnly week in new[] { thisWeek.AddDays(-7), thisWeek })
        {
            AssessRiskLevels.Summary summary = await assess.HandleAsync(week, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Demo risk levels for the week of {WeekStart}: {Communes} communes assessed", summary.WeekStart, summary.Communes);
        }
    }
}
