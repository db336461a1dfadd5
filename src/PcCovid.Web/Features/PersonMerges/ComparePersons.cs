using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.People;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.PersonMerges;

/// <summary>
/// Two persons side by side for a data steward deciding whether they are one human: the fields that agree
/// or disagree, each person's facts counted by kind, the legacy sources that fed each, and whether a merge
/// would be refused with either as the survivor. The read is audited for both (identity resolution).
/// </summary>
public sealed class ComparePersons(PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit)
{
    public sealed record PersonSide(
        long Id,
        string FullName,
        string BirthDate,
        string Sex,
        string? CitizenId,
        string? LegacyIdNumber,
        string? PassportNumber,
        string Nationality,
        IReadOnlyList<string> Phones,
        string? CommuneCode,
        string? HouseholdCode,
        string Source,
        long? MergedIntoPersonId,
        IReadOnlyDictionary<string, int> Facts,
        IReadOnlyDictionary<string, int> LegacySources);

    public sealed record FieldComparison(string Field, string? A, string? B, string Verdict);

    /// <summary><c>RefusalIfASurvives</c>: the refusal (code) a merge keeping A would meet on the persons themselves, or null.</summary>
    public sealed record Comparison(PersonSide A, PersonSide B, IReadOnlyList<FieldComparison> Fields, string? RefusalIfASurvives, string? RefusalIfBSurvives);

    public async Task<Comparison?> HandleAsync(long a, long b, CancellationToken cancellationToken)
    {
        List<Person> both = await db.People.AsNoTracking().Include(p => p.Phones)
            .Where(p => p.Id == a || p.Id == b)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        Person? first = both.FirstOrDefault(p => p.Id == a);
        Person? second = both.FirstOrDefault(p => p.Id == b);
        if (first is null || second is null || !InScope(first) || !InScope(second))
        {
            return null;
        }

        var sources = (await db.LegacyLinks.AsNoTracking()
                .Where(l => l.PersonId == a || l.PersonId == b)
                .GroupBy(l => new { l.PersonId, l.Source })
                .Select(g => new { g.Key.PersonId, g.Key.Source, Count = g.Count() })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(s => s.PersonId!.Value);
        PersonSide left = await SideAsync(first, sources[first.Id].ToDictionary(s => s.Source, s => s.Count, StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        PersonSide right = await SideAsync(second, sources[second.Id].ToDictionary(s => s.Source, s => s.Count, StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        var fields = new List<FieldComparison>
        {
            Compare("name", left.FullName, right.FullName, (x, y) => VietnameseText.Fold(x) == VietnameseText.Fold(y)),
            Compare("birth", left.BirthDate, right.BirthDate, (x, y) => x == y || (x.Length == 4 && y.StartsWith(x, StringComparison.Ordinal)) || (y.Length == 4 && x.StartsWith(y, StringComparison.Ordinal))),
            Compare("sex", left.Sex, right.Sex, (x, y) => x == y),
            Compare("citizen-id", left.CitizenId, right.CitizenId, (x, y) => x == y),
            Compare("cmnd", left.LegacyIdNumber, right.LegacyIdNumber, (x, y) => x == y),
            Compare("passport", left.PassportNumber, right.PassportNumber, (x, y) => x == y),
            Compare("nationality", left.Nationality, right.Nationality, (x, y) => x == y),
            Compare("phone", string.Join(", ", left.Phones), string.Join(", ", right.Phones), (x, y) => left.Phones.Intersect(right.Phones).Any()),
            Compare("commune", left.CommuneCode, right.CommuneCode, (x, y) => x == y),
            Compare("household", left.HouseholdCode, right.HouseholdCode, (x, y) => x == y),
        };
        await audit.RecordReadsAsync([first.Id, second.Id], "person-merge.compare", AccessPurpose.IdentityResolution, $"persons {a} and {b} side by side", cancellationToken).ConfigureAwait(false);
        return new Comparison(left, right, fields, PersonMerge.RefusalFor(first, second)?.Code, PersonMerge.RefusalFor(second, first)?.Code);
    }

    private bool InScope(Person person) =>
        actor.Scope is not { Kind: ScopeKind.Province } scope || person.ProvinceCode == scope.Code;

    private async Task<PersonSide> SideAsync(Person person, IReadOnlyDictionary<string, int> legacySources, CancellationToken cancellationToken)
    {
        // One count per kind of fact (a fixed, small number of indexed counts, not one per row).
        var facts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (PersonReference reference in PersonReferences.All.Where(r => r.Kind is not null))
        {
            int count = await reference.CountAsync(db, person.Id, cancellationToken).ConfigureAwait(false);
            if (count > 0)
            {
                facts[reference.Kind!] = count;
            }
        }

        return new PersonSide(
            person.Id,
            person.FullName,
            person.BirthDay?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? person.BirthYear.ToString(CultureInfo.InvariantCulture),
            person.Sex.ToString(),
            person.CitizenId,
            person.LegacyIdNumber,
            person.PassportNumber,
            person.Nationality,
            person.Phones.Select(p => p.E164).Order(StringComparer.Ordinal).ToList(),
            person.CommuneCode,
            person.HouseholdCode,
            person.Provenance.SourceSystem,
            person.MergedIntoPersonId,
            facts,
            legacySources);
    }

    private static FieldComparison Compare(string field, string? a, string? b, Func<string, string, bool> agree) =>
        new(field, a, b, string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b) ? "unknown" : agree(a, b) ? "agree" : "disagree");
}
