using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Access;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Card;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.CheckIns;

/// <summary>
/// QR check-in: citizens check in (now, or later from an offline queue, singly or in batches) and out;
/// venue operators register venues, print posters and scan citizens' codes; jurisdiction staff approve
/// and disable venues; anyone fetches the public keys that verify personal codes offline.
/// </summary>
public static class CheckInEndpoints
{
    public sealed record CheckInResponse(string Id, string Status, long VenueId, string VenueName, long PersonId, DateTime CheckedInAtUtc);

    public sealed record BatchRequest(IReadOnlyList<CheckInItem>? Items);

    public sealed record BatchItemResult(int Index, string Status, string? Id, string? Code, string? Reason);

    public sealed record BatchResponse(int Accepted, int Duplicate, int Refused, IReadOnlyList<BatchItemResult> Items);

    public sealed record CheckOutRequest(DateTimeOffset? CheckedOutAt, long? PersonId);

    public sealed record MyCheckInResponse(string Id, long VenueId, DateTime CheckedInAtUtc, DateTime? CheckedOutAtUtc, DateTime AssumedUntilUtc, string Method);

    public sealed record VenueResponse(long Id, string Name, string Kind, string CommuneCode, string Address, double? Latitude, double? Longitude, string Status, string? LegacyCode, DateTime CreatedAtUtc);

    public sealed record ScanRequest(string? Qr);

    /// <summary>All a venue learns from a scan: the name and the card colour (and the check-in's id).</summary>
    public sealed record ScanResponse(string Name, string Colour, string CheckInId, string Status);

    public static void MapCheckIns(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder checkIns = routes.MapGroup("/api/check-ins").WithTags("Check-in").RequireAuthorization(AccessPolicies.Citizen);
        checkIns.MapPost("/", CheckInAsync).WithName("CheckIn").WithSummary("Check in at a venue by its poster's QR payload (self, or a dependant with personId); acknowledged after a durable commit");
        checkIns.MapPost("/batch", CheckInBatchAsync).WithName("CheckInBatch").WithSummary("Send queued check-ins (each with an idempotency key): per-item accepted / duplicate / refused with reason");
        checkIns.MapPost("/echo", EchoAsync).WithName("CheckInEcho").WithSummary("Benchmark ceiling: parses and validates a check-in exactly like POST /api/check-ins, then discards it");
        checkIns.MapPost("/{checkInId}/check-out", CheckOutAsync).WithName("CheckOut").WithSummary("Check out of a check-in (without it the rule's assumed dwell applies)");
        routes.MapGet("/api/me/check-ins", ListMineAsync).WithTags("Citizen").WithName("ListMyCheckIns")
            .WithSummary("My check-ins of the last days, or a dependant's (?personId=, ?days=)").RequireAuthorization(AccessPolicies.Citizen);

        RouteGroupBuilder me = routes.MapGroup("/api/me/qr").WithTags("Citizen").RequireAuthorization(AccessPolicies.Citizen);
        me.MapGet("/", MyQrAsync).WithName("MyPersonalQr").WithSummary("My short-lived signed personal QR payload (or a dependant's), to show to a venue scanner");
        me.MapGet("/printed", PrintedQrAsync).WithName("MyPrintedQr").WithSummary("A long-lived printable personal QR (PNG) for someone without a phone; revocable");
        me.MapPost("/printed/revoke", RevokePrintedAsync).WithName("RevokeMyPrintedQr").WithSummary("Revokes every printed QR issued so far (a lost card)");

        routes.MapGet("/api/qr/keys", PublicKeysAsync).WithTags("Check-in").WithName("QrPublicKeys")
            .WithSummary("The public keys (ES256) that verify personal QR codes offline").AllowAnonymous();

        RouteGroupBuilder venues = routes.MapGroup("/api/venues").WithTags("Venues");
        venues.MapPost("/", RegisterVenueAsync).WithName("RegisterVenue").WithSummary("Register a venue of the operator's facility (pending until the commune approves)").RequireAuthorization(AccessPolicies.VenueOperator);
        venues.MapGet("/", ListMyVenuesAsync).WithName("ListMyVenues").WithSummary("The operator's venues (keyset: ?after=id)").RequireAuthorization(AccessPolicies.VenueOperator);
        venues.MapGet("/{id:long}/poster.png", PosterPngAsync).WithName("VenuePosterPng").WithSummary("The venue's signed QR poster as PNG").RequireAuthorization(AccessPolicies.VenueOperator);
        venues.MapGet("/{id:long}/poster", PosterPageAsync).WithName("VenuePosterPage").WithSummary("A printable poster page (A4, SVG QR, the venue's name in Vietnamese)").RequireAuthorization(AccessPolicies.VenueOperator);
        venues.MapPost("/{id:long}/scans", ScanAsync).WithName("VenueScan").WithSummary("The venue's scanner scans a citizen's personal QR: checks them in, answers name and card colour only").RequireAuthorization(AccessPolicies.VenueOperator);
        venues.MapGet("/review", ListForReviewAsync).WithName("ListVenuesForReview").WithSummary("Venues of the caller's jurisdiction by status (default pending; keyset ?after=id)").RequireAuthorization(AccessPolicies.VenueApproval);
        venues.MapPost("/{id:long}/approve", ApproveAsync).WithName("ApproveVenue").WithSummary("Approve a venue of the caller's jurisdiction").RequireAuthorization(AccessPolicies.VenueApproval);
        venues.MapPost("/{id:long}/disable", DisableAsync).WithName("DisableVenue").WithSummary("Disable a venue of the caller's jurisdiction: its poster stops working").RequireAuthorization(AccessPolicies.VenueApproval);
    }

