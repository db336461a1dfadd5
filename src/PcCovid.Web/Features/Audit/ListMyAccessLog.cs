using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.Access;

namespace PcCovid.Web.Features.Audit;

/// <summary>
/// A citizen's "who read my data and why": entries about their person by anyone but their own
/// account, newest first. Shows the role, scope and purpose of the reader, never the staff member's
/// account or address.
/// </summary>
public sealed class ListMyAccessLog(PcCovidDbContext db)
{
    public const int MaxPageSize = 200;

    public sealed record Item(
        long Id,
        DateTime AtUtc,
        DateTimeOffset AtVietnamTime,
        string ActorRole,
        string? ActorScope,
        string Action,
        string? Purpose,
        string? PurposeVietnamese,
        string? PurposeEnglish);

    public sealed record Page(IReadOnlyList<Item> Items, long? NextBefore);

    public async Task<Page> RunAsync(long personId, Guid? ownAccountId, long? before, int? limit, CancellationToken cancellationToken)
    {
        int take = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        var query = db.AuditEntries.AsNoTracking().Where(e => e.SubjectPersonId == personId);
        if (ownAccountId is { } own)
        {
            // C# null semantics (EF keeps them): entries by the system, with no account, stay in.
            query = query.Where(e => e.ActorAccountId != own);
        }

        if (before is { } id)
        {
            query = query.Where(e => e.Id < id);
        }

        var rows = await query
            .OrderByDescending(e => e.Id)
            .Take(take + 1)
            .Select(e => new { e.Id, e.AtUtc, e.ActorRole, e.ActorScope, e.Action, e.Purpose })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        List<Item> items = rows.Take(take).Select(r =>
        {
            bool known = AccessPurposes.TryParse(r.Purpose, out AccessPurpose purpose);
            return new Item(
                r.Id,
                r.AtUtc,
                VietnamTime.ToVietnam(r.AtUtc),
                r.ActorRole,
                r.ActorScope,
                r.Action,
                r.Purpose,
                known ? purpose.Vietnamese() : null,
                known ? purpose.English() : null);
        }).ToList();
        return new Page(items, rows.Count > take ? rows[take - 1].Id : null);
    }
}
