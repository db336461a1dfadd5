using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.People;
using PcCovid.Web.Features.Tracing;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Cases;

/// <summary>
/// Clusters (ổ dịch) for the local CDC: create one at a place in the jurisdiction, add and remove cases (each in the
/// jurisdiction too), list a place's clusters (keyset), read one with its cases, and its graph (the cases and who
/// infected whom among them). A cluster outside the jurisdiction is a 404.
/// </summary>
public static class ClustersEndpoints
{
    private const int MaxPageSize = 200;

    public sealed record CreateClusterRequest(string? Name, string? Kind, string? CommuneCode, long? VenueId, DateOnly? StartedOn, string? Description, string? Purpose);

    public sealed record ClusterCaseRequest(long CaseId, string? Purpose);

    public sealed record ClusterSummary(long Id, string Name, string Kind, string ProvinceCode, string DistrictCode, string CommuneCode, long? VenueId, DateOnly? StartedOn,
        int Cases, int ActiveCases, DateTime CreatedAtUtc);

    public sealed record ClusterMember(long CaseId, long PersonId, string? FullName, string? CommuneCode, string Status, DateOnly? OnsetOn, DateTime? FirstPositiveSampledAtUtc,
        DateTime AddedAtUtc);

    public sealed record ClusterDetail(long Id, string Name, string Kind, string ProvinceCode, string DistrictCode, string CommuneCode, long? VenueId, string? VenueName,
        DateOnly? StartedOn, string? Description, DateTime CreatedAtUtc, IReadOnlyList<ClusterMember> Cases);

    public static void MapClusters(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder clusters = routes.MapGroup("/api/staff/clusters").WithTags("Cases (staff)").RequireAuthorization(AccessPolicies.Epidemiologist);
        clusters.MapPost("/", CreateAsync).WithName("CreateCluster")
            .WithSummary("Creates a cluster: {name, kind (market, factory, hospital, school, residential, event, transport, other), communeCode, venueId?, startedOn?, description?, purpose}");
        clusters.MapGet("/", ListAsync).WithName("ListClusters")
            .WithSummary("The clusters of a place in your jurisdiction (?commune= | district= | province=), newest first, keyset ?before=id");
        clusters.MapGet("/{id:long}", DetailAsync).WithName("ClusterDetail").WithSummary("A cluster with its cases (?purpose=)");
        clusters.MapPost("/{id:long}/cases", AddCaseAsync).WithName("AddClusterCase").WithSummary("Adds a case to a cluster: {caseId, purpose}");
        clusters.MapDelete("/{id:long}/cases/{caseId:long}", RemoveCaseAsync).WithName("RemoveClusterCase").WithSummary("Removes a case from a cluster (?purpose=)");
        clusters.MapGet("/{id:long}/graph", GraphAsync).WithName("ClusterGraph")
            .WithSummary("The graph of a cluster (?purpose=): the cluster, its cases, and infected-by edges among them with their evidence");
    }

