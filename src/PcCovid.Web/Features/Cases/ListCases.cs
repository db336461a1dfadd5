using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Cases;
using PcCovid.Domain.People;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Cases;

/// <summary>
/// The cases (F0) of a place in the staff member's jurisdiction (<see cref="CasePlace"/>: ?commune=, ?district=,
/// ?province=, none for the whole jurisdiction), newest first, by key (<c>?before=id</c>), optionally of one status.
/// The page's contact counts (F1, F2) and clusters come from two grouped queries, never one per row. A purpose is
/// required and every person listed is audited (<c>case.list</c>). Used by the API and the console's case list.
/// </summary>
public sealed class ListCases(PcCovidDbContext db, ReferenceData reference, CurrentActor actor, PersonalDataAudit audit)
{
    public const int MaxPageSize = 200;

    public sealed record Request(string? Province, string? District, string? Commune, string? Status, string? Purpose, long? Before, int? Limit);

    public sealed record CaseSummary(long Id, long PersonId, string? FullName, string? CommuneCode, string Status, DateOnly? OnsetOn, DateTime? FirstPositiveSampledAtUtc,
        DateTime OpenedAtUtc, bool EnteredByHand, int Contacts, int F1, int F2, IReadOnlyList<long> ClusterIds);

    /// <summary>The page, or the reason it cannot be read (no purpose, a place outside the jurisdiction, an unknown status).</summary>
    public async Task<(KeysetPage<CaseSummary>? Page, string? Problem)> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StaffPersonAccess.PurposeProblem(actor, request.Purpose, out AccessPurpose stated) is { } problem)
        {
            return (null, problem);
        }

        if (CasePlace.Resolve(actor, reference, request.Province, request.District, request.Commune) is not { } place)
        {
            return (null, CasePlace.NotInJurisdiction);
        }

        CaseStatus? wanted = null;
        if (request.Status is not null)
        {
            if (!ChangeCaseStatus.Codes.TryGetValue(request.Status, out CaseStatus parsed))
            {
                return (null, "status: active, recovered, died, not-a-case");
            }

            wanted = parsed;
        }

        int take = Math.Clamp(request.Limit ?? 50, 1, MaxPageSize);
        long upTo = request.Before ?? long.MaxValue;
        IQueryable<Person> people = db.People.AsNoTracking();
        people = place.Level switch
        {
            AdministrativeLevel.Commune => people.Where(p => p.CommuneCode == place.Code),
            AdministrativeLevel.District => people.Where(p => p.DistrictCode == place.Code),
            AdministrativeLevel.Province => people.Where(p => p.ProvinceCode == place.Code),
            _ => people,
        };
        IQueryable<Case> cases = db.Cases.AsNoTracking().Where(c => c.Id < upTo);
        if (wanted is { } w)
        {
            cases = cases.Where(c => c.Status == w);
        }

        var rows = await cases.Join(people, c => c.PersonId, p => p.Id, (c, p) => new { Case = c, p.FullName, p.CommuneCode })
            .OrderByDescending(x => x.Case.Id).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        var page = rows.Take(take).ToList();
        List<long> ids = [.. page.Select(r => r.Case.Id)];
        var counts = await db.CaseContacts.AsNoTracking().Where(c => ids.Contains(c.CaseId))
            .GroupBy(c => new { c.CaseId, c.Degree }).Select(g => new { g.Key.CaseId, g.Key.Degree, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        ILookup<long, long> clusters = (await db.ClusterCases.AsNoTracking().Where(m => ids.Contains(m.CaseId)).Select(m => new { m.CaseId, m.ClusterId })
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToLookup(m => m.CaseId, m => m.ClusterId);
        int Count(long caseId, int? degree) => counts.Where(c => c.CaseId == caseId && (degree is null || c.Degree == degree)).Sum(c => c.Count);
        await audit.RecordReadsAsync([.. page.Select(r => r.Case.PersonId).Distinct()], "case.list", stated, place.Code is null ? "national" : place.Level + " " + place.Code, cancellationToken)
            .ConfigureAwait(false);
        string? next = rows.Count > take
            ? string.Create(CultureInfo.InvariantCulture, $"?{place.Query}{(request.Status is null ? string.Empty : "status=" + request.Status + "&")}before={page[^1].Case.Id}&limit={take}")
            : null;
        return (new KeysetPage<CaseSummary>([.. page.Select(r => new CaseSummary(r.Case.Id, r.Case.PersonId, r.FullName, r.CommuneCode,
            ChangeCaseStatus.Code(r.Case.Status), r.Case.OnsetOn, r.Case.FirstPositiveSampledAtUtc, r.Case.OpenedAtUtc, r.Case.SourceLabResultId is null,
            Count(r.Case.Id, null), Count(r.Case.Id, 1), Count(r.Case.Id, 2), [.. clusters[r.Case.Id].Order()]))], next), null);
    }
}
