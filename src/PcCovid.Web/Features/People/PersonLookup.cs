using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.People;

namespace PcCovid.Web.Features.People;

/// <summary>Finding one person by the number a staff member or a CLI user types.</summary>
public static class PersonLookup
{
    /// <summary>Exact citizen ID (12 digits) or old CMND (9 or 12 digits); leading zeros a spreadsheet dropped are restored.</summary>
    public static async Task<Person?> FindByCitizenIdAsync(PcCovidDbContext db, string? citizenId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        string id = new((citizenId ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (id.Length is 10 or 11)
        {
            id = CitizenId.RestoreLeadingZeros(id);
        }

        Person? found = id.Length is 9 or 12
            ? await db.People.AsNoTracking().Where(p => p.CitizenId == id || p.LegacyIdNumber == id).OrderBy(p => p.MergedIntoPersonId != null).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            : null;
        return await FollowMergesAsync(db, found, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A person a data steward merged into another leads to the survivor (PersonMerge); anyone else to themselves.</summary>
    public static async Task<Person?> FollowMergesAsync(PcCovidDbContext db, Person? person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);

        // A survivor may itself have been merged since: follow the chain (short; bounded against a cycle).
        for (int hop = 0; hop < 8 && person?.MergedIntoPersonId is { } survivor; hop++)
        {
            person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == survivor, cancellationToken).ConfigureAwait(false);
        }

        return person;
    }
}
