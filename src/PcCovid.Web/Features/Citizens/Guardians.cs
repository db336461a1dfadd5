using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.People;

namespace PcCovid.Web.Features.Citizens;

/// <summary>A dependant as the guardian sees them in the switcher.</summary>
public sealed record DependantSummary(long PersonId, string FullName, int BirthYear, string Basis, DateTime GrantedAtUtc);

/// <summary>A guardian as the dependant sees them.</summary>
public sealed record GuardianSummary(long PersonId, string FullName, string Basis, DateTime GrantedAtUtc);

/// <summary>
/// The guardianships in force for a person. A household basis is checked again today: a child who
/// turned 18 is no longer a dependant even if nobody revoked it, so it lapses without a job.
/// </summary>
public sealed class Guardians(PcCovidDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<DependantSummary>> DependantsOfAsync(long guardianPersonId, CancellationToken cancellationToken)
    {
        var rows = await db.Guardianships.AsNoTracking()
            .Where(g => g.GuardianPersonId == guardianPersonId && g.RevokedAtUtc == null)
            .Join(db.People, g => g.DependantPersonId, p => p.Id, (g, p) => new { g.Basis, g.GrantedAtUtc, p.Id, p.FullName, p.BirthYear, p.BirthDay })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        DateOnly today = VietnamTime.Today(clock);
        HashSet<long> withOwnPhone = await OwnPhones.HoldersAsync(db, rows.Where(r => r.Basis != GuardianshipBasis.Consent).Select(r => r.Id).ToList(), today, cancellationToken).ConfigureAwait(false);
        return rows
            .Where(r => r.Basis == GuardianshipBasis.Consent || Guardianship.HouseholdBasis(r.BirthYear, r.BirthDay, withOwnPhone.Contains(r.Id), today) is not null)
            .Select(r => new DependantSummary(r.Id, r.FullName, r.BirthYear, BasisCode(r.Basis), r.GrantedAtUtc))
            .OrderBy(r => r.BirthYear).ThenBy(r => r.PersonId)
            .ToList();
    }

    public async Task<IReadOnlyList<GuardianSummary>> GuardiansOfAsync(long dependantPersonId, CancellationToken cancellationToken)
    {
        var rows = await db.Guardianships.AsNoTracking()
            .Where(g => g.DependantPersonId == dependantPersonId && g.RevokedAtUtc == null)
            .Join(db.People, g => g.GuardianPersonId, p => p.Id, (g, p) => new { g.Basis, g.GrantedAtUtc, p.Id, p.FullName })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new GuardianSummary(r.Id, r.FullName, BasisCode(r.Basis), r.GrantedAtUtc)).ToList();
    }

    /// <summary>True when the signed-in person may see and act on the given person's data: themselves or a dependant in force.</summary>
    public async Task<bool> MayActForAsync(long signedInPersonId, long personId, CancellationToken cancellationToken) =>
        personId == signedInPersonId
        || (await DependantsOfAsync(signedInPersonId, cancellationToken).ConfigureAwait(false)).Any(d => d.PersonId == personId);

    public static string BasisCode(GuardianshipBasis basis) => basis switch
    {
        GuardianshipBasis.HouseholdMinor => "household-minor",
        GuardianshipBasis.HouseholdElderlyWithoutPhone => "household-elderly-without-phone",
        _ => "consent",
    };
}
