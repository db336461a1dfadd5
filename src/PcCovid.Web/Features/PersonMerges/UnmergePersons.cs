using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PcCovid.Data;
using PcCovid.Data.People;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Domain.Access;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.PersonMerges;

/// <summary>
/// Undoes a merge: the absorbed person is a person of its own again and exactly the rows the merge moved
/// go back to it (one UPDATE per moved column, keyed by the recorded rows); whatever was added to the
/// survivor since stays with the survivor. One transaction; audited for both persons. Refused when the
/// merge was undone already or the survivor was itself merged since (undo that later merge first).
/// </summary>
public sealed class UnmergePersons(PcCovidDbContext db, IFactCountsMaintainer counts, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock, ILogger<UnmergePersons> logger)
{
    public const string AuditAction = "person.unmerge";

    public sealed record Unmerged(long MergeId, long SurvivorPersonId, long AbsorbedPersonId, int RowsMovedBack);

    /// <summary>Done, or refused, or neither (no such merge within the steward's scope).</summary>
    public sealed record Outcome(Unmerged? Done, MergeRefusal? Refused);

    public async Task<Outcome> HandleAsync(long mergeId, CancellationToken cancellationToken)
    {
        PersonMerge? merge = await db.PersonMerges.SingleOrDefaultAsync(m => m.Id == mergeId, cancellationToken).ConfigureAwait(false);
        if (merge is null)
        {
            return new Outcome(null, null);
        }

        List<Person> both = await db.People
            .Where(p => p.Id == merge.SurvivorPersonId || p.Id == merge.AbsorbedPersonId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        Person survivor = both.Single(p => p.Id == merge.SurvivorPersonId);
        Person absorbed = both.Single(p => p.Id == merge.AbsorbedPersonId);
        if (actor.Scope is { Kind: ScopeKind.Province } scope && (survivor.ProvinceCode != scope.Code || absorbed.ProvinceCode != scope.Code))
        {
            return new Outcome(null, null);
        }

        if (merge.IsUndone)
        {
            return new Outcome(null, MergeRefusal.AlreadyUnmerged);
        }

        if (survivor.MergedIntoPersonId is not null)
        {
            return new Outcome(null, MergeRefusal.SurvivorMergedSince);
        }

        // The moved rows of this merge, grouped by column: one UPDATE each.
        var moves = await db.PersonMergeMoves.AsNoTracking()
            .Where(r => r.MergeId == merge.Id)
            .Select(r => new { r.TableName, r.ColumnName, r.RowKey })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        int movedBack = 0;
        await using IDbContextTransaction transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The facts moved back leave the survivor's counts here; the absorbed person, merged until the save below,
            // comes back into the counts with them when its mark is cleared.
            await counts.AroundAsync(db, [survivor.Id, absorbed.Id], async () =>
            {
                foreach (var column in moves.GroupBy(m => (m.TableName, m.ColumnName)))
                {
                    PersonReference reference = PersonReferences.Find(db, column.Key.TableName, column.Key.ColumnName)
                        ?? throw new InvalidOperationException($"Merge {merge.Id} moved {column.Key.TableName}.{column.Key.ColumnName}, a column no longer known.");
                    movedBack += await reference.MoveBackAsync(db, column.Select(m => m.RowKey).ToList(), survivor.Id, absorbed.Id, cancellationToken).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
            merge.Undo(absorbed, actor.AccountId, now);
            string detail = $"unmerge {merge.Id}: person {absorbed.Id} out of {survivor.Id}, {movedBack} rows back";
            audit.Record(survivor.Id, AuditAction, AccessPurpose.IdentityResolution, detail);
            audit.Record(absorbed.Id, AuditAction, AccessPurpose.IdentityResolution, detail);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            return new Outcome(null, MergeRefusal.ConflictingFacts);
        }

        logger.LogInformation("Person merge {MergeId} undone: {Rows} rows moved back", merge.Id, movedBack);
        return new Outcome(new Unmerged(merge.Id, survivor.Id, absorbed.Id, movedBack), null);
    }
}
