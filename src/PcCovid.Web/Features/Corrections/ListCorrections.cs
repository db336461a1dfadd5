using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.People;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Corrections;

/// <summary>
/// The data steward's list of citizens' correction requests: those of people who live in the steward's
/// jurisdiction (optionally one commune of it), open ones first-come first-served or the answered ones, keyset
/// by id. A purpose of the role is required and every person listed is audited (<c>correction.list</c>).
/// </summary>
public sealed class ListCorrections(PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit, ReferenceData reference)
{
    public const int MaxPageSize = 100;

    public sealed record Item(long Id, long PersonId, string FullName, string? CommuneCode, string About, string Text, DateTime CreatedAtUtc,
        string Status, string? Answer, DateTime? AnsweredAtUtc);

    /// <summary>The page, or the problem (purpose missing or not the role's, a commune outside the jurisdiction).</summary>
    public async Task<(KeysetPage<Item>? Page, string? Problem)> HandleAsync(string? purpose, string? commune, string? status, long? after, int? limit, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return (null, problem);
        }

        if (actor.Scope is not { Kind: not ScopeKind.Facility } scope)
        {
            return (null, "Vai trò này không xem được danh sách / This role cannot list requests.");
        }

        if (commune is not null && (reference.Catalog.FindCommune(commune) is not { } unit || !StaffPersonAccess.MayBrowse(actor, unit.ProvinceCode, unit.ParentCode, unit.Code)))
        {
            return (null, "Xã không thuộc địa bàn của bạn / The commune is not in your jurisdiction.");
        }

        if (status is not (null or "" or "open" or "answered"))
        {
            return (null, "Trạng thái: open hoặc answered / Status: open or answered.");
        }

        CorrectionStatus? wanted = status == "answered" ? null : CorrectionStatus.Open;
        int take = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        long from = after ?? 0;

        IQueryable<Person> people = db.People.AsNoTracking();
        people = commune is not null ? people.Where(p => p.CommuneCode == commune) : scope.Kind switch
        {
            ScopeKind.National => people,
            ScopeKind.Province => people.Where(p => p.ProvinceCode == scope.Code),
            ScopeKind.District => people.Where(p => p.DistrictCode == scope.Code),
            _ => people.Where(p => p.CommuneCode == scope.Code),
        };
        IQueryable<CorrectionRequest> requests = db.CorrectionRequests.AsNoTracking().Where(r => r.Id > from);
        requests = wanted is { } open ? requests.Where(r => r.Status == open) : requests.Where(r => r.Status != CorrectionStatus.Open);
        var rows = await requests
            .Join(people, r => r.PersonId, p => p.Id, (r, p) => new { Request = r, p.FullName, p.CommuneCode })
            .OrderBy(x => x.Request.Id).Take(take + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var page = rows.Take(take).ToList();
        if (page.Count > 0)
        {
            await audit.RecordReadsAsync(page.Select(x => x.Request.PersonId).Distinct().ToList(), "correction.list", stated,
                string.Create(CultureInfo.InvariantCulture, $"{page.Count} requests from {page[0].Request.Id}"), cancellationToken).ConfigureAwait(false);
        }

        var items = page.Select(x => new Item(x.Request.Id, x.Request.PersonId, x.FullName, x.CommuneCode, x.Request.About, x.Request.Text, x.Request.CreatedAtUtc,
            StatusCode(x.Request.Status), x.Request.Answer, x.Request.AnsweredAtUtc)).ToList();
        string? next = rows.Count > take
            ? string.Create(CultureInfo.InvariantCulture, $"?purpose={stated.Code()}&status={(wanted is null ? "answered" : "open")}{(commune is null ? string.Empty : "&commune=" + commune)}&after={page[^1].Request.Id}&limit={take}")
            : null;
        return (new KeysetPage<Item>(items, next), null);
    }

    public static string StatusCode(CorrectionStatus status) => status switch
    {
        CorrectionStatus.Done => "accepted",
        CorrectionStatus.Refused => "refused",
        _ => "open",
    };
}
