using PcCovid.Domain.Rules;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Rules;

namespace PcCovid.Web.Features.Vaccination;

/// <summary>
/// Flags a dose that breaks the <c>vaccination.intervals</c> rule in force on its date in the person's
/// province (the national rule unless the province overrides it). The flag names the rule's source.
/// </summary>
public sealed class DoseIntervalFlags(RuleCache rules)
{
    public async Task<string?> CheckAsync(DoseFact dose, IEnumerable<DoseFact> otherDoses, string? provinceCode, CancellationToken cancellationToken)
    {
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        RuleVersion? version = book.For(RuleKeys.VaccinationIntervals, provinceCode, dose.On);
        string? reason = DoseIntervals.Check(version?.Value as VaccinationIntervalsRule, dose, otherDoses);
        return reason is null ? null : $"{reason} [{version!.SourceDocument}]";
    }

    public static DoseFact Fact(Dose dose)
    {
        ArgumentNullException.ThrowIfNull(dose);
        return new DoseFact(dose.DoseNumber, dose.ProductCode, dose.AdministeredOn);
    }
}
