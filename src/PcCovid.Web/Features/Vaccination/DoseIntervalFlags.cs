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

    /// <summary>
    /// A dose recorded after the one that follows it (the file or the site was late): the following
    /// dose's flag is computed again against the new one. <paramref name="trackedDoses"/> are the
    /// person's other doses, tracked by the unit of work.
    /// </summary>
    public async Task RecheckNextAsync(Dose added, IReadOnlyCollection<Dose> trackedDoses, string? provinceCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(trackedDoses);
        Dose? next = trackedDoses.FirstOrDefault(d => d.DoseNumber == added.DoseNumber + 1);
        if (next is null)
        {
            return;
        }

        IEnumerable<DoseFact> others = trackedDoses.Where(d => !ReferenceEquals(d, next)).Select(Fact).Append(Fact(added));
        next.Flag(await CheckAsync(Fact(next), others, provinceCode, cancellationToken).ConfigureAwait(false));
    }

    public static DoseFact Fact(Dose dose)
    {
        ArgumentNullException.ThrowIfNull(dose);
        return new DoseFact(dose.DoseNumber, dose.ProductCode, dose.AdministeredOn);
    }
}
