using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Testing;

/// <summary>
/// Matches results to people a batch at a time: citizen ID (12 digits; a 9-digit old CMND; lost
/// leading zeros restored), then phone + folded name + birth year. Exactly one candidate is a match;
/// none or several go to review. Three queries per batch whatever its size, never one per row.
/// </summary>
public sealed class LabPersonMatcher(PcCovidDbContext db, ReferenceData reference)
{
    public async Task<PersonMatch[]> MatchAsync(IReadOnlyList<LabResultInput> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int n = inputs.Count;
        string?[] citizenIds = new string?[n];
        string?[] legacyIds = new string?[n];
        string?[] phones = new string?[n];
        for (int i = 0; i < n; i++)
        {
            string? id = inputs[i].IdNumber;
            if (id is not null && id.Length is >= 9 and <= 12 && id.All(char.IsAsciiDigit))
            {
                if (id.Length == 9)
                {
                    legacyIds[i] = id;
                }
                else
                {
                    // A spreadsheet drops leading zeros: 1085012345 was 001085012345.
                    citizenIds[i] = id.PadLeft(12, '0');
                }
            }

            if (inputs[i].Phone is { } raw && reference.Phones.Normalize(raw) is { E164: { } e164 })
            {
                phones[i] = e164;
            }
        }

        List<string> citizenKeys = citizenIds.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        Dictionary<string, long> byCitizenId = citizenKeys.Count == 0
            ? []
            : await db.People.AsNoTracking()
                .Where(p => citizenKeys.Contains(p.CitizenId!))
                .Select(p => new { p.CitizenId, p.Id })
                .ToDictionaryAsync(p => p.CitizenId!, p => p.Id, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);

        List<string> legacyKeys = legacyIds.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        ILookup<string, long> byLegacyId = legacyKeys.Count == 0
            ? Array.Empty<long>().ToLookup(_ => string.Empty)
            : (await db.People.AsNoTracking()
                .Where(p => legacyKeys.Contains(p.LegacyIdNumber!))
                .Select(p => new { p.LegacyIdNumber, p.Id })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToLookup(p => p.LegacyIdNumber!, p => p.Id, StringComparer.Ordinal);

        // Phones only for rows the IDs did not settle.
        var phoneKeys = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            bool settled = (citizenIds[i] is { } c && byCitizenId.ContainsKey(c)) || (legacyIds[i] is { } l && byLegacyId[l].Any());
            if (!settled && phones[i] is { } phone)
            {
                phoneKeys.Add(phone);
            }
        }

        List<string> phoneList = [.. phoneKeys];
        ILookup<string, (long Id, string NameKey, int BirthYear)> byPhone = phoneList.Count == 0
            ? Array.Empty<(long, string, int)>().ToLookup(_ => string.Empty)
            : (await db.PersonPhones.AsNoTracking()
                .Where(ph => phoneList.Contains(ph.E164))
                .Join(db.People, ph => ph.PersonId, p => p.Id, (ph, p) => new { ph.E164, p.Id, p.NameKey, p.BirthYear })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToLookup(r => r.E164, r => (r.Id, r.NameKey, r.BirthYear), StringComparer.Ordinal);

        var matches = new PersonMatch[n];
        for (int i = 0; i < n; i++)
        {
            if (citizenIds[i] is { } c && byCitizenId.TryGetValue(c, out long person))
            {
                matches[i] = PersonMatch.Matched(person, "citizen-id");
                continue;
            }

            if (legacyIds[i] is { } l && byLegacyId[l].ToList() is { Count: > 0 } legacy)
            {
                matches[i] = legacy.Count == 1 ? PersonMatch.Matched(legacy[0], "legacy-id") : PersonMatch.Ambiguous(legacy);
                continue;
            }

            if (phones[i] is { } phone && byPhone[phone].Any())
            {
                string nameKey = VietnameseText.Fold(inputs[i].FullName);
                int? year = inputs[i].BirthYear;
                List<long> candidates = byPhone[phone]
                    .Where(p => string.Equals(p.NameKey, nameKey, StringComparison.Ordinal) && (year is null || p.BirthYear == year))
                    .Select(p => p.Id).Distinct().ToList();
                matches[i] = candidates.Count switch
                {
                    1 when year is not null => PersonMatch.Matched(candidates[0], "phone-name-birth-year"),
                    0 => PersonMatch.Unmatched(),
                    _ => PersonMatch.Ambiguous(candidates),
                };
                continue;
            }

            matches[i] = PersonMatch.Unmatched();
        }

        return matches;
    }
}