    public static async Task<Results<Created<CheckInResponse>, Ok<CheckInResponse>, ProblemHttpResult>> CheckInAsync(
        CheckInItem item, CheckInValidator validator, CheckInBatcher batcher, VenueDirectory venues, CurrentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(batcher);
        (CheckIn? checkIn, CheckInRefusal? refusal) = await validator.ValidateAsync(actor.RequirePersonId(), item, keyRequired: false, cancellationToken).ConfigureAwait(false);
        if (checkIn is null)
        {
            return Refused(refusal!);
        }

        bool[] stored = await batcher.AppendAsync([checkIn], cancellationToken).ConfigureAwait(false);
        VenueInfo venue = (await venues.FindAsync(checkIn.VenueId, cancellationToken).ConfigureAwait(false))!;
        var response = new CheckInResponse(checkIn.Id.ToString(), stored[0] ? "accepted" : "duplicate", venue.Id, venue.Name, checkIn.PersonId, checkIn.CheckedInAtUtc);
        return stored[0] ? TypedResults.Created((string?)null, response) : TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<CheckInResponse>, ProblemHttpResult>> EchoAsync(
        CheckInItem item, CheckInValidator validator, VenueDirectory venues, CurrentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        (CheckIn? checkIn, CheckInRefusal? refusal) = await validator.ValidateAsync(actor.RequirePersonId(), item, keyRequired: false, cancellationToken).ConfigureAwait(false);
        if (checkIn is null)
        {
            return Refused(refusal!);
        }

        VenueInfo venue = (await venues.FindAsync(checkIn.VenueId, cancellationToken).ConfigureAwait(false))!;
        return TypedResults.Ok(new CheckInResponse(checkIn.Id.ToString(), "discarded", venue.Id, venue.Name, checkIn.PersonId, checkIn.CheckedInAtUtc));
    }

    public static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> CheckInBatchAsync(
        BatchRequest request, CheckInValidator validator, CheckInBatcher batcher, IOptions<CheckInOptions> options, CurrentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(batcher);
        ArgumentNullException.ThrowIfNull(options);
        int max = options.Value.MaxBatchItems;
        if (request.Items is not { Count: > 0 } items || items.Count > max)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: $"Cần 1–{max} lượt check-in / A batch holds 1–{max} check-ins",
                detail: "items");
        }

