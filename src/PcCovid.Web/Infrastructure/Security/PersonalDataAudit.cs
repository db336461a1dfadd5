using PcCovid.Domain.Access;
using PcCovid.Web.Features.Audit;

namespace PcCovid.Web.Infrastructure.Security;

/// <summary>
/// What the features call to audit a read or write of a person's data: it fills in who (account, role,
/// scope) and from where from the current request, so a use case states only whose data, what and why.
/// </summary>
public sealed class PersonalDataAudit(AuditTrail trail, CurrentActor actor)
{
    private AuditActor Actor => new(actor.AccountId, actor.RoleName, actor.Scope?.ToString(), actor.SourceAddress);

    /// <summary>Adds the entry to the current unit of work: it commits with the write it describes.</summary>
    public void Record(long subjectPersonId, string action, AccessPurpose? purpose, string? detail) =>
        trail.Record(Actor, action, subjectPersonId, purpose, detail);

    /// <summary>Records reads and saves at once (a read has no unit of work of its own to ride on).</summary>
    public async Task RecordReadsAsync(IReadOnlyCollection<long> subjectPersonIds, string action, AccessPurpose? purpose, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectPersonIds);
        AuditActor who = Actor;
        foreach (long subject in subjectPersonIds)
        {
            trail.Record(who, action, subject, purpose, detail);
        }

        await trail.SaveAsync(cancellationToken).ConfigureAwait(false);
    }
}
