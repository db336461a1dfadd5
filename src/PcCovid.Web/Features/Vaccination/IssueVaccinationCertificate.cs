using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.People;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Certificates;
using PcCovid.Web.Features.Rules;

namespace PcCovid.Web.Features.Vaccination;

/// <summary>
/// Issues the EU DCC vaccination certificate of a person from their latest confirmed dose: <c>dn</c> is
/// its dose number, <c>sd</c> the primary series of the product the person began with under the
/// interval rule in force on that date (a booster counts as dn/dn, the EU convention), the names as
/// written and transliterated (ICAO), the birth date as known (year only when only the year is).
/// Self-declared doses not yet confirmed by a site do not count. Calls <see cref="IssueCertificate"/>.
/// </summary>
public sealed class IssueVaccinationCertificate(PcCovidDbContext db, IssueCertificate issue, RuleCache rules)
{
    /// <summary>Null when the person does not exist or has no confirmed dose.</summary>
    public async Task<IssueCertificate.Response?> HandleAsync(long personId, CancellationToken cancellationToken)
    {
        Person? person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken).ConfigureAwait(false);
        if (person is null)
        {
            return null;
        }

        List<Dose> doses = await db.Doses.AsNoTracking().Where(d => d.PersonId == personId).ToListAsync(cancellationToken).ConfigureAwait(false);
        List<Dose> confirmed = doses.Where(d => d.IsConfirmed).OrderBy(d => d.DoseNumber).ThenBy(d => d.AdministeredOn).ToList();
        if (confirmed.Count == 0)
        {
            return null;
        }

        Dose latest = confirmed[^1];
        string seriesProduct = confirmed[0].ProductCode;
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        var rule = book.For(RuleKeys.VaccinationIntervals, person.ProvinceCode, latest.AdministeredOn)?.Value as VaccinationIntervalsRule;
        int primary = rule?.For(seriesProduct)?.PrimaryDoses ?? latest.DoseNumber;
        int series = Math.Max(latest.DoseNumber, primary);

        (string family, string? given) = SplitName(person.FullName);
        string dateOfBirth = person.BirthDay is { } day
            ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : person.BirthYear.ToString(CultureInfo.InvariantCulture);
        var request = new IssueCertificate.Request(family, given, dateOfBirth,
            new IssueCertificate.VaccinationInput(latest.VaccineType, latest.MedicinalProduct, latest.Manufacturer, latest.DoseNumber, series, latest.AdministeredOn),
            Test: null, Recovery: null);
        return await issue.IssueAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Vietnamese names are written family name first: "Nguyễn Thị Đào" → ("Nguyễn", "Thị Đào").</summary>
    public static (string Family, string? Given) SplitName(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        string trimmed = fullName.Trim();
        int space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (trimmed, null) : (trimmed[..space], trimmed[(space + 1)..].Trim());
    }
}
