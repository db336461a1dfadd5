using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.People;

namespace PcCovid.Web.Features.People;

/// <summary>
/// <see cref="PersonPhone.IsOwnNumber"/> as a query: the phone rows that are their holder's own number today. The
/// migration stores the numbers typed on old-app records for the persons they were linked to (self-declared), so a
/// number a person holds is not always theirs: first sign-in (<c>ConfirmIdentity</c>) and "an elderly person without
/// a phone" (the household guardianship) look at own numbers only. A person merged into another holds nothing.
/// </summary>
public static class OwnPhones
{
    public static Expression<Func<PersonPhone, bool>> Of(PcCovidDbContext db, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(db);
        DateOnly adultBy = PersonPhone.AdultsBornOnOrBefore(today);
        DateOnly elderBy = PersonPhone.ElderlyBornOnOrBefore(today);
        int adultYear = adultBy.Year, elderYear = elderBy.Year;
        return ph => ph.Provenance.IsAuthoritative
            || (db.People.Any(p => p.Id == ph.PersonId && (p.BirthDay != null ? p.BirthDay <= adultBy : p.BirthYear <= adultYear))
                && !db.PersonPhones.Any(other => other.E164 == ph.E164 && other.PersonId != ph.PersonId
                    && db.People.Any(p => p.Id == other.PersonId && p.MergedIntoPersonId == null
                        && (p.BirthDay != null ? p.BirthDay <= adultBy && p.BirthDay > elderBy : p.BirthYear <= adultYear && p.BirthYear > elderYear))));
    }

    /// <summary>
    /// Which of these persons have a phone of their own (<see cref="Of"/>), for "an elderly person without a phone".
    /// A number the old apps gave them that an adult of working age holds too (a son's number typed on his mother's
    /// records) is not hers: migrating it must not end the household guardianship of a grandmother without a phone.
    /// </summary>
    public static async Task<HashSet<long>> HoldersAsync(PcCovidDbContext db, List<long> personIds, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(personIds);
        if (personIds.Count == 0)
        {
            return [];
        }

        return (await db.PersonPhones.AsNoTracking().Where(ph => personIds.Contains(ph.PersonId)).Where(Of(db, today))
            .Select(ph => ph.PersonId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
    }
}
