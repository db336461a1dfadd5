using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.Declarations;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Declarations;

/// <summary>
/// Records one health declaration (from the citizen app or a legacy import) and, when it reports a
/// symptom or an exposure, puts the person on the follow-up list of the commune of the declaration's
/// contact address (else their residence). Historical legacy declarations are stored without follow-up:
/// the local CDC follows what people declare now, not what they declared in 2020.
/// </summary>
public sealed class SubmitDeclaration(PcCovidDbContext db, ReferenceData reference, TimeProvider clock)
{
    /// <summary>
    /// Adds the declaration (and its follow-up entry) to the context and saves it. Refuses impossible
    /// input with a <see cref="DomainException"/> before anything is added.
    /// </summary>
    public async Task<HealthDeclaration> HandleAsync(
        long personId,
        long? declaredByPersonId,
        DeclarationKind kind,
        DateTime submittedAtUtc,
        DeclarationAnswers answers,
        TravelDetails? travel,
        DeclarationAddress? address,
        Provenance provenance,
        CancellationToken cancellationToken)
    {
        DateTime now = clock.GetUtcNow().UtcDateTime;
        address = CheckedAddress(address);
        HealthDeclaration declaration = HealthDeclaration.Declare(personId, declaredByPersonId, kind, submittedAtUtc, answers, travel, address, provenance, now);
        db.HealthDeclarations.Add(declaration);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (declaration.NeedsFollowUp)
        {
            (string? province, string? district, string? commune) = (declaration.ProvinceCode, declaration.DistrictCode, declaration.CommuneCode);
            if (commune is null)
            {
                var home = await db.People.AsNoTracking().Where(p => p.Id == personId)
                    .Select(p => new { p.ProvinceCode, p.DistrictCode, p.CommuneCode }).SingleAsync(cancellationToken).ConfigureAwait(false);
                (province, district, commune) = (home.ProvinceCode, home.DistrictCode, home.CommuneCode);
            }

            if (commune is not null && province is not null && district is not null)
            {
                db.FollowUpEntries.Add(FollowUpEntry.For(declaration, province, district, commune, now));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return declaration;
    }

    /// <summary>A contact address must be a consistent commune of the catalogue, or be left out.</summary>
    public DeclarationAddress? CheckedAddress(DeclarationAddress? address)
    {
        if (address is null || (address.ProvinceCode is null && address.DistrictCode is null && address.CommuneCode is null))
        {
            return address;
        }

        if (address.ProvinceCode is null || address.DistrictCode is null || address.CommuneCode is null
            || !reference.Catalog.IsConsistent(address.ProvinceCode, address.DistrictCode, address.CommuneCode))
        {
            throw new DomainException("Địa chỉ liên hệ không khớp danh mục hành chính / the contact address is not a commune of that district and province");
        }

        return address;
    }
}
