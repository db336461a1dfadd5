using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Testing;
using PcCovid.Web.Features.Certificates;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Features.Vaccination;

namespace PcCovid.Web.Features.Testing;

/// <summary>
/// Issues the EU DCC recovery certificate of a person from their latest case: <c>fr</c> is the sample
/// date (Vietnam time) of the case's first positive NAAT — a rapid antigen test alone does not certify
/// recovery — and <c>df</c>/<c>du</c> come from the rule <c>certificate.recovery</c> in force in the
/// person's province on that date. Null once the window has closed.
/// </summary>
public sealed class IssueRecoveryCertificate(PcCovidDbContext db, IssueCertificate issue, RuleCache rules, TimeProvider clock)
{
    public async Task<IssueCertificate.Response?> HandleAsync(long personId, CancellationToken cancellationToken)
    {
        Person? person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken).ConfigureAwait(false);
        if (person is null)
        {
            return null;
        }

        DateTime? caseStart = await db.Cases.AsNoTracking().Where(c => c.PersonId == personId && c.FirstPositiveSampledAtUtc != null)
            .OrderByDescending(c => c.FirstPositiveSampledAtUtc)
            .Select(c => c.FirstPositiveSampledAtUtc)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (caseStart is null)
        {
            return null;
        }

        DateTime? firstNaat = await db.LabResults.AsNoTracking()
            .Where(r => r.PersonId == personId && r.Outcome == LabOutcome.Positive && r.TestType == LabTestType.RtPcr && r.SampledAtUtc >= caseStart.Value)
            .OrderBy(r => r.SampledAtUtc)
            .Select(r => (DateTime?)r.SampledAtUtc)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (firstNaat is null)
        {
            return null;
        }

        DateOnly firstPositive = DateOnly.FromDateTime(VietnamTime.ToVietnam(firstNaat.Value).DateTime);
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        var rule = book.For(RuleKeys.RecoveryCertificate, person.ProvinceCode, firstPositive)?.Value as RecoveryCertificateRule
            ?? throw new DomainException("Chưa có quy tắc chứng nhận khỏi bệnh cho ngày này / No recovery-certificate rule is in force on that date.");
        if (rule.ValidUntil(firstPositive) < VietnamTime.Today(clock))
        {
            return null;
        }

        (string family, string? given) = IssueVaccinationCertificate.SplitName(person.FullName);
        var recovery = new IssueCertificate.RecoveryInput(firstPositive, rule.ValidFrom(firstPositive), rule.ValidUntil(firstPositive));
        return await issue.IssueAsync(new IssueCertificate.Request(family, given, IssueTestCertificate.DateOfBirth(person), Vaccination: null, Test: null, recovery), cancellationToken).ConfigureAwait(false);
    }
}
