using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Card;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.Quarantine;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Testing;
using PcCovid.Web.Features.Rules;

namespace PcCovid.Web.Features.Card;

/// <summary>The card as the app shows it: the colour, why, what would change it, and the rule behind it.</summary>
public sealed record CardResponse(long PersonId, string Colour, string WhyVietnamese, string WhyEnglish, string? NextVietnamese, string? NextEnglish, string RuleScope, int RuleVersion);

/// <summary>
/// Computes a person's COVID card from the card rule of their province in force today (from the
/// in-memory rule book) and their facts: five small indexed reads (cases, doses, latest negative
/// test, an active F1 quarantine order), no scan. Self-declared doses count only once a site has confirmed them.
/// </summary>
public sealed class ComputeCovidCard(PcCovidDbContext db, RuleCache rules, TimeProvider clock)
{
    public async Task<CardResponse?> HandleAsync(long personId, CancellationToken cancellationToken)
    {
        // Five reads on one open connection: EF would otherwise open and close it around each, and every SQLite open
        // runs the connection's pragmas again (SqlitePragmaInterceptor) — most of a warm card's time. The connection
        // goes back to the pool when the request's DbContext is disposed.
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        string? province = await db.People.Where(p => p.Id == personId).Select(p => p.ProvinceCode).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (province is null && !await db.People.AnyAsync(p => p.Id == personId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        DateOnly today = VietnamTime.Today(clock);
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        RuleVersion version = book.For(RuleKeys.CardColour, province, today)
            ?? throw new DomainException("Không có quy tắc màu thẻ có hiệu lực / No card-colour rule is in force.");
        var intervals = book.For(RuleKeys.VaccinationIntervals, province, today)?.Value as VaccinationIntervalsRule;

        var cases = await db.Cases.AsNoTracking().Where(c => c.PersonId == personId)
            .Select(c => new { c.Status, c.UpdatedAtUtc }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var doses = await db.Doses.AsNoTracking()
            .Where(d => d.PersonId == personId && (!d.IsSelfDeclared || d.ConfirmedAtUtc != null))
            .Select(d => new { d.ProductCode, d.AdministeredOn }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var negative = await db.LabResults.AsNoTracking()
            .Where(r => r.PersonId == personId && r.Outcome == LabOutcome.Negative && r.PoolId == null)
            .OrderByDescending(r => r.SampledAtUtc)
            .Select(r => new { r.SampledAtUtc, r.TestType }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

        bool inQuarantine = await db.QuarantineOrders.AsNoTracking()
            .AnyAsync(o => o.PersonId == personId && o.Kind == QuarantineKind.F1Quarantine && o.Status == QuarantineStatus.Active && o.ReleaseOn > today, cancellationToken).ConfigureAwait(false);
        DateOnly? single = doses.Where(d => intervals?.For(d.ProductCode)?.PrimaryDoses == 1).Select(d => (DateOnly?)d.AdministeredOn).Min();
        DateTime? recovered = cases.Where(c => c.Status == CaseStatus.Recovered).Select(c => (DateTime?)c.UpdatedAtUtc).Max();
        var facts = new CardFacts(
            HasActiveCase: cases.Any(c => c.Status == CaseStatus.Active),
            DoseDates: doses.Select(d => d.AdministeredOn).Order().ToList(),
            SingleDoseProductOn: single,
            RecoveredOn: recovered is { } r ? DateOnly.FromDateTime(VietnamTime.ToVietnam(r).DateTime) : null,
            LastNegativeTest: negative is null ? null : (negative.SampledAtUtc, negative.TestType == LabTestType.RtPcr ? "rt-pcr" : "rapid-antigen"),
            InF1Quarantine: inQuarantine);
        CardVerdict verdict = CovidCard.Compute((CardColourRule)version.Value, facts, now);
        return new CardResponse(personId, verdict.Colour, verdict.WhyVietnamese, verdict.WhyEnglish, verdict.NextVietnamese, verdict.NextEnglish, version.Scope, version.Version);
    }
}
