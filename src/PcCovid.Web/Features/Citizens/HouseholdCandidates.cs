using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.People;

namespace PcCovid.Web.Features.Citizens;

/// <summary>A household member the signed-in citizen could take as a dependant, and on what basis.</summary>
public sealed record HouseholdCandidate(long PersonId, string FullName, int BirthYear, string Relation, string Basis);

/// <summary>
/// The members of the citizen's household (from the population database) who qualify as dependants:
/// minors, and people of 60 or more with no phone number of their own (<see cref="OwnPhones.HoldersAsync"/>).
/// </summary>
public sealed class HouseholdCandidates(PcCovidDbContext db, Guardians guardians, TimeProvider clock)
{
    public async Task<IReadOnlyList<HouseholdCandidate>> ForAsync(long personId, CancellationToken cancellationToken)
    {
        string? household = await db.People.Where(p => p.Id == personId).Select(p => p.HouseholdCode).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (household is null)
        {
            return [];
        }

        return await ForAsync(personId, household, await guardians.DependantsOfAsync(personId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The same for a caller that has already read the citizen's household code and dependants in this request
    /// (the home page): one query, the household's members.
    /// </summary>
    public async Task<IReadOnlyList<HouseholdCandidate>> ForAsync(long personId, string? household, IReadOnlyList<DependantSummary> dependants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dependants);
        if (household is null)
        {
            return [];
        }

        var members = await db.People.AsNoTracking()
            .Where(p => p.HouseholdCode == household && p.Id != personId)
            .Select(p => new { p.Id, p.FullName, p.BirthYear, p.BirthDay, p.RelationToHead })
            .Take(50) // a household register has a handful of members; the cap guards a bad code shared by thousands
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        HashSet<long> already = dependants.Select(d => d.PersonId).ToHashSet();
        var others = members.Where(m => !already.Contains(m.Id)).ToList();
        DateOnly today = VietnamTime.Today(clock);
        HashSet<long> withOwnPhone = await OwnPhones.HoldersAsync(db, others.Select(m => m.Id).ToList(), today, cancellationToken).ConfigureAwait(false);
        return others
            .Select(m => (Member: m, Basis: Guardianship.HouseholdBasis(m.BirthYear, m.BirthDay, withOwnPhone.Contains(m.Id), today)))
            .Where(x => x.Basis is not null)
            .Select(x => new HouseholdCandidate(x.Member.Id, x.Member.FullName, x.Member.BirthYear, x.Member.RelationToHead?.ToString() ?? string.Empty, Guardians.BasisCode(x.Basis!.Value)))
            .ToList();
    }
}
