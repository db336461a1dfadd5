using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Vaccination;

/// <summary>
/// A data steward links an imported row waiting for review to the person it belongs to: the dose is
/// written from the kept row (same provenance as if the import had matched it), flagged against the
/// interval rule, the review row marked resolved, both audited in one unit of work.
/// </summary>
public sealed class LinkDoseReview(PcCovidDbContext db, ReferenceData reference, DoseIntervalFlags flags, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock)
{
    public sealed record Request(long PersonId);

    /// <summary>Null when the review row or the person does not exist (404).</summary>
    public async Task<DoseResponse?> HandleAsync(long reviewId, Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        DoseReview? review = await db.DoseReviews.SingleOrDefaultAsync(r => r.Id == reviewId, cancellationToken).ConfigureAwait(false);
        Person? person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.PersonId, cancellationToken).ConfigureAwait(false);
        if (review is null || person is null)
        {
            return null;
        }

        List<string>? fields = TiemChungRow.Split(review.RawRow, out string? problem);
        TiemChungRow row = (fields is null ? null : TiemChungRow.Parse(fields, reference.Vaccines, out problem))
            ?? throw new DomainException("Dòng đã lưu không đọc được / The kept row cannot be read: " + problem);
        List<Dose> existing = await db.Doses.Where(d => d.PersonId == person.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (existing.Any(d => d.DoseNumber == row.DoseNumber))
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"Người này đã có mũi {row.DoseNumber} / This person already has dose {row.DoseNumber}."));
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        var provenance = new Provenance(review.SourceSystem, review.SourceRecordId, now, isAuthoritative: true);
        Dose dose = Dose.Record(person.Id, row.DoseNumber, row.Product, row.Lot, row.AdministeredOn, VietnamTime.Today(clock),
            null, row.SiteCode, row.SiteName, row.Reaction, provenance, actor.AccountId, review.ImportRunId);
        dose.Flag(await flags.CheckAsync(DoseIntervalFlags.Fact(dose), existing.Select(DoseIntervalFlags.Fact), person.ProvinceCode, cancellationToken).ConfigureAwait(false));
        await flags.RecheckNextAsync(dose, existing, person.ProvinceCode, cancellationToken).ConfigureAwait(false);
        db.Doses.Add(dose);
        review.Resolve(person.Id, actor.AccountId, now);
        audit.Record(person.Id, "vaccination.review.link", AccessPurpose.IdentityResolution,
            string.Create(CultureInfo.InvariantCulture, $"review {review.Id} dose {dose.DoseNumber}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return DoseResponse.From(dose);
    }
}
