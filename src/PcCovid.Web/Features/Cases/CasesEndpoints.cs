using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.People;
using PcCovid.Web.Features.Tracing;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Cases;

/// <summary>
/// Cases (F0) for the local CDC: enter a case by hand, close it along the allowed transitions, list a place's cases
/// (keyset, jurisdiction, audited), read one with its contacts, evidence, clusters and the case it came from. A case
/// outside the reader's jurisdiction is a 404, like one that does not exist.
/// </summary>
public static class CasesEndpoints
{
    private const int MaxPageSize = 200;

    public sealed record OpenCaseRequest(string? CitizenId, long? PersonId, DateOnly? OnsetOn, DateOnly? SampledOn, string? Purpose);

    public sealed record StatusRequest(string? Status, string? Purpose);

    public sealed record ClusterReference(long Id, string Name, string Kind);

    /// <summary>Where the case came from: the case(s) whose contact this person was (the chain F0 → F1 → case).</summary>
    public sealed record InfectedBy(long CaseId, long SourcePersonId, int Degree, IReadOnlyList<string> Sources, DateTime? LastExposureUtc);

    public sealed record CaseDetail(long Id, long PersonId, string? FullName, int? BirthYear, string? ProvinceCode, string? DistrictCode, string? CommuneCode, string Status,
        DateOnly? OnsetOn, DateTime? FirstPositiveSampledAtUtc, DateTime? LatestPositiveSampledAtUtc, int PositiveResults, long? SourceLabResultId, bool EnteredByHand,
        DateTime OpenedAtUtc, DateTime? ClosedAtUtc, IReadOnlyList<string> AllowedNextStatuses, IReadOnlyList<ClusterReference> Clusters, IReadOnlyList<InfectedBy> InfectedBy,
        int BluetoothEncounters, IReadOnlyList<TracingEndpoints.ContactResponse> Contacts);

    public static void MapCases(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder cases = routes.MapGroup("/api/staff/cases").WithTags("Cases (staff)").RequireAuthorization(AccessPolicies.Epidemiologist);
        cases.MapPost("/", OpenAsync).WithName("OpenCase")
            .WithSummary("Enters a case by hand: {citizenId | personId, onsetOn and/or sampledOn, purpose}; traced automatically");
        cases.MapGet("/", ListAsync).WithName("ListCases")
            .WithSummary("The cases of a place in your jurisdiction (?commune= | district= | province=, status=, purpose=), newest first, keyset ?before=id");
        cases.MapGet("/{id:long}", DetailAsync).WithName("CaseDetail")
            .WithSummary("A case with its person, clusters, the case it came from, and its contacts with every piece of evidence (?purpose=)");
        cases.MapPost("/{id:long}/status", ChangeStatusAsync).WithName("ChangeCaseStatus")
            .WithSummary("Closes a case: {status: recovered | died | not-a-case, purpose}; only the allowed transitions");
    }