    public static async Task<Results<Created<ClusterDetail>, ProblemHttpResult>> CreateAsync(CreateClusterRequest request, PcCovidDbContext db, ReferenceData reference,
        CurrentActor actor, AuditTrail audit, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StaffPersonAccess.PurposeProblem(actor, request.Purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        AdministrativeUnit? commune = request.CommuneCode is null ? null : reference.Catalog.FindCommune(request.CommuneCode);
        if (commune is null || !StaffPersonAccess.MayBrowse(actor, commune.ProvinceCode, commune.ParentCode, commune.Code))
        {
            return TypedResults.Problem("Cần mã xã trong địa bàn của bạn (communeCode) / A commune code in your jurisdiction is required (communeCode).", statusCode: StatusCodes.Status400BadRequest);
        }

        if (request.VenueId is { } venue && !await db.Venues.AnyAsync(v => v.Id == venue, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.Problem("Không có địa điểm này / No such venue.", statusCode: StatusCodes.Status400BadRequest);
        }

        Cluster cluster;
        try
        {
            cluster = Cluster.Create(request.Name ?? string.Empty, request.Kind ?? string.Empty, commune.ProvinceCode, commune.ParentCode!, commune.Code, request.VenueId,
                request.StartedOn, request.Description, actor.RequireAccountId(), clock.GetUtcNow().UtcDateTime);
        }
        catch (DomainException exception)
        {
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest, title: "Ổ dịch không hợp lệ / Invalid cluster");
        }

        db.Clusters.Add(cluster);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        audit.Record(AuditActor.From(http), "cluster.created", null, stated, string.Create(CultureInfo.InvariantCulture, $"cluster {cluster.Id}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"/api/staff/clusters/{cluster.Id}"),
            await LoadDetailAsync(db, cluster.Id, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<Results<Ok<KeysetPage<ClusterSummary>>, ProblemHttpResult>> ListAsync(string? province, string? district, string? commune, long? before, int? limit,
        PcCovidDbContext db, ReferenceData reference, CurrentActor actor, CancellationToken cancellationToken)
    {
        CasePlace? place = CasePlace.Resolve(actor, reference, province, district, commune);
        if (place is null)
        {
            return TypedResults.Problem(CasePlace.NotInJurisdiction, statusCode: StatusCodes.Status400BadRequest);
        }

        int take = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        long upTo = before ?? long.MaxValue;
        IQueryable<Cluster> query = db.Clusters.AsNoTracking().Where(c => c.Id < upTo);
        query = place.Level switch
        {
            AdministrativeLevel.Commune => query.Where(c => c.CommuneCode == place.Code),
            AdministrativeLevel.District => query.Where(c => c.DistrictCode == place.Code),
            AdministrativeLevel.Province => query.Where(c => c.ProvinceCode == place.Code),
            _ => query,
        };
        List<Cluster> rows = await query.OrderByDescending(c => c.Id).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        var page = rows.Take(take).ToList();
        List<long> ids = [.. page.Select(c => c.Id)];
        // Counts for the page in one query (no personal data: a list of clusters reads nobody).
        var counts = await db.ClusterCases.AsNoTracking().Where(m => ids.Contains(m.ClusterId)).Join(db.Cases, m => m.CaseId, c => c.Id, (m, c) => new { m.ClusterId, c.Status })
            .GroupBy(x => x.ClusterId).Select(g => new { g.Key, All = g.Count(), Active = g.Count(x => x.Status == CaseStatus.Active) })
            .ToDictionaryAsync(g => g.Key, cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? string.Create(CultureInfo.InvariantCulture, $"?{place.Query}before={page[^1].Id}&limit={take}") : null;
        return TypedResults.Ok(new KeysetPage<ClusterSummary>([.. page.Select(c => new ClusterSummary(c.Id, c.Name, c.Kind, c.ProvinceCode, c.DistrictCode, c.CommuneCode, c.VenueId,
            c.StartedOn, counts.TryGetValue(c.Id, out var n) ? n.All : 0, n?.Active ?? 0, c.CreatedAtUtc))], next));
    }

    public static async Task<Results<Ok<ClusterDetail>, NotFound, ProblemHttpResult>> DetailAsync(long id, string? purpose, PcCovidDbContext db, CurrentActor actor,
        PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        if (await ClusterInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false) is null)
        {
            return TypedResults.NotFound();
        }

        ClusterDetail detail = await LoadDetailAsync(db, id, cancellationToken).ConfigureAwait(false);
        await audit.RecordReadsAsync([.. detail.Cases.Select(c => c.PersonId).Distinct()], "cluster.detail", stated, string.Create(CultureInfo.InvariantCulture, $"cluster {id}"),
            cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(detail);
    }

    public static async Task<Results<Ok<ClusterDetail>, NotFound, ProblemHttpResult>> AddCaseAsync(long id, ClusterCaseRequest request, PcCovidDbContext db, CurrentActor actor,
        AuditTrail audit, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StaffPersonAccess.PurposeProblem(actor, request.Purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        if (await ClusterInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false) is null)
        {
            return TypedResults.NotFound();
        }

        (Case? theCase, _) = await CasesEndpoints.CaseInJurisdictionAsync(db, actor, request.CaseId, cancellationToken).ConfigureAwait(false);
        if (theCase is null)
        {
            return TypedResults.Problem("Không có ca bệnh này trong địa bàn của bạn / No such case in your jurisdiction.", statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["code"] = "unknown-case" });
        }

        Cluster cluster = await db.Clusters.Include(c => c.Cases).SingleAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (cluster.Add(theCase.Id, actor.RequireAccountId(), clock.GetUtcNow().UtcDateTime))
        {
            audit.Record(AuditActor.From(http), "cluster.case-added", theCase.PersonId, stated, string.Create(CultureInfo.InvariantCulture, $"cluster {id} case {theCase.Id}"));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Ok(await LoadDetailAsync(db, id, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RemoveCaseAsync(long id, long caseId, string? purpose, PcCovidDbContext db, CurrentActor actor,
        AuditTrail audit, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        if (await ClusterInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false) is null)
        {
            return TypedResults.NotFound();
        }

        Cluster cluster = await db.Clusters.Include(c => c.Cases).SingleAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (!cluster.Remove(caseId, clock.GetUtcNow().UtcDateTime))
        {
            return TypedResults.NotFound();
        }

        long? person = await db.Cases.Where(c => c.Id == caseId).Select(c => (long?)c.PersonId).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        audit.Record(AuditActor.From(http), "cluster.case-removed", person, stated, string.Create(CultureInfo.InvariantCulture, $"cluster {id} case {caseId}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<TracingEndpoints.GraphResponse>, NotFound, ProblemHttpResult>> GraphAsync(long id, string? purpose, PcCovidDbContext db, CurrentActor actor,
        PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        Cluster? cluster = await ClusterInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (cluster is null)
        {
            return TypedResults.NotFound();
        }

        ClusterDetail detail = await LoadDetailAsync(db, id, cancellationToken).ConfigureAwait(false);
        List<long> caseIds = [.. detail.Cases.Select(c => c.CaseId)];
        // Who infected whom inside the cluster: contact rows of a member case that became another member case.
        var chains = await db.CaseContacts.AsNoTracking().Include(c => c.Evidence)
            .Where(c => caseIds.Contains(c.CaseId) && c.BecameCaseId != null && caseIds.Contains(c.BecameCaseId.Value)).AsSplitQuery()
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        string clusterNode = string.Create(CultureInfo.InvariantCulture, $"cluster:{id}");
        var nodes = new List<TracingEndpoints.GraphNode> { new(clusterNode, "cluster", null, null, cluster.Name, null) };
        var edges = new List<TracingEndpoints.GraphEdge>();
        foreach (ClusterMember member in detail.Cases)
        {
            string node = string.Create(CultureInfo.InvariantCulture, $"case:{member.CaseId}");
            nodes.Add(new TracingEndpoints.GraphNode(node, "case", member.PersonId, member.CaseId, member.FullName, 0));
            edges.Add(new TracingEndpoints.GraphEdge(clusterNode, node, "member", []));
        }

        foreach (var chain in chains)
        {
            edges.Add(new TracingEndpoints.GraphEdge(string.Create(CultureInfo.InvariantCulture, $"case:{chain.CaseId}"), string.Create(CultureInfo.InvariantCulture, $"case:{chain.BecameCaseId}"),
                "infected", [.. chain.Evidence.OrderBy(e => e.Id).Select(e => new TracingEndpoints.EvidenceResponse(TracingEndpoints.SourceNames(e.Source)[0], e.VenueId, null,
                    e.OverlapStartUtc, e.OverlapEndUtc, e.HouseholdCode, e.Note, e.Rssi, e.SourceSystem))]));
        }

        await audit.RecordReadsAsync([.. detail.Cases.Select(c => c.PersonId).Distinct()], "cluster.graph", stated, string.Create(CultureInfo.InvariantCulture, $"cluster {id}"),
            cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new TracingEndpoints.GraphResponse(0, nodes, edges));
    }

    private static async Task<Cluster?> ClusterInJurisdictionAsync(PcCovidDbContext db, CurrentActor actor, long id, CancellationToken cancellationToken)
    {
        Cluster? cluster = await db.Clusters.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        return cluster is not null && StaffPersonAccess.MayBrowse(actor, cluster.ProvinceCode, cluster.DistrictCode, cluster.CommuneCode) ? cluster : null;
    }

    private static async Task<ClusterDetail> LoadDetailAsync(PcCovidDbContext db, long id, CancellationToken cancellationToken)
    {
        Cluster cluster = await db.Clusters.AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        string? venue = cluster.VenueId is { } v ? await db.Venues.Where(x => x.Id == v).Select(x => x.Name).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false) : null;
        var members = await db.ClusterCases.AsNoTracking().Where(m => m.ClusterId == id)
            .Join(db.Cases, m => m.CaseId, c => c.Id, (m, c) => new { m.AddedAtUtc, Case = c })
            .Join(db.People, x => x.Case.PersonId, p => p.Id, (x, p) => new { x.AddedAtUtc, x.Case, p.FullName, p.CommuneCode })
            .OrderBy(x => x.Case.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new ClusterDetail(cluster.Id, cluster.Name, cluster.Kind, cluster.ProvinceCode, cluster.DistrictCode, cluster.CommuneCode, cluster.VenueId, venue, cluster.StartedOn,
            cluster.Description, cluster.CreatedAtUtc, [.. members.Select(m => new ClusterMember(m.Case.Id, m.Case.PersonId, m.FullName, m.CommuneCode, ChangeCaseStatus.Code(m.Case.Status),
                m.Case.OnsetOn, m.Case.FirstPositiveSampledAtUtc, m.AddedAtUtc))]);
    }
}
