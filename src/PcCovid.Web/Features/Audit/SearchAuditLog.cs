using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Audit;

namespace PcCovid.Web.Features.Audit;

/// <summary>
/// The auditor's search of the audit log, newest first, by key. The search is itself recorded:
/// it shows whose data were touched, so it is a read of personal data like any other.
/// </summary>
public sealed class SearchAuditLog(PcCovidDbContext db, AuditTrail trail)
{
    public const int MaxPageSize = 500;

    public sealed record Query(long? SubjectPersonId, Guid? ActorAccountId, string? Action, DateTime? FromUtc, DateTime? ToUtc, long? Before, int? Limit);

    public sealed record Item(
        long Id,
        DateTime AtUtc,
        Guid? ActorAccountId,
        string ActorRole,
        string? ActorScope,
        long? SubjectPersonId,
        string Action,
        string? Purpose,
        string? SourceAddress,
        string? Detail,
        long? Sequence);

    public sealed record Page(IReadOnlyList<Item> Items, long? NextBefore);

    public async Task<Page> RunAsync(AuditActor auditor, Query query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        int take = Math.Clamp(query.Limit ?? 100, 1, MaxPageSize);
        IQueryable<AuditEntry> entries = db.AuditEntries.AsNoTracking();
        if (query.SubjectPersonId is { } subject)
        {
            entries = entries.Where(e => e.SubjectPersonId == subject);
        }

        if (query.ActorAccountId is { } actor)
        {
            entries = entries.Where(e => e.ActorAccountId == actor);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            string action = query.Action.Trim();
            entries = entries.Where(e => e.Action == action);
        }

        if (query.FromUtc is { } from)
        {
            DateTime fromUtc = AsUtc(from);
            entries = entries.Where(e => e.AtUtc >= fromUtc);
        }

        if (query.ToUtc is { } to)
        {
            DateTime toUtc = AsUtc(to);
            entries = entries.Where(e => e.AtUtc < toUtc);
        }

        if (query.Before is { } before)
        {
            entries = entries.Where(e => e.Id < before);
        }

        List<Item> rows = await entries
            .OrderByDescending(e => e.Id)
            .Take(take + 1)
            .Select(e => new Item(e.Id, e.AtUtc, e.ActorAccountId, e.ActorRole, e.ActorScope, e.SubjectPersonId, e.Action, e.Purpose, e.SourceAddress, e.Detail, e.Sequence))
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);

        await trail.RecordAsync(auditor, AuditActions.AuditSearch, query.SubjectPersonId, null, "audit search", cancellationToken).ConfigureAwait(false);
        return new Page(rows.Take(take).ToList(), rows.Count > take ? rows[take - 1].Id : null);
    }

    // Query strings without an offset bind as unspecified; they are read as UTC, as the API documents.
    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