        long me = actor.RequirePersonId();
        var results = new BatchItemResult[items.Count];
        var accepted = new List<(int Index, CheckIn CheckIn)>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            (CheckIn? checkIn, CheckInRefusal? refusal) = items[i] is null
                ? (null, CheckInValidator.InvalidQr)
                : await validator.ValidateAsync(me, items[i], keyRequired: true, cancellationToken).ConfigureAwait(false);
            if (checkIn is null)
            {
                results[i] = new BatchItemResult(i, "refused", null, refusal!.Code, refusal.Reason);
            }
            else
            {
                accepted.Add((i, checkIn));
            }
        }

        bool[] stored = await batcher.AppendAsync(accepted.Select(a => a.CheckIn).ToList(), cancellationToken).ConfigureAwait(false);
        for (int j = 0; j < accepted.Count; j++)
        {
            (int index, CheckIn checkIn) = accepted[j];
            results[index] = new BatchItemResult(index, stored[j] ? "accepted" : "duplicate", checkIn.Id.ToString(), null, null);
        }

        return TypedResults.Ok(new BatchResponse(
            results.Count(r => r.Status == "accepted"), results.Count(r => r.Status == "duplicate"), results.Count(r => r.Status == "refused"), results));
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> CheckOutAsync(
        string checkInId, CheckOutRequest? request, ICheckInStore store, Guardians guardians, CurrentActor actor, IOptions<CheckInOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        if (!CheckInId.TryParse(checkInId, out CheckInId id))
        {
            return TypedResults.NotFound();
        }

        long me = actor.RequirePersonId();
        long person = request?.PersonId ?? me;
        if (person != me && !await guardians.MayActForAsync(me, person, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        DateTime at = request?.CheckedOutAt?.UtcDateTime ?? now;
        if (at < id.CheckedInAtUtc || at > now + options.Value.MaxClockSkew)
        {
            return Refused(CheckInValidator.BadCheckOut);
        }

        return await store.CheckOutAsync(id, person, at, cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<IReadOnlyList<MyCheckInResponse>>, NotFound>> ListMineAsync(
        ICheckInStore store, Guardians guardians, RuleCache rules, CurrentActor actor, TimeProvider clock, long? personId, int? days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rules);
        long me = actor.RequirePersonId();
        long subject = personId ?? me;
        if (subject != me && !await guardians.MayActForAsync(me, subject, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        AssumedDwellRule dwell = book.Require<AssumedDwellRule>(RuleKeys.AssumedDwell, null, VietnamTime.Today(clock));
        IReadOnlyList<CheckIn> rows = await store.OfPersonAsync(subject, now.AddDays(-Math.Clamp(days ?? 14, 1, 30)), now.AddDays(1), cancellationToken).ConfigureAwait(false);
        IReadOnlyList<MyCheckInResponse> result = rows.Reverse().Take(500).Select(c => new MyCheckInResponse(
            c.Id.ToString(), c.VenueId, c.CheckedInAtUtc, c.CheckedOutAtUtc, c.AssumedEndUtc(dwell), MethodCode(c.Method))).ToList();
        return TypedResults.Ok(result);
    }

    public static async Task<Results<Ok<PersonalQrResponse>, NotFound>> MyQrAsync(
        PersonalQr qr, Guardians guardians, CurrentActor actor, long? personId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(qr);
        long? subject = await SubjectAsync(guardians, actor, personId, cancellationToken).ConfigureAwait(false);
        PersonalQrResponse? response = subject is null ? null : await qr.IssueAsync(subject.Value, printed: false, cancellationToken).ConfigureAwait(false);
        return response is null ? TypedResults.NotFound() : TypedResults.Ok(response);
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> PrintedQrAsync(
        PersonalQr qr, Guardians guardians, CurrentActor actor, long? personId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(qr);
        long? subject = await SubjectAsync(guardians, actor, personId, cancellationToken).ConfigureAwait(false);
        PersonalQrResponse? response = subject is null ? null : await qr.IssueAsync(subject.Value, printed: true, cancellationToken).ConfigureAwait(false);
        return response is null ? TypedResults.NotFound() : TypedResults.File(VenuePoster.Png(response.Payload), "image/png", "ma-qr-ca-nhan.png");
    }

    public static async Task<Results<NoContent, NotFound>> RevokePrintedAsync(
        PersonalQr qr, Guardians guardians, CurrentActor actor, long? personId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(qr);
        long? subject = await SubjectAsync(guardians, actor, personId, cancellationToken).ConfigureAwait(false);
        if (subject is null)
        {
            return TypedResults.NotFound();
        }

        await qr.RevokePrintedAsync(subject.Value, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<QrKeyRing.PublishedKey>>> PublicKeysAsync(QrKeyRing keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        QrKeyRing.Ring ring = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ring.Published);
    }

    public static async Task<Results<Created<VenueResponse>, ProblemHttpResult>> RegisterVenueAsync(
        NewVenue request, VenueRegistry registry, CurrentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Venue venue = await registry.RegisterAsync(FacilityOf(actor), request, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/venues/{venue.Id}/poster", ToResponse(venue));
    }

    public static async Task<Ok<KeysetPage<VenueResponse>>> ListMyVenuesAsync(PcCovidDbContext db, CurrentActor actor, long? after, int? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        long facility = FacilityOf(actor);
        int take = Math.Clamp(limit ?? 100, 1, 500);
        List<Venue> rows = await db.Venues.AsNoTracking().Where(v => v.FacilityId == facility && v.Id > (after ?? 0))
            .OrderBy(v => v.Id).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? $"?after={rows[take - 1].Id}&limit={take}" : null;
        return TypedResults.Ok(new KeysetPage<VenueResponse>(rows.Take(take).Select(ToResponse).ToList(), next));
    }

    public static async Task<Results<Ok<KeysetPage<VenueResponse>>, ProblemHttpResult>> ListForReviewAsync(
        PcCovidDbContext db, CurrentActor actor, string? status, long? after, int? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!Enum.TryParse(status ?? "pending", ignoreCase: true, out VenueStatus wanted) || !Enum.IsDefined(wanted) || int.TryParse(status, out _))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Trạng thái: pending, approved, disabled / status: pending, approved or disabled");
        }

        AccessScope scope = actor.Scope ?? throw new InvalidOperationException("Staff accounts carry a scope.");
        int take = Math.Clamp(limit ?? 100, 1, 500);
        IQueryable<Venue> query = db.Venues.AsNoTracking().Where(v => v.Status == wanted && v.Id > (after ?? 0));
        query = scope.Kind switch
        {
            ScopeKind.Province => query.Where(v => v.ProvinceCode == scope.Code),
            ScopeKind.District => query.Where(v => v.DistrictCode == scope.Code),
            ScopeKind.Commune => query.Where(v => v.CommuneCode == scope.Code),
            ScopeKind.National => query,
            _ => query.Where(v => false),
        };
        List<Venue> rows = await query.OrderBy(v => v.Id).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? $"?status={wanted.ToString().ToLowerInvariant()}&after={rows[take - 1].Id}&limit={take}" : null;
        return TypedResults.Ok(new KeysetPage<VenueResponse>(rows.Take(take).Select(ToResponse).ToList(), next));
    }

    public static Task<Results<Ok<VenueResponse>, NotFound>> ApproveAsync(long id, VenueRegistry registry, CurrentActor actor, CancellationToken cancellationToken) =>
        DecideAsync(id, approve: true, registry, actor, cancellationToken);

    public static Task<Results<Ok<VenueResponse>, NotFound>> DisableAsync(long id, VenueRegistry registry, CurrentActor actor, CancellationToken cancellationToken) =>
        DecideAsync(id, approve: false, registry, actor, cancellationToken);

    public static async Task<Results<FileContentHttpResult, NotFound>> PosterPngAsync(long id, PcCovidDbContext db, VenuePoster poster, CurrentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poster);
        Venue? venue = await OwnVenueAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (venue is null)
        {
            return TypedResults.NotFound();
        }

        string payload = await poster.PayloadAsync(venue.Id, cancellationToken).ConfigureAwait(false);
        return TypedResults.File(VenuePoster.Png(payload), "image/png", string.Create(CultureInfo.InvariantCulture, $"dia-diem-{venue.Id}.png"));
    }

    public static async Task<Results<ContentHttpResult, NotFound>> PosterPageAsync(long id, PcCovidDbContext db, VenuePoster poster, CurrentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poster);
        Venue? venue = await OwnVenueAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (venue is null)
        {
            return TypedResults.NotFound();
        }

        string payload = await poster.PayloadAsync(venue.Id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Content(VenuePoster.Page(venue.Name, venue.Address, payload), "text/html; charset=utf-8");
    }

    public static async Task<Results<Ok<ScanResponse>, NotFound, ProblemHttpResult>> ScanAsync(
        long id, ScanRequest? request, PcCovidDbContext db, PersonalQr qr, PersonalQrReplayCache replays, VenueDirectory venues, CheckInBatcher batcher,
        ComputeCovidCard card, AuditTrail audit, CurrentActor actor, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(qr);
        ArgumentNullException.ThrowIfNull(replays);
        ArgumentNullException.ThrowIfNull(batcher);
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(audit);
        long facility = FacilityOf(actor);
        VenueInfo? venue = await venues.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (venue is null || venue.FacilityId != facility)
        {
            return TypedResults.NotFound();
        }

        if (venue.Status != VenueStatus.Approved)
        {
            return Refused(venue.Status == VenueStatus.Disabled ? CheckInValidator.VenueDisabled : CheckInValidator.VenuePending);
        }

        (PersonalQrClaims? claims, CheckInRefusal? refusal) = await qr.VerifyAsync(request?.Qr, cancellationToken).ConfigureAwait(false);
        if (claims is null)
        {
            return Refused(refusal!);
        }

        // A phone code is single-venue: scanned again here it is the same check-in; elsewhere, a replay.
        string replayKey = PersonalQrReplayCache.KeyOf(request!.Qr!);
        CheckInId checkInId;
        string status;
        if (!claims.Printed && replays.Seen(replayKey) is { } seen)
        {
            if (seen.VenueId != venue.Id)
            {
                return Refused(PersonalQr.ReplayedPersonalQr);
            }

            (checkInId, status) = (seen.CheckIn, "duplicate");
        }
        else
        {
            DateTime now = clock.GetUtcNow().UtcDateTime;
            // The code identifies the scan: a re-sent scan request of the same code stores nothing twice.
            var checkIn = new CheckIn(venue.Id, claims.PersonId, now, null, CheckInMethod.VenueScan, SourceSystems.PcCovid, "scan:" + replayKey);
            bool[] stored = await batcher.AppendAsync([checkIn], cancellationToken).ConfigureAwait(false);
            (checkInId, status) = (checkIn.Id, stored[0] ? "accepted" : "duplicate");
            if (!claims.Printed)
            {
                replays.Remember(replayKey, venue.Id, checkIn.Id, claims.ExpiresAt);
            }
        }

        CardResponse? colour = await card.HandleAsync(claims.PersonId, cancellationToken).ConfigureAwait(false);
        if (colour is null)
        {
            return Refused(PersonalQr.InvalidPersonalQr);
        }

        await audit.RecordAsync(AuditActor.From(http), "venue-scan", claims.PersonId, null, string.Create(CultureInfo.InvariantCulture, $"venue {venue.Id}: name and colour shown"), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ScanResponse(claims.Name, colour.Colour, checkInId.ToString(), status));
    }

    private static async Task<Results<Ok<VenueResponse>, NotFound>> DecideAsync(long id, bool approve, VenueRegistry registry, CurrentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        AccessScope scope = actor.Scope ?? throw new InvalidOperationException("Staff accounts carry a scope.");
        Venue? venue = await registry.DecideAsync(id, approve, scope, actor.RequireAccountId(), cancellationToken).ConfigureAwait(false);
        return venue is null ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(venue));
    }

    private static async Task<Venue?> OwnVenueAsync(PcCovidDbContext db, CurrentActor actor, long id, CancellationToken cancellationToken)
    {
        long facility = FacilityOf(actor);
        return await db.Venues.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.FacilityId == facility, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long?> SubjectAsync(Guardians guardians, CurrentActor actor, long? personId, CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        long subject = personId ?? me;
        return subject == me || await guardians.MayActForAsync(me, subject, cancellationToken).ConfigureAwait(false) ? subject : null;
    }

    private static ProblemHttpResult Refused(CheckInRefusal refusal) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: refusal.Reason, type: "https://pccovid.vn/problems/check-in/" + refusal.Code,
            extensions: new Dictionary<string, object?> { ["code"] = refusal.Code });

    private static VenueResponse ToResponse(Venue v) =>
        new(v.Id, v.Name, v.Kind.Code(), v.CommuneCode, v.Address, v.Latitude, v.Longitude, v.Status.ToString().ToLowerInvariant(), v.LegacyCode, v.CreatedAtUtc);

    private static string MethodCode(CheckInMethod method) => method switch
    {
        CheckInMethod.CitizenScan => "citizen-scan",
        CheckInMethod.VenueScan => "venue-scan",
        _ => "imported",
    };

    /// <summary>The operator's facility: a venue-operator account is always scoped to one.</summary>
    private static long FacilityOf(CurrentActor actor) =>
        actor.Scope is { Kind: ScopeKind.Facility } scope && long.TryParse(scope.Code, NumberStyles.None, CultureInfo.InvariantCulture, out long id)
            ? id
            : throw new DomainException("Tài khoản địa điểm cần phạm vi cơ sở / a venue-operator account needs a facility scope");
}
