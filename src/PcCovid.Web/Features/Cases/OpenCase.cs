using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.Audit;

namespace PcCovid.Web.Features.Cases;

/// <summary>
/// An epidemiologist enters a case (F0) by hand: a person, an onset date or a sample date. Like a case opened by a
/// positive result, it writes the <see cref="CaseEventTypes.CaseOpened"/> event in the same transaction, so the
/// tracing worker traces it without anyone pressing a button; a person with an active case already is refused
/// (their new information goes to that case).
/// </summary>
public sealed class OpenCase(PcCovidDbContext db, AuditTrail audit, TimeProvider clock)
{
    public enum Problem
    {
        None,
        AlreadyActive,
    }

    public async Task<(Case? Opened, Problem Problem, long? ActiveCaseId)> HandleAsync(long personId, DateOnly? onsetOn, DateOnly? sampledOn, AuditActor actor,
        AccessPurpose purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        long? active = await db.Cases.Where(c => c.PersonId == personId && c.Status == CaseStatus.Active).Select(c => (long?)c.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (active is not null)
        {
            return (null, Problem.AlreadyActive, active);
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        // A sample day without a time: noon in Vietnam, so the day is the same whichever way it is read.
        DateTime? sampled = sampledOn is { } day ? VietnamTime.StartOfDayUtc(day).AddHours(12) : null;
        if (sampled > now && sampledOn == VietnamTime.Today(clock))
        {
            sampled = now;
        }

        Case opened = Case.OpenManually(personId, onsetOn, sampled, actor.AccountId ?? Guid.Empty, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        db.Cases.Add(opened);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.CaseEvents.Add(CaseEvent.Opened(opened, now));
        audit.Record(actor, "case.opened", personId, purpose, "manual case " + opened.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (opened, Problem.None, null);
    }
}
