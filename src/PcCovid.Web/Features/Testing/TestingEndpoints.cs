using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.Testing;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Certificates;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.Vaccination;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Testing;

/// <summary>
/// Lab results: labs submit one result (JSON) or a file (xetnghiem CSV) and list what they sent; data
/// stewards work the review list; citizens see their own and their dependants' results.
/// </summary>
public static class TestingEndpoints
{
    public const int MaxPageSize = 500;

    /// <summary>A lab file may be large: up to 512 MB in one request (the import streams it).</summary>
    public const long MaxCsvBytes = 512L * 1024 * 1024;

    public sealed record SubmitResultRequest(
        string? SampleId,
        string? PoolId,
        string? FullName,
        int? BirthYear,
        string? IdNumber,
        string? Phone,
        string? TestType,
        string? Outcome,
        decimal? Ct,
        DateTimeOffset? SampledAt,
        DateTimeOffset? ReportedAt);

    public sealed record SubmitResultResponse(long Id, string SampleId, bool Matched, bool SentToReview, bool Repeated, bool CaseOpened, bool CaseUpdated, bool RetestOrdered);

    public sealed record LabResultResponse(long Id, string SampleId, string? PoolId, string TestType, string Loinc, string Outcome, string Snomed, decimal? Ct, DateTime SampledAtUtc, DateTime ReportedAtUtc, string Status, bool Matched);

    public sealed record ReviewItemResponse(long Id, long LabResultId, long LabFacilityId, string Reason, IReadOnlyList<long> Candidates, string FullName, int? BirthYear, string? IdNumber, string? Phone, DateTime CreatedAtUtc);

    public sealed record MyResultResponse(long Id, string TestType, string Outcome, decimal? Ct, DateTime SampledAtUtc, DateTime ReportedAtUtc, string Status, string Lab);

    public sealed record ImportResponse(
        long ImportRunId, long RowsRead, long Inserted, long Unchanged, long Rejected, long Matched, long SentToReview,
        long CasesOpened, long CasesUpdated, long RetestsOrdered, long RetestsClosed, IReadOnlyList<RejectionResponse> FirstRejections);

    public sealed record RejectionResponse(long LineNumber, string Reason);


    public static RouteGroupBuilder MapTesting(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder lab = routes.MapGroup("/api/lab").WithTags("Lab results");
        lab.MapPost("/results", SubmitAsync).WithName("SubmitLabResult").WithSummary("Submit one result (JSON); the lab is the caller's facility").RequireAuthorization(AccessPolicies.Lab);
        lab.MapPost("/results/csv", ImportCsvAsync).WithName("ImportLabResultsCsv").WithSummary("Submit a xetnghiem CSV file (request body, text/csv); refused lines come back with their numbers")
            .RequireAuthorization(AccessPolicies.Lab).WithMetadata(new RequestSizeLimitAttribute(MaxCsvBytes));
        lab.MapGet("/results", ListOwnAsync).WithName("ListLabResults").WithSummary("The results this lab submitted (keyset: ?after=id)").RequireAuthorization(AccessPolicies.Lab);
        lab.MapGet("/review", ListReviewAsync).WithName("ListLabReview").WithSummary("Results waiting for a person match (keyset: ?after=id)").RequireAuthorization(AccessPolicies.DataSteward);

        routes.MapGet("/api/me/results", ListMineAsync).WithTags("Citizen").WithName("ListMyResults")
            .WithSummary("My test results, or a dependant's (?personId=)").RequireAuthorization(AccessPolicies.Citizen);
        routes.MapGet("/api/me/certificates/test", (long? personId, Guardians guardians, CurrentActor actor, IssueTestCertificate issue, PersonalDataAudit audit, CancellationToken cancellationToken) =>
                CertificateAsync(personId, guardians, actor, issue.HandleAsync, audit, "test", cancellationToken))
            .WithTags("Citizen").WithName("GetTestCertificate").RequireAuthorization(AccessPolicies.Citizen)
            .WithSummary("My test certificate (EU DCC) from my latest individual result, or a dependant's (?personId=)");
        routes.MapGet("/api/me/certificates/recovery", (long? personId, Guardians guardians, CurrentActor actor, IssueRecoveryCertificate issue, PersonalDataAudit audit, CancellationToken cancellationToken) =>
                CertificateAsync(personId, guardians, actor, issue.HandleAsync, audit, "recovery", cancellationToken))
            .WithTags("Citizen").WithName("GetRecoveryCertificate").RequireAuthorization(AccessPolicies.Citizen)
            .WithSummary("My recovery certificate (EU DCC) from my latest case's first positive RT-PCR, or a dependant's (?personId=)");
        return lab;
    }

