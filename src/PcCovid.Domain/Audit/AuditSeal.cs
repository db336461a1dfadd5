using PcCovid.Domain.Common;

namespace PcCovid.Domain.Audit;

/// <summary>
/// One sealed batch of the audit chain: entries <see cref="FirstSequence"/>..<see cref="LastSequence"/>
/// and the hash of the last one. Lets verification notice a deleted tail, and its head hash is what
/// the sealer logs so it can be anchored outside the database.
/// </summary>
public sealed class AuditSeal
{
    private AuditSeal()
    {
        HeadHash = [];
    }

    public long Id { get; private set; }

    public long FirstSequence { get; private set; }

    public long LastSequence { get; private set; }

    public int Count { get; private set; }

    public byte[] HeadHash { get; private set; }

    public DateTime SealedAtUtc { get; private set; }

    public static AuditSeal Of(long firstSequence, long lastSequence, byte[] headHash, DateTime sealedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(headHash);
        if (firstSequence < 1 || lastSequence < firstSequence)
        {
            throw new DomainException($"A seal covers a non-empty range of sequence numbers, not {firstSequence}..{lastSequence}.");
        }

        if (headHash.Length != AuditEntry.HashLength)
        {
            throw new DomainException($"A seal's head hash has {AuditEntry.HashLength} bytes.");
        }

        if (sealedAtUtc.Kind != DateTimeKind.Utc)
        {
            throw new DomainException("A seal time must be UTC.");
        }

        return new AuditSeal
        {
            FirstSequence = firstSequence,
            LastSequence = lastSequence,
            Count = checked((int)(lastSequence - firstSequence + 1)),
            HeadHash = headHash,
            SealedAtUtc = sealedAtUtc,
        };
    }
}
