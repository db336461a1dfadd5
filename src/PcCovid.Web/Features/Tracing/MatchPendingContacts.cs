using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Tracing;
using PcCovid.Web.Features.People;

namespace PcCovid.Web.Features.Tracing;

/// <summary>
/// The later matching of contacts an investigator named who matched nobody (or several people) when entered: their
/// clues (ID number, phone, name, birth year) go through the imports' <see cref="PersonMatcher"/> again, a batch at a
/// time; a single certain match turns the pending contact into that person's contact — merged into the person's
/// existing contact of the case when there is one (one row per case and person, every piece of evidence kept).
/// Run at every tracing of the case and on demand. The caller saves.
/// </summary>
public sealed class MatchPendingContacts(PcCovidDbContext db, PersonMatcher matcher, TimeProvider clock)
{
    public sealed record Outcome(int Pending, int Matched);

    public async Task<Outcome> HandleAsync(long caseId, long casePersonId, CancellationToken cancellationToken)
    {
        List<CaseContact> pending = await db.CaseContacts.Include(c => c.Evidence)
            .Where(c => c.CaseId == caseId && c.PersonId == null && (c.ClueName != null || c.ClueIdNumber != null))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            return new Outcome(0, 0);
        }

        PersonMatch[] matches = await matcher.MatchAsync([.. pending.Select(c => new PersonClues(c.ClueIdNumber, c.CluePhone, c.ClueName ?? string.Empty, c.ClueBirthYear))],
            cancellationToken).ConfigureAwait(false);
        var people = matches.Where(m => m.IsMatched).Select(m => m.PersonId!.Value).Distinct().ToList();
        Dictionary<long, CaseContact> existing = await db.CaseContacts.Include(c => c.Evidence)
            .Where(c => c.CaseId == caseId && c.PersonId != null && people.Contains(c.PersonId.Value))
            .ToDictionaryAsync(c => c.PersonId!.Value, cancellationToken).ConfigureAwait(false);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        int matched = 0;
        for (int i = 0; i < pending.Count; i++)
        {
            if (matches[i].PersonId is not { } person || person == casePersonId)
            {
                continue;
            }

            Resolve(pending[i], person, existing, now);
            matched++;
        }

        return new Outcome(pending.Count, matched);
    }

    /// <summary>Resolves one pending contact to a person: merged into their contact of the case, or becoming it.</summary>
    public void Resolve(CaseContact contact, long personId, Dictionary<long, CaseContact> existingByPerson, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(existingByPerson);
        if (existingByPerson.TryGetValue(personId, out CaseContact? target))
        {
            contact.MergeInto(target);
            db.CaseContacts.Remove(contact);
            return;
        }

        contact.ResolveTo(personId, now);
        existingByPerson[personId] = contact;
    }
}
