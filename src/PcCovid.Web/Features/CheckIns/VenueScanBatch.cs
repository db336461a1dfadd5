using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PcCovid.Domain.Access;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.CheckIns;

/// <summary>
/// The venue scanner's offline queue, sent when the network is back: personal QR codes scanned (and verified
/// offline with the published key) while offline, each with the scan time and the scanner's idempotency key.
/// A code is checked against its lifetime at the scan time, not at the upload; the check-in is identified by
/// (venue, scan time, key), so a re-sent batch stores nothing twice. Per item: accepted, duplicate or refused
/// with a reason; the rest of the batch is still accepted.
/// </summary>
public static class VenueScanBatch
{
    public const int MaxItems = 500;

    public sealed record Item(string? Qr, DateTimeOffset? ScannedAt, string? IdempotencyKey);

    public sealed record Request(IReadOnlyList<Item?>? Items);

    public sealed record ItemResult(int Index, string Status, string? CheckInId, string? Code, string? Reason);

    public sealed record Response(int Accepted, int Duplicates, int Refused, IReadOnlyList<ItemResult> Items);

    public static void MapVenueScanBatch(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/venues/{id:long}/scans/batch", HandleAsync).WithTags("Venues").WithName("VenueScanBatch")
            .WithSummary("The venue scanner's offline queue: personal QR codes scanned offline, each with its scan time and idempotency key; per-item accepted / duplicate / refused")
            .RequireAuthorization(AccessPolicies.VenueOperator);
    }

    public static async Task<Results<Ok<Response>, NotFound, ProblemHttpResult>> HandleAsync(
        long id, Request request, VenueDirectory venues, PersonalQr personalQr, CheckInValidator validator, CheckInBatcher batcher,
        AuditTrail audit, CurrentActor actor, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(batcher);
        ArgumentNullException.ThrowIfNull(audit);
        if (actor.Scope is not { Kind: ScopeKind.Facility } scope || !long.TryParse(scope.Code, NumberStyles.None, CultureInfo.InvariantCulture, out long facility))
        {
            return TypedResults.NotFound();
        }

        VenueInfo? venue = await venues.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (venue is null || venue.FacilityId != facility)
        {
            return TypedResults.NotFound();
        }

        if (request.Items is not { Count: > 0 and <= MaxItems } items)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Cần 1–{MaxItems} lượt quét / A batch holds 1–{MaxItems} scans", detail: "items");
        }

        if (venue.Status != VenueStatus.Approved)
        {
            CheckInRefusal refusal = venue.Status == VenueStatus.Disabled ? CheckInValidator.VenueDisabled : CheckInValidator.VenuePending;
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: refusal.Reason, type: refusal.Code);
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        var results = new ItemResult[items.Count];
        var accepted = new List<(int Index, CheckIn CheckIn)>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            Item? item = items[i];
            CheckInRefusal? refusal = null;
            PersonalQrClaims? claims = null;
            if (item?.IdempotencyKey is not { Length: > 0 and <= 58 } key)
            {
                refusal = CheckInValidator.MissingKey;
            }
            else if (item.ScannedAt is not { } at)
            {
                refusal = new CheckInRefusal("missing-scan-time", "Thiếu giờ quét / The scan time is missing");
            }
            else
            {
                (claims, refusal) = await personalQr.VerifyAsync(item.Qr, cancellationToken, scannedAt: at).ConfigureAwait(false);
                refusal ??= await validator.TimingRefusalAsync(at.UtcDateTime, now, cancellationToken).ConfigureAwait(false);
            }

            if (refusal is not null)
            {
                results[i] = new ItemResult(i, "refused", null, refusal.Code, refusal.Reason);
                continue;
            }

            // Milliseconds: the check-in's identity includes its time to the millisecond, so a re-sent scan is the same check-in.
            DateTime scannedUtc = DateTime.SpecifyKind(DateTimeOffset.FromUnixTimeMilliseconds(item!.ScannedAt!.Value.ToUnixTimeMilliseconds()).UtcDateTime, DateTimeKind.Utc);
            accepted.Add((i, new CheckIn(venue.Id, claims!.PersonId, scannedUtc, null, CheckInMethod.VenueScan, SourceSystems.PcCovid, "vscan:" + item.IdempotencyKey)));
        }

        bool[] stored = accepted.Count == 0 ? [] : await batcher.AppendAsync(accepted.Select(a => a.CheckIn).ToList(), cancellationToken).ConfigureAwait(false);
        for (int k = 0; k < accepted.Count; k++)
        {
            (int index, CheckIn checkIn) = accepted[k];
            results[index] = new ItemResult(index, stored[k] ? "accepted" : "duplicate", checkIn.Id.ToString(), null, null);
        }

        int fresh = stored.Count(s => s);
        if (fresh > 0)
        {
            // Like a live scan: whose name and colour this venue saw, one entry per person checked in.
            AuditActor who = AuditActor.From(http);
            for (int k = 0; k < accepted.Count; k++)
            {
                if (stored[k])
                {
                    audit.Record(who, "venue-scan", accepted[k].CheckIn.PersonId, null, string.Create(CultureInfo.InvariantCulture, $"venue {venue.Id}: offline scan synced"));
                }
            }

            await audit.SaveAsync(cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Ok(new Response(fresh, accepted.Count - fresh, items.Count - accepted.Count, results));
    }
}