    public static async Task<Results<Created<CaseDetail>, ProblemHttpResult>> OpenAsync(OpenCaseRequest request, PcCovidDbContext db, CurrentActor actor, OpenCase open,
        PersonalDataAudit audit, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StaffPersonAccess.PurposeProblem(actor, request.Purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        Person? person = request.PersonId is { } id
            ? await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken).ConfigureAwait(false)
            : await PersonLookup.FindByCitizenIdAsync(db, request.CitizenId, cancellationToken).ConfigureAwait(false);
        // Someone outside the jurisdiction is answered like nobody: the API does not say who exists elsewhere.
        if (person is null || !StaffPersonAccess.MayBrowse(actor, person.ProvinceCode, person.DistrictCode, person.CommuneCode))
        {
            return TypedResults.Problem("Không tìm thấy người này trong địa bàn của bạn / No such person in your jurisdiction.", statusCode: StatusCodes.Status400BadRequest,
                title: "Người không xác định / Unknown person", extensions: new Dictionary<string, object?> { ["code"] = "unknown-person" });
        }

        try
        {
            (Case? opened, OpenCase.Problem refused, long? active) = await open.HandleAsync(person.Id, request.OnsetOn, request.SampledOn, AuditActor.From(http), stated, cancellationToken)
                .ConfigureAwait(false);
            if (refused == OpenCase.Problem.AlreadyActive)
            {
                return TypedResults.Problem("Người này đang là ca bệnh / This person is an active case already.", statusCode: StatusCodes.Status409Conflict,
                    title: "Ca bệnh đang hoạt động / Active case exists", extensions: new Dictionary<string, object?> { ["code"] = "active-case", ["caseId"] = active });
            }

            CaseDetail detail = (await LoadDetailAsync(db, opened!, person, cancellationToken).ConfigureAwait(false));
            await audit.RecordReadsAsync([person.Id], "case.detail", stated, string.Create(CultureInfo.InvariantCulture, $"case {opened!.Id}"), cancellationToken).ConfigureAwait(false);
            return TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"/api/staff/cases/{opened.Id}"), detail);
        }
        catch (DomainException exception)
        {
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest, title: "Ca bệnh không hợp lệ / Invalid case",
                extensions: new Dictionary<string, object?> { ["code"] = "invalid-case" });
        }
    }

    public static async Task<Results<Ok<KeysetPage<ListCases.CaseSummary>>, ProblemHttpResult>> ListAsync(string? province, string? district, string? commune, string? status, string? purpose,
        long? before, int? limit, ListCases list, CancellationToken cancellationToken)
    {
        (KeysetPage<ListCases.CaseSummary>? page, string? problem) = await list.HandleAsync(new ListCases.Request(province, district, commune, status, purpose, before, limit), cancellationToken)
            .ConfigureAwait(false);
        return page is not null ? TypedResults.Ok(page) : TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Danh sách ca bệnh / Case list");
    }

    public static async Task<Results<Ok<CaseDetail>, NotFound, ProblemHttpResult>> DetailAsync(long id, string? purpose, PcCovidDbContext db, CurrentActor actor,
        PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        (Case? theCase, Person? person) = await CaseInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (theCase is null || person is null)
        {
            return TypedResults.NotFound();
        }

        CaseDetail detail = await LoadDetailAsync(db, theCase, person, cancellationToken).ConfigureAwait(false);
        List<long> subjects = [person.Id, .. detail.Contacts.Where(c => c.PersonId is not null).Select(c => c.PersonId!.Value)];
        await audit.RecordReadsAsync(subjects, "case.detail", stated, string.Create(CultureInfo.InvariantCulture, $"case {id}"), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(detail);
    }

    public static async Task<Results<Ok<CaseDetail>, NotFound, ProblemHttpResult>> ChangeStatusAsync(long id, StatusRequest request, PcCovidDbContext db, CurrentActor actor,
        ChangeCaseStatus change, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StaffPersonAccess.PurposeProblem(actor, request.Purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        if (request.Status is null || !ChangeCaseStatus.Codes.TryGetValue(request.Status, out CaseStatus to))
        {
            return TypedResults.Problem("status: recovered, died, not-a-case", statusCode: StatusCodes.Status400BadRequest);
        }

        (Case? found, Person? person) = await CaseInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (found is null || person is null)
        {
            return TypedResults.NotFound();
        }

        try
        {
            Case changed = (await change.HandleAsync(id, to, AuditActor.From(http), stated, cancellationToken).ConfigureAwait(false))!;
            return TypedResults.Ok(await LoadDetailAsync(db, changed, person, cancellationToken).ConfigureAwait(false));
        }
        catch (DomainException exception)
        {
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status409Conflict, title: "Chuyển trạng thái không được phép / Transition not allowed",
                extensions: new Dictionary<string, object?> { ["code"] = "transition-not-allowed" });
        }
    }

    /// <summary>The case and its person when the person lives in the actor's jurisdiction; (null, null) otherwise.</summary>
    public static async Task<(Case? Case, Person? Person)> CaseInJurisdictionAsync(PcCovidDbContext db, CurrentActor actor, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var found = await db.Cases.AsNoTracking().Where(c => c.Id == id).Join(db.People, c => c.PersonId, p => p.Id, (c, p) => new { Case = c, Person = p })
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return found is not null && StaffPersonAccess.MayBrowse(actor, found.Person.ProvinceCode, found.Person.DistrictCode, found.Person.CommuneCode)
            ? (found.Case, found.Person) : (null, null);
    }

    private static async Task<CaseDetail> LoadDetailAsync(PcCovidDbContext db, Case theCase, Person person, CancellationToken cancellationToken)
    {
        TracingEndpoints.ContactsResponse contacts = await TracingEndpoints.LoadContactsAsync(db, theCase, cancellationToken).ConfigureAwait(false);
        List<ClusterReference> clusters = await db.ClusterCases.AsNoTracking().Where(m => m.CaseId == theCase.Id)
            .Join(db.Clusters, m => m.ClusterId, c => c.Id, (m, c) => new ClusterReference(c.Id, c.Name, c.Kind)).ToListAsync(cancellationToken).ConfigureAwait(false);
        List<InfectedBy> sources = [.. (await db.CaseContacts.AsNoTracking().Where(c => c.BecameCaseId == theCase.Id)
            .Join(db.Cases, c => c.CaseId, k => k.Id, (c, k) => new { c.CaseId, k.PersonId, c.Degree, c.Sources, c.LastExposureUtc })
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(s => new InfectedBy(s.CaseId, s.PersonId, s.Degree, TracingEndpoints.SourceNames(s.Sources), s.LastExposureUtc))];
        int bluetooth = await db.BluetoothEncounters.CountAsync(e => e.CaseId == theCase.Id, cancellationToken).ConfigureAwait(false);
        return new CaseDetail(theCase.Id, theCase.PersonId, person.FullName, person.BirthYear, person.ProvinceCode, person.DistrictCode, person.CommuneCode,
            ChangeCaseStatus.Code(theCase.Status), theCase.OnsetOn, theCase.FirstPositiveSampledAtUtc, theCase.LatestPositiveSampledAtUtc, theCase.PositiveResults,
            theCase.SourceLabResultId, theCase.SourceLabResultId is null, theCase.OpenedAtUtc, theCase.ClosedAtUtc,
            [.. Enum.GetValues<CaseStatus>().Where(s => Case.CanMove(theCase.Status, s)).Select(ChangeCaseStatus.Code)], clusters, sources, bluetooth, contacts.Contacts);
    }
}
