using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Tracing;

/// <summary>
/// The cases (F0) whose person lives in the staff member's jurisdiction, newest first, by key
/// (<c>?before=id</c>), with their contact counts in one grouped query (never one per row). A purpose is
/// required and every person listed is audited (<c>case.list</c>).
/// </summary>
public sealed class ListCases(PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit)
{
    public const int MaxPageSize = 200;

    public sealed record CaseRow(long Id, long PersonId, string FullName, string? CommuneCode, string Status, DateTime? FirstPositiveSampledAtUtc, int F1, int F2);

    /// <summary>The page, or the reason it cannot be read (no purpose, a facility scope).</summary>
    public async Task<(KeysetPage<CaseRow>? Page, string? Problem)> HandleAsync(string? purpose, bool activeOnly, long? before, int? limit, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return (null, problem);
        }

        if (actor.Scope is not { IsJurisdiction: true } scope)
        {
            return (null, "Danh sách ca bệnh chỉ dành cho cán bộ có địa bàn / The case list needs a jurisdiction scope.");
        }

        int take = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        long upTo = before ?? long.MaxValue;
        IQueryable<Domain.People.Person> people = db.People.AsNoTracking();
        people = scope.Kind switch
        {
            ScopeKind.Province => people.Where(p => p.ProvinceCode == scope.Code),
            ScopeKind.District => people.Where(p => p.DistrictCode == scope.Code),
            ScopeKind.Commune => people.Where(p => p.CommuneCode == scope.Code),
            _ => people,
        };
        IQueryable<Case> cases = db.Cases.AsNoTracking().Where(c => c.Id < upTo);
        if (activeOnly)
        {
            cases = cases.Where(c => c.Status == CaseStatus.Active);
        }

        var rows = await cases.Join(people, c => c.PersonId, p => p.Id, (c, p) => new { c.Id, c.PersonId, p.FullName, p.CommuneCode, c.Status, c.FirstPositiveSampledAtUtc })
            .OrderByDescending(r => r.Id).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        var page = rows.Take(take).ToList();
        List<long> ids = [.. page.Select(r => r.Id)];
        var counts = await db.CaseContacts.AsNoTracking().Where(c => ids.Contains(c.CaseId))
            .GroupBy(c => new { c.CaseId, c.Degree }).Select(g => new { g.Key.CaseId, g.Key.Degree, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        int Count(long caseId, int degree) => counts.Where(c => c.CaseId == caseId && c.Degree == degree).Sum(c => c.Count);
        await audit.RecordReadsAsync([.. page.Select(r => r.PersonId).Distinct()], "case.list", stated, null, cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? string.Create(CultureInfo.InvariantCulture, $"before={page[^1].Id}") : null;
        return (new KeysetPage<CaseRow>([.. page.Select(r => new CaseRow(r.Id, r.PersonId, r.FullName, r.CommuneCode, r.Status.ToString().ToLowerInvariant(),
            r.FirstPositiveSampledAtUtc, Count(r.Id, 1), Count(r.Id, 2)))], next), null);
    }
}
