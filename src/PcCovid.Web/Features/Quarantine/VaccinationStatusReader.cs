using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.Quarantine;
using PcCovid.Domain.Rules;

namespace PcCovid.Web.Features.Quarantine;

/// <summary>
/// A person's <see cref="VaccinationStatus"/> from the registry for the quarantine rules: confirmed
/// doses (self-declared ones once a site confirmed them), whether the series is of a single-dose product
/// (the interval rule), and the day a case of theirs recovered.
/// </summary>
public static class VaccinationStatusReader
{
    public static async Task<Dictionary<long, VaccinationStatus>> ForAsync(
        PcCovidDbContext db, IReadOnlyCollection<long> personIds, VaccinationIntervalsRule? intervals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = personIds.ToList();
        var doses = await db.Doses.AsNoTracking()
            .Where(d => ids.Contains(d.PersonId) && (!d.IsSelfDeclared || d.ConfirmedAtUtc != null))
            .Select(d => new { d.PersonId, d.ProductCode, d.AdministeredOn })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var recovered = await db.Cases.AsNoTracking()
            .Where(c => ids.Contains(c.PersonId) && c.Status == CaseStatus.Recovered)
            .GroupBy(c => c.PersonId)
            .Select(g => new { PersonId = g.Key, At = g.Max(c => c.UpdatedAtUtc) })
            .ToDictionaryAsync(x => x.PersonId, x => x.At, cancellationToken).ConfigureAwait(false);
        var byPerson = doses.ToLookup(d => d.PersonId);
        var result = new Dictionary<long, VaccinationStatus>();
        foreach (long id in ids.Distinct())
        {
            var own = byPerson[id].ToList();
            bool single = own.Any(d => intervals?.For(d.ProductCode)?.PrimaryDoses == 1);
            DateOnly? recoveredOn = recovered.TryGetValue(id, out DateTime at) ? DateOnly.FromDateTime(VietnamTime.ToVietnam(at).DateTime) : null;
            result[id] = new VaccinationStatus(own.Count, single, own.Count == 0 ? null : own.Max(d => d.AdministeredOn), recoveredOn);
        }

        return result;
    }
}