    public static async Task<Results<Created<SubmitResultResponse>, ValidationProblem>> SubmitAsync(
        SubmitResultRequest request, RecordLabResults record, CurrentActor actor, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        long lab = LabOf(actor);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        LabTestType type = default;
        LabOutcome outcome = default;
        if (string.IsNullOrWhiteSpace(request.SampleId))
        {
            errors["sampleId"] = ["Thiếu mã mẫu / sampleId is required"];
        }

        if (string.IsNullOrWhiteSpace(request.FullName))
        {
            errors["fullName"] = ["Thiếu họ tên / fullName is required"];
        }

        if (!LabCodes.TryParseTestType(request.TestType, out type))
        {
            errors["testType"] = ["Loại xét nghiệm: rt-pcr hoặc rapid-antigen / testType: rt-pcr or rapid-antigen"];
        }

        if (!LabCodes.TryParseOutcome(request.Outcome, out outcome))
        {
            errors["outcome"] = ["Kết quả: positive, negative hoặc inconclusive / outcome: positive, negative or inconclusive"];
        }

        if (request.SampledAt is null || request.ReportedAt is null)
        {
            errors["sampledAt"] = ["Cần thời gian lấy mẫu và trả kết quả / sampledAt and reportedAt are required"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var input = new LabResultInput(request.SampleId!.Trim(), request.PoolId, request.FullName!, request.BirthYear, request.IdNumber?.Trim(), request.Phone,
            type, outcome, request.Ct, request.SampledAt!.Value.UtcDateTime, request.ReportedAt!.Value.UtcDateTime);
        RecordLabResults.Outcome result = await record.HandleAsync(lab, [input], SourceSystems.PcCovid, null, AuditActor.From(http), auditEachResult: true, cancellationToken).ConfigureAwait(false);
        if (result.Rejected.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["result"] = [result.Rejected[0].Reason] });
        }

        long id = result.ResultIds[0];
        var response = new SubmitResultResponse(id, input.SampleId, result.Matched > 0 || (result.Unchanged > 0), result.SentToReview > 0, result.Unchanged > 0,
            result.CasesOpened > 0, result.CasesUpdated > 0, result.RetestsOrdered > 0);
        return TypedResults.Created($"/api/lab/results?after={id - 1}&limit=1", response);
    }

    public static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportCsvAsync(
        HttpContext http, ImportLabResults import, CurrentActor actor, string? fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        long lab = LabOf(actor);
        ImportLabResults.Result result = await import.HandleAsync(lab, http.Request.Body, string.IsNullOrWhiteSpace(fileName) ? "ket_qua.csv" : fileName, AuditActor.From(http), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ImportResponse(
            result.ImportRunId, result.RowsRead, result.Inserted, result.Unchanged, result.Rejected, result.Matched, result.SentToReview,
            result.CasesOpened, result.CasesUpdated, result.RetestsOrdered, result.RetestsClosed,
            result.FirstRejections.Select(r => new RejectionResponse(r.LineNumber, r.Reason)).ToList()));
    }

