using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PcCovid.Data;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Data.People;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.People;
using PcCovid.Domain.Quarantine;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.PersonMerges;

/// <summary>
/// A data steward merges two person records of one human: every fact of the absorbed person moves to the
/// survivor (one UPDATE per person column, <see cref="PersonReferences"/>), the absorbed person is kept and
/// marked merged-into, and the merge lists every moved row so that <see cref="UnmergePersons"/> can undo it
/// exactly. One transaction; audited for both persons with the identity-resolution purpose. Refused (nothing
/// changes) when the two cannot be one person or their facts cannot be one person's (<see cref="MergeRefusal"/>).
/// </summary>
public sealed class MergePersons(PcCovidDbContext db, IFactCountsMaintainer counts, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock, ILogger<MergePersons> logger)
{
    public const string AuditAction = "person.merge";

    public sealed record Request(long SurvivorPersonId, long AbsorbedPersonId, string? Reason);

    public sealed record Merged(long MergeId, long SurvivorPersonId, long AbsorbedPersonId, int RowsMoved, IReadOnlyDictionary<string, int> MovedByKind);

    /// <summary>Done, or refused, or neither (a person not found within the steward's scope).</summary>
    public sealed record Outcome(Merged? Done, MergeRefusal? Refused);

    public async Task<Outcome> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<Person> both = await db.People
            .Where(p => p.Id == request.SurvivorPersonId || p.Id == request.AbsorbedPersonId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        Person? survivor = both.FirstOrDefault(p => p.Id == request.SurvivorPersonId);
        Person? absorbed = both.FirstOrDefault(p => p.Id == request.AbsorbedPersonId);
        if (survivor is null || absorbed is null || !InScope(survivor) || !InScope(absorbed))
        {
            return new Outcome(null, null);
        }

        MergeRefusal? refusal = PersonMerge.RefusalFor(survivor, absorbed) ?? await FactRefusalAsync(survivor.Id, absorbed.Id, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return new Outcome(null, refusal);
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        PersonMerge merge = PersonMerge.Begin(survivor, absorbed, string.IsNullOrWhiteSpace(request.Reason) ? "Cùng một người / the same person" : request.Reason, actor.AccountId, now);
        var movedByKind = new Dictionary<string, int>(StringComparer.Ordinal);
        int moved = 0;
        await using IDbContextTransaction transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The moves bypass SaveChanges: the risk counts follow the doses and cases moved here, and the absorbed
            // person's own place in the population leaves with its merged-into mark in the save below.
            await counts.AroundAsync(db, [survivor.Id, absorbed.Id], async () =>
            {
                foreach (PersonReference reference in PersonReferences.All)
                {
                    IReadOnlyList<string> keys = await reference.MoveAsync(db, absorbed.Id, survivor.Id, cancellationToken).ConfigureAwait(false);
                    if (keys.Count == 0)
                    {
                        continue;
                    }

                    merge.RecordMoves(reference.TableName(db), reference.ColumnName(db), keys);
                    moved += keys.Count;
                    if (reference.Kind is { } kind)
                    {
                        movedByKind[kind] = keys.Count;
                    }
                }
            }, cancellationToken).ConfigureAwait(false);
            db.PersonMerges.Add(merge);
            string detail = $"merge: person {absorbed.Id} into {survivor.Id}, {moved} rows";
            audit.Record(survivor.Id, AuditAction, AccessPurpose.IdentityResolution, detail);
            audit.Record(absorbed.Id, AuditAction, AccessPurpose.IdentityResolution, detail);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // A uniqueness rule the checks above did not foresee (e.g. the same Bluetooth encounter seen by both):
            // nothing of the merge stays.
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            return new Outcome(null, MergeRefusal.ConflictingFacts);
        }

        logger.LogInformation("Person merge {MergeId}: {Rows} rows moved", merge.Id, moved);
        return new Outcome(new Merged(merge.Id, survivor.Id, absorbed.Id, moved, movedByKind), null);
    }

    private bool InScope(Person person) =>
        actor.Scope is not { Kind: ScopeKind.Province } scope || person.ProvinceCode == scope.Code;

    /// <summary>
    /// The facts that only one person can have: both an active case, both an active quarantine order of one
    /// kind, both contacts of one case, both a sign-in account, one the other's guardian. Five small queries.
    /// </summary>
    private async Task<MergeRefusal?> FactRefusalAsync(long survivor, long absorbed, CancellationToken cancellationToken)
    {
        long[] pair = [survivor, absorbed];
        int activeCases = await db.Cases.Where(c => pair.Contains(c.PersonId) && c.Status == CaseStatus.Active)
            .Select(c => c.PersonId).Distinct().CountAsync(cancellationToken).ConfigureAwait(false);
        if (activeCases == 2)
        {
            return MergeRefusal.TwoActiveCases;
        }

        bool ordersClash = await db.QuarantineOrders.Where(o => pair.Contains(o.PersonId) && o.Status == QuarantineStatus.Active)
            .GroupBy(o => o.Kind).AnyAsync(g => g.Select(o => o.PersonId).Distinct().Count() == 2, cancellationToken).ConfigureAwait(false);
        if (ordersClash)
        {
            return MergeRefusal.TwoActiveOrders;
        }

        bool contactsClash = await db.CaseContacts.Where(c => c.PersonId == survivor)
            .AnyAsync(c => db.CaseContacts.Any(o => o.CaseId == c.CaseId && o.PersonId == absorbed), cancellationToken).ConfigureAwait(false);
        if (contactsClash)
        {
            return MergeRefusal.ContactsOfSameCase;
        }

        if (await db.Accounts.CountAsync(a => a.PersonId == survivor || a.PersonId == absorbed, cancellationToken).ConfigureAwait(false) == 2)
        {
            return MergeRefusal.TwoAccounts;
        }

        bool guardian = await db.Guardianships.AnyAsync(
            g => (g.GuardianPersonId == survivor && g.DependantPersonId == absorbed) || (g.GuardianPersonId == absorbed && g.DependantPersonId == survivor), cancellationToken).ConfigureAwait(false);
        return guardian ? MergeRefusal.GuardianOfEachOther : null;
    }
}
