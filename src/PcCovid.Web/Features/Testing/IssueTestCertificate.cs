using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.People;
using PcCovid.Domain.Testing;
using PcCovid.Web.Features.Certificates;
using PcCovid.Web.Features.Vaccination;

namespace PcCovid.Web.Features.Testing;

/// <summary>
/// Issues the EU DCC test certificate of a person from their latest individual result that has an
/// outcome (a pooled sample is not an individual result; an inconclusive result certifies nothing):
/// <c>tt</c> NAAT or rapid antigen, <c>sc</c> the sample time, <c>tr</c> detected / not detected, <c>tc</c>
/// the lab. Calls <see cref="IssueCertificate"/>.
/// </summary>
public sealed class IssueTestCertificate(PcCovidDbContext db, IssueCertificate issue)
{
    /// <summary>Null when the person does not exist or has no individual result to certify.</summary>
    public async Task<IssueCertificate.Response?> HandleAsync(long personId, CancellationToken cancellationToken)
    {
        Person? person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken).ConfigureAwait(false);
        if (person is null)
        {
            return null;
        }

        var latest = await db.LabResults.AsNoTracking()
            .Where(r => r.PersonId == personId && r.PoolId == null && r.Outcome != LabOutcome.Inconclusive)
            .OrderByDescending(r => r.SampledAtUtc).ThenByDescending(r => r.Id)
            .Join(db.Facilities, r => r.LabFacilityId, f => f.Id, (r, f) => new { Result = r, Lab = f.Name })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (latest is null)
        {
            return null;
        }

        (string family, string? given) = IssueVaccinationCertificate.SplitName(person.FullName);
        var test = new IssueCertificate.TestInput(
            latest.Result.TestType.DccTestType(),
            NaatName: null,
            RatDevice: null,
            new DateTimeOffset(latest.Result.SampledAtUtc, TimeSpan.Zero),
            latest.Result.Outcome.Snomed(),
            latest.Lab);
        return await issue.IssueAsync(new IssueCertificate.Request(family, given, DateOfBirth(person), Vaccination: null, test, Recovery: null), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The DCC <c>dob</c>: the full date, or the year alone when only the year is known.</summary>
    public static string DateOfBirth(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.BirthDay is { } day
            ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : person.BirthYear.ToString(CultureInfo.InvariantCulture);
    }
}
