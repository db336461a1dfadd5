using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Certificates;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Vaccination;

/// <summary>
/// The vaccination registry over HTTP: sites record, list and confirm doses and upload the platform's
/// CSV; citizens see and declare doses for themselves and their dependants and get their certificate;
/// public-health staff read a person's doses in their jurisdiction with a purpose; data stewards work
/// the review list.
/// </summary>
public static class VaccinationEndpoints
{
    public sealed record CertificateResponse(string Hc1, string QrPngBase64, string CertificateId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

    public sealed record ImportResponse(long ImportRunId, long RowsRead, long Inserted, long Unchanged, long Rejected, long SentToReview, long Flagged, IReadOnlyList<RejectionLine> FirstRejections);

    public sealed record RejectionLine(long LineNumber, string Reason);

    public sealed record ReviewResponse(long Id, long ImportRunId, long LineNumber, string SourceRecordId, string Reason, int Candidates, long? MatchedPersonId, DateTime CreatedAtUtc);

    public static IEndpointRouteBuilder MapVaccination(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder site = routes.MapGroup("/api/vaccination").WithTags("Vaccination");
        site.MapPost("/doses", RecordAsync).RequireAuthorization(AccessPolicies.VaccinationSite)
            .WithName("RecordDose").WithSummary("Record a dose given at your site (person by citizen ID in the body)");
        site.MapGet("/doses", ListForSiteAsync).RequireAuthorization(AccessPolicies.VaccinationSite)
            .WithName("ListSiteDoses").WithSummary("Doses your site recorded, newest first (keyset: ?before=id)");
        site.MapPost("/doses/{id:long}/confirm", ConfirmAsync).RequireAuthorization(AccessPolicies.VaccinationSite)
            .WithName("ConfirmDose").WithSummary("Confirm a self-declared dose after checking the papers");
        site.MapPost("/imports", ImportAsync).RequireAuthorization(AccessPolicies.VaccinationSite)
            .WithName("ImportDoses").WithSummary("Upload a tiemchung mui_tiem.csv (body text/csv): line-numbered refusals, unmatched rows to review");
        site.MapGet("/reviews", ListReviewsAsync).RequireAuthorization(AccessPolicies.DataSteward)
            .WithName("ListDoseReviews").WithSummary("Imported doses waiting for a person match (keyset: ?before=id)");
        site.MapPost("/reviews/{id:long}/link", LinkReviewAsync).RequireAuthorization(AccessPolicies.DataSteward)
            .WithName("LinkDoseReview").WithSummary("Link a row waiting for review to a person ({personId}): the dose is written");

        routes.MapGet("/api/citizen/people/{personId:long}/doses", ListForCitizenAsync).WithTags("Citizen").RequireAuthorization(AccessPolicies.Citizen)
            .WithName("ListMyDoses").WithSummary("My doses or a dependant's");
        routes.MapPost("/api/citizen/people/{personId:long}/doses", DeclareAsync).WithTags("Citizen").RequireAuthorization(AccessPolicies.Citizen)
            .WithName("DeclareDose").WithSummary("Declare a dose (e.g. given abroad) for me or a dependant: self-declared until a site confirms it");
        routes.MapGet("/api/me/certificates/vaccination", GetCertificateAsync).WithTags("Citizen").RequireAuthorization(AccessPolicies.Citizen)
            .WithName("GetVaccinationCertificate").WithSummary("My vaccination certificate (EU DCC HC1 + QR PNG), or a dependant's (?personId=)");
        routes.MapGet("/api/staff/people/{id:long}/doses", ListForStaffAsync).WithTags("People (staff)").RequireAuthorization(AccessPolicies.PersonRecord)
            .WithName("ListPersonDoses").WithSummary("A person's doses in your jurisdiction (?purpose=)");
        return routes;
    }

    public static async Task<Results<Created<DoseResponse>, NotFound>> RecordAsync(RecordDose.Request request, RecordDose handler, CancellationToken cancellationToken)
    {
        DoseResponse? dose = await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        return dose is null ? TypedResults.NotFound() : TypedResults.Created($"/api/vaccination/doses/{dose.Id}", dose);
    }

    public static async Task<Ok<IReadOnlyList<ListDoses.SiteDose>>> ListForSiteAsync(long? before, int? limit, ListDoses handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.ForSiteAsync(before, limit, cancellationToken).ConfigureAwait(false));

    public static async Task<Results<Ok<DoseResponse>, NotFound>> ConfirmAsync(long id, ConfirmDose handler, CancellationToken cancellationToken) =>
        await handler.HandleAsync(id, cancellationToken).ConfigureAwait(false) is { } dose ? TypedResults.Ok(dose) : TypedResults.NotFound();

    public static async Task<Ok<ImportResponse>> ImportAsync(HttpContext http, ImportDoses importer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ImportDoses.Result result = await importer.HandleAsync(http.Request.Body, "upload.csv", AuditActor.From(http), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ImportResponse(result.ImportRunId, result.RowsRead, result.Inserted, result.Unchanged, result.Rejected, result.SentToReview, result.Flagged,
            result.FirstRejections.Select(r => new RejectionLine(r.LineNumber, r.Reason)).ToList()));
    }

    public static async Task<Ok<IReadOnlyList<ReviewResponse>>> ListReviewsAsync(long? before, int? limit, PcCovidDbContext db, CancellationToken cancellationToken)
    {
        int take = Math.Clamp(limit ?? 50, 1, 500);
        IQueryable<DoseReview> query = db.DoseReviews.AsNoTracking().Where(r => r.ResolvedAtUtc == null);
        if (before is { } id)
        {
            query = query.Where(r => r.Id < id);
        }

        List<DoseReview> rows = await query.OrderByDescending(r => r.Id).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<ReviewResponse>>(rows.Select(r =>
            new ReviewResponse(r.Id, r.ImportRunId, r.LineNumber, r.SourceRecordId, r.Reason.ToString(), r.Candidates, r.MatchedPersonId, r.CreatedAtUtc)).ToList());
    }

    public static async Task<Results<Created<DoseResponse>, NotFound>> LinkReviewAsync(long id, LinkDoseReview.Request request, LinkDoseReview handler, CancellationToken cancellationToken) =>
        await handler.HandleAsync(id, request, cancellationToken).ConfigureAwait(false) is { } dose
            ? TypedResults.Created($"/api/citizen/people/{dose.PersonId}/doses", dose)
            : TypedResults.NotFound();

    public static async Task<Results<Ok<IReadOnlyList<DoseResponse>>, NotFound>> ListForCitizenAsync(long personId, ListDoses handler, CancellationToken cancellationToken) =>
        await handler.ForCitizenAsync(personId, cancellationToken).ConfigureAwait(false) is { } doses ? TypedResults.Ok(doses) : TypedResults.NotFound();

    public static async Task<Results<Created<DoseResponse>, NotFound>> DeclareAsync(long personId, DeclareDose.Request request, DeclareDose handler, CancellationToken cancellationToken) =>
        await handler.HandleAsync(personId, request, cancellationToken).ConfigureAwait(false) is { } dose
            ? TypedResults.Created($"/api/citizen/people/{personId}/doses", dose)
            : TypedResults.NotFound();

    public static async Task<Results<Ok<IReadOnlyList<DoseResponse>>, NotFound, ProblemHttpResult>> ListForStaffAsync(long id, string? purpose, ListDoses handler, CancellationToken cancellationToken)
    {
        (IReadOnlyList<DoseResponse>? doses, string? problem) = await handler.ForStaffAsync(id, purpose, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        return doses is null ? TypedResults.NotFound() : TypedResults.Ok(doses);
    }

    public static async Task<Results<Ok<CertificateResponse>, NotFound>> GetCertificateAsync(
        long? personId, Guardians guardians, CurrentActor actor, IssueVaccinationCertificate issue, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        long subject = personId ?? me;
        if (!await guardians.MayActForAsync(me, subject, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        IssueCertificate.Response? issued = await issue.HandleAsync(subject, cancellationToken).ConfigureAwait(false);
        if (issued is null)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordReadsAsync([subject], "vaccination.certificate.issue", purpose: null, "vaccination certificate", cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new CertificateResponse(issued.Hc1, Convert.ToBase64String(issued.QrPng), issued.CertificateId, issued.IssuedAt, issued.ExpiresAt));
    }
}
