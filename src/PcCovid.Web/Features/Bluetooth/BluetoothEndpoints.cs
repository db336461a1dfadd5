using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Tracing;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Cases;
using PcCovid.Web.Features.People;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Features.Tracing;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Bluetooth;

/// <summary>
/// Bluetooth contact tracing (PRODUCT.md §2.5), BlueTrace-style: the app fetches a batch of temporary ids to
/// broadcast (encrypted by the server, rotating per the rule); a case uploads the log of ids their phone saw — from
/// the app, or through an epidemiologist with the case's upload code — and the server resolves the ids to people and
/// traces the case again so the new F1s are alerted.
/// </summary>
public static class BluetoothEndpoints
{
    public sealed record TempIdsResponse(int ValidityMinutes, IReadOnlyList<IssuedTempId> TempIds);

    public sealed record UploadCodeResponse(long CaseId, string Code, DateTime ValidUntilUtc);

    public sealed record UploadRequest(IReadOnlyList<UploadEncounters.EncounterInput>? Encounters, string? UploadCode = null, string? Purpose = null);

    public sealed record UploadResponse(long CaseId, int Received, int Accepted, int AlreadyUploaded, IReadOnlyList<UploadEncounters.Rejection> Rejected, int F1, int NewAlerts);

    public static void MapBluetooth(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder me = routes.MapGroup("/api/me/bluetooth").WithTags("Citizen").RequireAuthorization(AccessPolicies.Citizen);
        me.MapGet("/temp-ids", TempIdsAsync).WithName("MyBluetoothTempIds")
            .WithSummary("A batch of temporary ids to broadcast (?count=, at most the rule's batch), each with its validity window");
        me.MapGet("/upload-code", UploadCodeAsync).WithName("MyBluetoothUploadCode")
            .WithSummary("While I am an active case: the code an epidemiologist needs to upload my encounter log for me");
        me.MapPost("/encounters", UploadMineAsync).WithName("UploadMyBluetoothEncounters")
            .WithSummary("While I am an active case: my phone's encounter log {encounters: [{tempId, firstSeenUtc, lastSeenUtc, rssi, txPower}]}");

        routes.MapPost("/api/staff/cases/{id:long}/bluetooth/encounters", UploadForCaseAsync).WithTags("Contact tracing (staff)").WithName("UploadCaseBluetoothEncounters")
            .WithSummary("A case's encounter log uploaded by an epidemiologist with the case's upload code {uploadCode, encounters, purpose}")
            .RequireAuthorization(AccessPolicies.Epidemiologist);
    }

    public static async Task<Results<Ok<TempIdsResponse>, NotFound>> TempIdsAsync(int? count, PcCovidDbContext db, CurrentActor actor, TempIdKeyRing keys, RuleCache rules,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (actor.PersonId is not { } person)
        {
            return TypedResults.NotFound();
        }

        string? province = await db.People.Where(p => p.Id == person).Select(p => p.ProvinceCode).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        BluetoothExposureRule rule = book.Require<BluetoothExposureRule>(RuleKeys.BluetoothExposure, province, VietnamTime.Today(clock));
        TempIdKeyRing.Ring ring = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        int n = Math.Clamp(count ?? rule.TempIdsPerBatch, 1, rule.TempIdsPerBatch);
        long validity = rule.TempIdValidityMinutes * 60L;
        long nowSeconds = clock.GetUtcNow().ToUnixTimeSeconds();
        long start = nowSeconds - (nowSeconds % validity);
        byte[] kid = ring.ActiveKidBytes;
        var ids = new List<IssuedTempId>(n);
        for (int i = 0; i < n; i++)
        {
            DateTime from = DateTimeOffset.FromUnixTimeSeconds(start + (i * validity)).UtcDateTime;
            DateTime to = DateTimeOffset.FromUnixTimeSeconds(start + ((i + 1) * validity)).UtcDateTime;
            ids.Add(new IssuedTempId(BluetoothTempId.Issue(ring.ActiveKey, kid, person, from, to), from, to));
        }

        return TypedResults.Ok(new TempIdsResponse(rule.TempIdValidityMinutes, ids));
    }

