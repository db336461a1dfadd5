using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Audit;

namespace PcCovid.Web.Features.Audit;

/// <summary>
/// Writes audit entries. A write of personal data calls <see cref="Record"/> before its own
/// <c>SaveChangesAsync</c>, so the change and its entry commit or roll back together; a read calls
/// <see cref="RecordAsync"/>. Entries go in unsealed: the request path never touches the hash chain,
/// so auditing adds one insert and no serialisation point to a hot path.
/// </summary>
public sealed class AuditTrail(PcCovidDbContext db, TimeProvider time)
{
    /// <summary>Adds an entry to the current unit of work; saved with the caller's next <c>SaveChangesAsync</c>.</summary>
    public AuditEntry Record(AuditActor actor, string action, long? subjectPersonId, AccessPurpose? purpose = null, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        AuditEntry entry = AuditEntry.Record(
            time.GetUtcNow().UtcDateTime,
            actor.AccountId,
            actor.Role,
            actor.Scope,
            subjectPersonId,
            action,
            purpose?.Code(),
            actor.SourceAddress,
            detail);
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>Adds an entry and saves the unit of work (for reads, which have nothing else to save).</summary>
    public async Task<AuditEntry> RecordAsync(
        AuditActor actor, string action, long? subjectPersonId, AccessPurpose? purpose, string? detail, CancellationToken cancellationToken)
    {
        AuditEntry entry = Record(actor, action, subjectPersonId, purpose, detail);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>Saves entries added with <see cref="Record"/> when the caller has nothing else to save.</summary>
    public Task SaveAsync(CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);
}
