using PcCovid.Domain.Card;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Testing;
using PcCovid.Web.Features.Rules;

namespace PcCovid.Web.Features.Card;

/// <summary>The card as the app shows it: the colour, why, what would change it, and the rule behind it.</summary>
public sealed record CardResponse(long PersonId, string Colour, string WhyVietnamese, string WhyEnglish, string? NextVietnamese, string? NextEnglish, string RuleScope, int RuleVersion);

/// <summary>
/// Computes a person's COVID card from the card rule of their province in force today (from the in-memory rule
/// book) and their facts, read in one command (<see cref="CardFactsReader"/>). Self-declared doses count only once a
/// site has confirmed them.
/// </summary>
public sealed class ComputeCovidCard(CardFactsReader reader, RuleCache rules, TimeProvider clock)
{
    public async Task<CardResponse?> HandleAsync(long personId, CancellationToken cancellationToken)
    {
        DateTime now = clock.GetUtcNow().UtcDateTime;
        DateOnly today = VietnamTime.Today(clock);
        if (await reader.ReadAsync(personId, today, cancellationToken).ConfigureAwait(false) is not { } rows)
        {
            return null;
        }

        string? province = rows.ProvinceCode;
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        RuleVersion version = book.For(RuleKeys.CardColour, province, today)
            ?? throw new DomainException("Không có quy tắc màu thẻ có hiệu lực / No card-colour rule is in force.");
        var intervals = book.For(RuleKeys.VaccinationIntervals, province, today)?.Value as VaccinationIntervalsRule;

        DateOnly? single = rows.CountedDoses.Where(d => intervals?.For(d.ProductCode)?.PrimaryDoses == 1).Select(d => (DateOnly?)d.AdministeredOn).Min();
        DateTime? recovered = rows.Cases.Where(c => c.Status == CaseStatus.Recovered).Select(c => (DateTime?)c.UpdatedAtUtc).Max();
        var facts = new CardFacts(
            HasActiveCase: rows.Cases.Any(c => c.Status == CaseStatus.Active),
            DoseDates: rows.CountedDoses.Select(d => d.AdministeredOn).Order().ToList(),
            SingleDoseProductOn: single,
            RecoveredOn: recovered is { } r ? DateOnly.FromDateTime(VietnamTime.ToVietnam(r).DateTime) : null,
            LastNegativeTest: rows.LatestNegativeTest is { } negative ? (negative.SampledAtUtc, negative.TestType == LabTestType.RtPcr ? "rt-pcr" : "rapid-antigen") : null,
            InF1Quarantine: rows.InActiveF1Quarantine);
        CardVerdict verdict = CovidCard.Compute((CardColourRule)version.Value, facts, now);
        return new CardResponse(personId, verdict.Colour, verdict.WhyVietnamese, verdict.WhyEnglish, verdict.NextVietnamese, verdict.NextEnglish, version.Scope, version.Version);
    }
}
