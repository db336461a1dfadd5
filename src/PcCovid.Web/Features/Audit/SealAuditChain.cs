using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Domain.Audit;

namespace PcCovid.Web.Features.Audit;

/// <summary>
/// Seals unsealed audit entries into the hash chain, a batch per transaction: the entries in id
/// order get the next sequence numbers after the last seal, each hash covers the one before, and an
/// <see cref="AuditSeal"/> row records the batch and its head hash. The chain is ordered by sequence,
/// not id: on PostgreSQL a lower id can commit after a higher one and is then simply sealed later.
/// </summary>
public sealed class SealAuditChain(
    PcCovidDbContext db,
    DatabaseOptions database,
    TimeProvider time,
    IOptions<AuditOptions> options,
    ILogger<SealAuditChain> logger)
{
    // pg_advisory_xact_lock key ("PcAudit" in ASCII): two sealers (two nodes, or a node and the CLI)
    // take turns instead of forking the chain. SQLite needs none: Microsoft.Data.Sqlite begins
    // transactions IMMEDIATE, so the second sealer waits for the write lock (busy timeout) before it
    // reads the last seal.
    private const long PostgresLockKey = 0x50_63_41_75_64_69_74;

    public sealed record Batch(int Count, long FirstSequence, long LastSequence, string HeadHash);

    public sealed record Result(int Batches, long Sealed, long? LastSequence, string? HeadHash);

    /// <summary>Seals everything unsealed now, batch after batch.</summary>
    public async Task<Result> SealPendingAsync(CancellationToken cancellationToken)
    {
        int batches = 0;
        long sealedCount = 0;
        Batch? last = null;
        while (await SealOneBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            batches++;
            sealedCount += batch.Count;
            last = batch;
            if (batch.Count < options.Value.BatchSize)
            {
                break;
            }
        }

        return new Result(batches, sealedCount, last?.LastSequence, last?.HeadHash);
    }

    /// <summary>Seals at most one batch; null when nothing was waiting.</summary>
    public async Task<Batch?> SealOneBatchAsync(CancellationToken cancellationToken)
    {
        int batchSize = Math.Max(1, options.Value.BatchSize);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", cancellationToken).ConfigureAwait(false);
        }

        // Continue from the last seal, not the last entry: a deleted tail then shows as a gap to verify.
        AuditSeal? previous = await db.AuditSeals.AsNoTracking()
            .OrderByDescending(s => s.LastSequence)
            .FirstOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        // PostgreSQL: untracked, then one set-based UPDATE; SQLite: tracked and saved by EF (in-process,
        // a round trip costs little there).
        bool setBased = database.Provider == DatabaseProvider.Postgres;
        IQueryable<AuditEntry> unsealed = setBased ? db.AuditEntries.AsNoTracking() : db.AuditEntries;
        List<AuditEntry> entries = await unsealed
            .Where(e => e.Sequence == null)
            .OrderBy(e => e.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        if (entries.Count == 0)
        {
            return null;
        }

        long first = (previous?.LastSequence ?? 0) + 1;
        byte[] head = previous?.HeadHash ?? new byte[AuditEntry.HashLength];
        long sequence = first;
        foreach (AuditEntry entry in entries)
        {
            entry.Seal(sequence++, head);
            head = entry.Hash!;
        }

        if (setBased)
        {
            long[] ids = entries.Select(e => e.Id).ToArray();
            long[] sequences = entries.Select(e => e.Sequence!.Value).ToArray();
            byte[][] hashes = entries.Select(e => e.Hash!).ToArray();
            int updated = await db.Database.ExecuteSqlAsync(
                $"""
                UPDATE audit_entries AS e SET sequence = v.sequence, hash = v.hash
                FROM unnest({ids}, {sequences}, {hashes}) AS v(id, sequence, hash)
                WHERE e.id = v.id AND e.sequence IS NULL
                """,
                cancellationToken).ConfigureAwait(false);
            if (updated != entries.Count)
            {
                throw new InvalidOperationException($"Sealing expected to update {entries.Count} audit entries and updated {updated}.");
            }
        }

        db.AuditSeals.Add(AuditSeal.Of(first, sequence - 1, head, time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();

        // The head hash is not personal data; logged so it can be anchored outside the database.
        string headHex = Convert.ToHexStringLower(head);
        logger.LogInformation("Audit chain sealed entries {FirstSequence}-{LastSequence} ({Count}), head {HeadHash}", first, sequence - 1, entries.Count, headHex);
        return new Batch(entries.Count, first, sequence - 1, headHex);
    }
}
