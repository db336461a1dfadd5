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

        return id.Length is 9 or 12
            ? await db.People.AsNoTracking().Where(p => p.CitizenId == id || p.LegacyIdNumber == id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            : null;
    }
}
