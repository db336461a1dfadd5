using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.People;

/// <summary>What a record from an old app or a lab says about whom it is for.</summary>
public sealed record PersonClues(string? IdNumber, string? Phone, string FullName, int? BirthYear);

/// <summary>
/// Matches records (lab results, doses) to people a batch at a time: citizen ID (12 digits; a 9-digit old CMND; lost
/// leading zeros restored), then phone + folded name + birth year. Exactly one candidate is a match;
/// none or several go to review. Three queries per batch whatever its size, never one per row.
/// </summary>
public sealed class PersonMatcher(PcCovidDbContext db, ReferenceData reference)
{
    public async Task<PersonMatch[]> MatchAsync(IReadOnlyList<PersonClues> inputs, CancellationToken cancellationToken)
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
                    // A spreadsheet drops leading zeros: 1085012345 was 001085012345. A 12-digit number
                    // may also be an old 12-digit CMND, tried after the citizen ID.
                    citizenIds[i] = CitizenId.RestoreLeadingZeros(id);
                    legacyIds[i] = citizenIds[i];
                }
            }

            if (inputs[i].Phone is { } raw && reference.Phones.Normalize(raw) is { E164: { } e164 })
            {
                phones[i] = e164;
            }
        }

        List<string> citizenKeys = citizenIds.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        Dictionary<string, (long Id, string? Province)> byCitizenId = citizenKeys.Count == 0
            ? []
            : await db.People.AsNoTracking()
                // "IS NOT NULL" first: EF then drops the OR it adds for a null in the list (citizen_id IS NULL AND
                // array_position(...)), which turned PostgreSQL's index scan into a bitmap heap scan (ten times slower).
                .Where(p => p.CitizenId != null && citizenKeys.Contains(p.CitizenId))
                .Select(p => new { p.CitizenId, p.Id, p.ProvinceCode })
                .ToDictionaryAsync(p => p.CitizenId!, p => (p.Id, p.ProvinceCode), StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);

        // An old CMND only where the citizen ID found nobody: a 12-digit number that is a citizen ID needs no second look-up.
        List<string> legacyKeys = legacyIds.Where((l, i) => l is not null && !(citizenIds[i] is { } c && byCitizenId.ContainsKey(c)))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        ILookup<string, (long Id, string? Province)> byLegacyId = legacyKeys.Count == 0
            ? Array.Empty<(long, string?)>().ToLookup(_ => string.Empty)
            : (await db.People.AsNoTracking()
                .Where(p => p.LegacyIdNumber != null && legacyKeys.Contains(p.LegacyIdNumber))
                .Select(p => new { p.LegacyIdNumber, p.Id, p.ProvinceCode })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToLookup(p => p.LegacyIdNumber!, p => (p.Id, p.ProvinceCode), StringComparer.Ordinal);

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
        ILookup<string, (long Id, string NameKey, int BirthYear, string? Province)> byPhone = phoneList.Count == 0
            ? Array.Empty<(long, string, int, string?)>().ToLookup(_ => string.Empty)
            : (await db.PersonPhones.AsNoTracking()
                .Where(ph => phoneList.Contains(ph.E164))
                .Join(db.People, ph => ph.PersonId, p => p.Id, (ph, p) => new { ph.E164, p.Id, p.NameKey, p.BirthYear, p.ProvinceCode })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToLookup(r => r.E164, r => (r.Id, r.NameKey, r.BirthYear, r.ProvinceCode), StringComparer.Ordinal);

        // Persons a data steward merged into another stand for the survivor: one query for the whole batch.
        List<long> found = [.. byCitizenId.Values.Select(v => v.Id), .. byLegacyId.SelectMany(g => g).Select(v => v.Id), .. byPhone.SelectMany(g => g).Select(v => v.Id)];
        found = found.Distinct().ToList();
        Dictionary<long, (long Id, string? Province)> survivors = found.Count == 0
            ? []
            : await db.People.AsNoTracking()
                .Where(p => found.Contains(p.Id) && p.MergedIntoPersonId != null)
                .Join(db.People, p => p.MergedIntoPersonId, s => s.Id, (p, s) => new { p.Id, SurvivorId = s.Id, s.ProvinceCode })
                .ToDictionaryAsync(r => r.Id, r => (r.SurvivorId, r.ProvinceCode), cancellationToken).ConfigureAwait(false);
        (long Id, string? Province) Resolve((long Id, string? Province) p) => survivors.TryGetValue(p.Id, out var s) ? s : p;
        if (survivors.Count > 0)
        {
            byCitizenId = byCitizenId.ToDictionary(kv => kv.Key, kv => Resolve(kv.Value), StringComparer.Ordinal);
            byLegacyId = byLegacyId.SelectMany(g => g.Select(v => (g.Key, Value: Resolve(v)))).Distinct().ToLookup(x => x.Key, x => x.Value, StringComparer.Ordinal);
            byPhone = byPhone.SelectMany(g => g.Select(v => (g.Key, Person: v)))
                .Select(x => (x.Key, Value: survivors.TryGetValue(x.Person.Id, out var s) ? (s.Id, x.Person.NameKey, x.Person.BirthYear, s.Province) : x.Person))
                .Distinct().ToLookup(x => x.Key, x => x.Value, StringComparer.Ordinal);
        }

        var matches = new PersonMatch[n];
        for (int i = 0; i < n; i++)
        {
            if (citizenIds[i] is { } c && byCitizenId.TryGetValue(c, out var person))
            {
                matches[i] = PersonMatch.Matched(person.Id, person.Province, "citizen-id");
                continue;
            }

            if (legacyIds[i] is { } l && byLegacyId[l].ToList() is { Count: > 0 } legacy)
            {
                matches[i] = legacy.Count == 1 ? PersonMatch.Matched(legacy[0].Id, legacy[0].Province, "legacy-id") : PersonMatch.Ambiguous(legacy.Select(p => p.Id).ToList());
                continue;
            }

            if (phones[i] is { } phone && byPhone[phone].Any())
            {
                string nameKey = VietnameseText.Fold(inputs[i].FullName);
                int? year = inputs[i].BirthYear;
                var candidates = byPhone[phone]
                    .Where(p => string.Equals(p.NameKey, nameKey, StringComparison.Ordinal) && (year is null || p.BirthYear == year))
                    .Select(p => (p.Id, p.Province)).Distinct().ToList();
                matches[i] = candidates.Count switch
                {
                    1 when year is not null => PersonMatch.Matched(candidates[0].Id, candidates[0].Province, "phone-name-birth-year"),
                    0 => PersonMatch.Unmatched(),
                    _ => PersonMatch.Ambiguous(candidates.Select(p => p.Id).ToList()),
                };
                continue;
            }

            matches[i] = PersonMatch.Unmatched();
        }

        return matches;
    }
}