    public static async Task<Ok<KeysetPage<LabResultResponse>>> ListOwnAsync(PcCovidDbContext db, CurrentActor actor, long? after, int? limit, CancellationToken cancellationToken)
    {
        long lab = LabOf(actor);
        int take = Math.Clamp(limit ?? 100, 1, MaxPageSize);
        long from = after ?? 0;
        List<LabResult> rows = await db.LabResults.AsNoTracking()
            .Where(r => r.LabFacilityId == lab && r.Id > from)
            .OrderBy(r => r.Id).Take(take + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? $"?after={rows[take - 1].Id}&limit={take}" : null;
        return TypedResults.Ok(new KeysetPage<LabResultResponse>(rows.Take(take).Select(r => new LabResultResponse(
            r.Id, r.SampleId, r.PoolId, r.TestType.Code(), r.TestType.Loinc(), r.Outcome.Code(), r.Outcome.Snomed(), r.Ct, r.SampledAtUtc, r.ReportedAtUtc,
            StatusCode(r.Status), r.PersonId is not null)).ToList(), next));
    }

    public static async Task<Ok<KeysetPage<ReviewItemResponse>>> ListReviewAsync(PcCovidDbContext db, CurrentActor actor, AuditTrail audit, HttpContext http, long? after, int? limit, CancellationToken cancellationToken)
    {
        int take = Math.Clamp(limit ?? 100, 1, MaxPageSize);
        long from = after ?? 0;
        IQueryable<LabReviewItem> query = db.LabReviewItems.AsNoTracking().Where(i => i.ResolvedAtUtc == null && i.Id > from);
        if (actor.Scope is { Kind: ScopeKind.Province } scope)
        {
            // A provincial data steward sees the review items of the province's labs.
            query = query.Where(i => db.Facilities.Any(f => f.Id == i.LabFacilityId && f.ProvinceCode == scope.Code));
        }

        List<LabReviewItem> rows = await query.OrderBy(i => i.Id).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? $"?after={rows[take - 1].Id}&limit={take}" : null;
        List<ReviewItemResponse> items = rows.Take(take).Select(i => new ReviewItemResponse(
            i.Id, i.LabResultId, i.LabFacilityId, i.Reason == LabReviewReason.Ambiguous ? "ambiguous" : "unmatched",
            i.CandidatePersonIds.Length == 0 ? [] : i.CandidatePersonIds.Split(',').Select(c => long.Parse(c, CultureInfo.InvariantCulture)).ToList(),
            i.FullName, i.BirthYear, i.IdNumber, i.Phone, i.CreatedAtUtc)).ToList();
        if (items.Count > 0)
        {
            await audit.RecordAsync(AuditActor.From(http), "lab-review.read", null, AccessPurpose.IdentityResolution, $"{items.Count} review items from {items[0].Id}", cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Ok(new KeysetPage<ReviewItemResponse>(items, next));
    }

    public static async Task<Results<Ok<IReadOnlyList<MyResultResponse>>, NotFound>> ListMineAsync(
        PcCovidDbContext db, Guardians guardians, CurrentActor actor, long? personId, CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        long subject = personId ?? me;
        if (!await guardians.MayActForAsync(me, subject, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        var rows = await db.LabResults.AsNoTracking()
            .Where(r => r.PersonId == subject)
            .OrderByDescending(r => r.SampledAtUtc).Take(200)
            .Join(db.Facilities, r => r.LabFacilityId, f => f.Id, (r, f) => new { r, f.Name })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<MyResultResponse> results = rows.Select(x => new MyResultResponse(
            x.r.Id, x.r.TestType.Code(), x.r.Outcome.Code(), x.r.Ct, x.r.SampledAtUtc, x.r.ReportedAtUtc, StatusCode(x.r.Status), x.Name)).ToList();
        return TypedResults.Ok(results);
    }

    /// <summary>A test or recovery certificate for me or a dependant; 404 when there is nothing to certify.</summary>
    public static async Task<Results<Ok<VaccinationEndpoints.CertificateResponse>, NotFound>> CertificateAsync(
        long? personId, Guardians guardians, CurrentActor actor, Func<long, CancellationToken, Task<IssueCertificate.Response?>> issue,
        PersonalDataAudit audit, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(issue);
        long me = actor.RequirePersonId();
        long subject = personId ?? me;
        if (!await guardians.MayActForAsync(me, subject, cancellationToken).ConfigureAwait(false)
            || await issue(subject, cancellationToken).ConfigureAwait(false) is not { } issued)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordReadsAsync([subject], kind + ".certificate.issue", purpose: null, kind + " certificate", cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new VaccinationEndpoints.CertificateResponse(issued.Hc1, Convert.ToBase64String(issued.QrPng), issued.CertificateId, issued.IssuedAt, issued.ExpiresAt));
    }

    private static string StatusCode(LabResultStatus status) => status == LabResultStatus.PendingRetest ? "pending-retest" : "final";

    /// <summary>The lab is the caller's facility: a lab account is always scoped to one.</summary>
    public static long LabOf(CurrentActor actor) =>
        actor.Scope is { Kind: ScopeKind.Facility } scope && long.TryParse(scope.Code, NumberStyles.None, CultureInfo.InvariantCulture, out long id)
            ? id
            : throw new DomainException("Tài khoản phòng xét nghiệm cần phạm vi cơ sở / a lab account needs a facility scope");
}
