using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;

namespace PcCovid.Web.Features.Rules;

/// <summary>
/// Adds the shipped 2021–2022 history to the rules table, idempotently: a shipped version is added
/// only when its key and scope have no version starting on the same date. A shipped version that would
/// overlap what an administrator added is left out (and logged), never forced in. All in one save.
/// </summary>
public sealed class RuleHistorySeeder(PcCovidDbContext db, RuleCache cache, TimeProvider clock, ILogger<RuleHistorySeeder> logger)
{
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        List<RuleVersion> existing = await db.RuleVersions.ToListAsync(cancellationToken).ConfigureAwait(false);
        var book = new RuleBook(existing);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        int added = 0;
        foreach (ShippedRule shipped in ShippedRuleHistory.Load())
        {
            string scope = RuleScope.Parse(shipped.Scope).ToString();
            if (existing.Any(v => v.Key == shipped.Key && v.Scope == scope && v.EffectiveFrom == shipped.EffectiveFrom))
            {
                continue;
            }

            try
            {
                (RuleVersion version, _) = book.Add(shipped.Key, RuleScope.Parse(shipped.Scope), shipped.EffectiveFrom, shipped.EffectiveTo,
                    shipped.Value.GetRawText(), shipped.Citations, shipped.Note, closeOpenVersion: false, now, by: null);
                db.RuleVersions.Add(version);
                added++;
            }
            catch (DomainException exception)
            {
                logger.LogWarning("Shipped rule {Key} {Scope} from {From} not added: {Reason}", shipped.Key, scope, shipped.EffectiveFrom, exception.Message);
            }
        }

        if (added > 0)
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            cache.Invalidate();
            logger.LogInformation("Rule history: {Count} shipped versions added", added);
        }

        return added;
    }
}
