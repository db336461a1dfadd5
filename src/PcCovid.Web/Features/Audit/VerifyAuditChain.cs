using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Audit;

namespace PcCovid.Web.Features.Audit;

/// <summary>
/// Walks the sealed audit chain in sequence order, recomputing every hash and checking it against
/// the seals, and reports the first break: an altered entry, deleted entries (a gap), a truncated
/// tail, or a seal that does not match. Streams by keyset pages, so memory stays flat however long
/// the log is.
/// </summary>
public sealed class VerifyAuditChain(PcCovidDbContext db)
{
    public const int PageSize = 5_000;

    public sealed record Break(AuditBreakKind Kind, long Sequence, long? EntryId, string Vietnamese, string English);

    public sealed record Result(bool Intact, long EntriesChecked, long SealsChecked, long Unsealed, string? HeadHash, Break? FirstBreak)
    {
        public string Vietnamese => FirstBreak?.Vietnamese
            ?? string.Create(CultureInfo.InvariantCulture, $"Nhật ký kiểm toán nguyên vẹn: {EntriesChecked} mục, {SealsChecked} lô niêm phong, {Unsealed} mục chờ niêm phong.");

        public string English => FirstBreak?.English
            ?? string.Create(CultureInfo.InvariantCulture, $"Audit log intact: {EntriesChecked} entries, {SealsChecked} seals, {Unsealed} entries awaiting a seal.");
    }

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        long unsealed = await db.AuditEntries.LongCountAsync(e => e.Sequence == null, cancellationToken).ConfigureAwait(false);
        var seals = new SealCursor(db);
        AuditSeal? seal = await seals.NextAsync(cancellationToken).ConfigureAwait(false);
        long sealExpectedFirst = 1;
        long sealsChecked = 0;
        long expected = 1;
        byte[] previous = new byte[AuditEntry.HashLength];
        long lastSeen = 0;
        while (true)
        {
            List<AuditEntry> page = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence != null && e.Sequence > lastSeen)
                .OrderBy(e => e.Sequence)
                .Take(PageSize)
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            foreach (AuditEntry entry in page)
            {
                long sequence = entry.Sequence!.Value;
                if (sequence != expected)
                {
                    return Broken(Missing(expected, sequence - 1));
                }

                byte[] computed = AuditEntry.ComputeHash(previous, sequence, entry);
                if (entry.Hash is null || !computed.AsSpan().SequenceEqual(entry.Hash))
                {
                    return Broken(Altered(sequence, entry.Id));
                }

                if (seal is null)
                {
                    return Broken(new Break(
                        AuditBreakKind.Unanchored, sequence, entry.Id,
                        Invariant($"Mục #{sequence} của nhật ký kiểm toán không thuộc lô niêm phong nào"),
                        Invariant($"Audit log entry #{sequence} is covered by no seal")));
                }

                if (seal.FirstSequence != sealExpectedFirst || seal.Count != seal.LastSequence - seal.FirstSequence + 1)
                {
                    return Broken(SealMismatch(seal));
                }

                if (sequence == seal.LastSequence)
                {
                    if (!seal.HeadHash.AsSpan().SequenceEqual(entry.Hash))
                    {
                        return Broken(SealMismatch(seal));
                    }

                    sealsChecked++;
                    sealExpectedFirst = seal.LastSequence + 1;
                    seal = await seals.NextAsync(cancellationToken).ConfigureAwait(false);
                }

                previous = entry.Hash;
                expected = sequence + 1;
                lastSeen = sequence;
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        if (seal is not null)
        {
            long lastSealed = await db.AuditSeals.MaxAsync(s => s.LastSequence, cancellationToken).ConfigureAwait(false);
            long lastPresent = expected - 1;
            return Broken(new Break(
                AuditBreakKind.Truncated, expected, null,
                Invariant($"Nhật ký kiểm toán bị cắt đuôi: mất các mục sau #{lastPresent} (lô niêm phong cuối kết thúc ở #{lastSealed})"),
                Invariant($"Audit log tail truncated: the entries after #{lastPresent} are missing (the last seal ends at #{lastSealed})")));
        }

        return new Result(true, expected - 1, sealsChecked, unsealed, expected > 1 ? Convert.ToHexStringLower(previous) : null, null);

        Result Broken(Break found) => new(false, expected - 1, sealsChecked, unsealed, null, found);
    }

    private static Break Altered(long sequence, long id) => new(
        AuditBreakKind.Altered, sequence, id,
        Invariant($"Nhật ký kiểm toán bị sửa ở mục #{sequence} (id {id})"),
        Invariant($"Audit log entry #{sequence} (id {id}) was altered"));

    private static Break Missing(long from, long to)
    {
        string range = from == to ? Invariant($"#{from}") : Invariant($"#{from}–#{to}");
        return new Break(
            AuditBreakKind.Missing, from, null,
            $"Nhật ký kiểm toán bị xoá mục {range}",
            $"Audit log entry {range} was deleted");
    }

    private static Break SealMismatch(AuditSeal seal) => new(
        AuditBreakKind.SealMismatch, seal.FirstSequence, null,
        Invariant($"Lô niêm phong #{seal.FirstSequence}–#{seal.LastSequence} không khớp với các mục của nhật ký kiểm toán"),
        Invariant($"The audit seal of entries #{seal.FirstSequence}–#{seal.LastSequence} does not match them"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The seals in chain order, a page at a time (one query at a time on the shared context).</summary>
    private sealed class SealCursor(PcCovidDbContext db)
    {
        private readonly Queue<AuditSeal> _buffer = new();
        private long _after;
        private bool _exhausted;

        public async Task<AuditSeal?> NextAsync(CancellationToken cancellationToken)
        {
            if (_buffer.Count == 0 && !_exhausted)
            {
                List<AuditSeal> page = await db.AuditSeals.AsNoTracking()
                    .Where(s => s.LastSequence > _after)
                    .OrderBy(s => s.LastSequence)
                    .Take(PageSize)
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);
                _exhausted = page.Count < PageSize;
                foreach (AuditSeal seal in page)
                {
                    _buffer.Enqueue(seal);
                    _after = seal.LastSequence;
                }
            }

            return _buffer.TryDequeue(out AuditSeal? next) ? next : null;
        }
    }
}