    public static async Task<Results<Ok<UploadCodeResponse>, NotFound>> UploadCodeAsync(PcCovidDbContext db, CurrentActor actor, TempIdKeyRing keys, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (actor.PersonId is not { } person || await ActiveCaseOfAsync(db, person, cancellationToken).ConfigureAwait(false) is not { } caseId)
        {
            return TypedResults.NotFound();
        }

        TempIdKeyRing.Ring ring = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        long hour = UploadEncounters.HourOf(clock.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(new UploadCodeResponse(caseId, UploadEncounters.UploadCode(ring.ActiveKey, caseId, hour),
            DateTimeOffset.FromUnixTimeSeconds((hour + 2) * 3600).UtcDateTime));
    }

    public static async Task<Results<Ok<UploadResponse>, NotFound, ProblemHttpResult>> UploadMineAsync(UploadRequest request, PcCovidDbContext db, CurrentActor actor,
        UploadEncounters upload, TraceCase trace, INotificationSender sender, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (actor.PersonId is not { } person || await ActiveCaseOfAsync(db, person, cancellationToken).ConfigureAwait(false) is not { } caseId)
        {
            return TypedResults.NotFound();
        }

        string? province = await db.People.Where(p => p.Id == person).Select(p => p.ProvinceCode).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return await UploadAsync(db, caseId, person, province, request, null, upload, trace, sender, audit, http, null, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<Results<Ok<UploadResponse>, NotFound, ProblemHttpResult>> UploadForCaseAsync(long id, UploadRequest request, PcCovidDbContext db, CurrentActor actor,
        TempIdKeyRing keys, UploadEncounters upload, TraceCase trace, INotificationSender sender, AuditTrail audit, HttpContext http, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StaffPersonAccess.PurposeProblem(actor, request.Purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        (Case? theCase, Domain.People.Person? person) = await CasesEndpoints.CaseInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (theCase is null || person is null)
        {
            return TypedResults.NotFound();
        }

        TempIdKeyRing.Ring ring = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!UploadEncounters.IsValidUploadCode(ring, id, request.UploadCode, clock.GetUtcNow().UtcDateTime))
        {
            return TypedResults.Problem("Mã tải lên không đúng hoặc đã hết hạn; người bệnh xem mã trong ứng dụng / The upload code is wrong or expired; the case's person sees it in the app.",
                statusCode: StatusCodes.Status403Forbidden, title: "Mã tải lên không hợp lệ / Invalid upload code", extensions: new Dictionary<string, object?> { ["code"] = "invalid-upload-code" });
        }

        return await UploadAsync(db, id, theCase.PersonId, person.ProvinceCode, request, actor.AccountId, upload, trace, sender, audit, http, stated, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Results<Ok<UploadResponse>, NotFound, ProblemHttpResult>> UploadAsync(PcCovidDbContext db, long caseId, long personId, string? province, UploadRequest request, Guid? by,
        UploadEncounters upload, TraceCase trace, INotificationSender sender, AuditTrail audit, HttpContext http, AccessPurpose? purpose, CancellationToken cancellationToken)
    {
        if (request.Encounters is not { Count: > 0 } encounters || encounters.Count > UploadEncounters.MaxEncounters)
        {
            return TypedResults.Problem(string.Create(CultureInfo.InvariantCulture,
                $"Cần 1–{UploadEncounters.MaxEncounters} lần tiếp xúc (encounters) / 1–{UploadEncounters.MaxEncounters} encounters are required."), statusCode: StatusCodes.Status400BadRequest);
        }

        UploadEncounters.Outcome outcome = await upload.HandleAsync(caseId, personId, province, encounters, by, cancellationToken).ConfigureAwait(false);
        audit.Record(AuditActor.From(http), "case.bluetooth-uploaded", personId, purpose,
            string.Create(CultureInfo.InvariantCulture, $"case {caseId}: {outcome.Accepted} accepted, {outcome.Rejected.Count} refused"));
        int f1 = 0;
        int alerts = 0;
        if (outcome.Accepted > 0)
        {
            // The new encounters are contacts now: trace again, alert the new F1s.
            TraceCase.Outcome traced = await trace.HandleAsync(caseId, null, cancellationToken).ConfigureAwait(false);
            await sender.SendAsync(traced.NewAlerts, cancellationToken).ConfigureAwait(false);
            f1 = traced.F1;
            alerts = traced.NewAlerts.Count;
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Ok(new UploadResponse(caseId, outcome.Received, outcome.Accepted, outcome.AlreadyUploaded, outcome.Rejected, f1, alerts));
    }

    private static async Task<long?> ActiveCaseOfAsync(PcCovidDbContext db, long personId, CancellationToken cancellationToken) =>
        await db.Cases.Where(c => c.PersonId == personId && c.Status == CaseStatus.Active).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
}
