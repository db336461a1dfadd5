using Microsoft.Extensions.Options;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.Rules;

namespace PcCovid.Web.Features.CheckIns;

/// <summary>One check-in as a citizen's app sends it (scanned now, or queued offline and sent later).</summary>
public sealed record CheckInItem(string? VenueQr, long? PersonId, DateTimeOffset? CheckedInAt, DateTimeOffset? CheckedOutAt, string? IdempotencyKey);

/// <summary>Why an item was refused: a stable code and a reason, Vietnamese then English.</summary>
public sealed record CheckInRefusal(string Code, string Reason);

/// <summary>
/// Turns what a citizen's app sent into a check-in, or says why not: the venue poster's signature (one
/// HMAC), the venue's status (from memory), the person (self, or a dependant), the time (not older than
/// the <c>retention.windows</c> rule's check-in window, not beyond the allowed clock skew), the
/// idempotency key. No database read on the usual path (self, known venue); the echo endpoint runs
/// exactly this and discards the result, so it measures the in-memory ceiling of the same work.
/// </summary>
public sealed class CheckInValidator(QrKeyRing keys, VenueDirectory venues, RuleCache rules, Guardians guardians, IOptions<CheckInOptions> options, TimeProvider clock)
{
    public const int MaxKeyLength = 64;

    private readonly Dictionary<long, bool> _mayActFor = [];

    public static readonly CheckInRefusal InvalidQr = new("invalid-qr", "Mã QR địa điểm không hợp lệ (không phải do PcCovid ký) / The venue QR code is not valid (not signed by PcCovid)");
    public static readonly CheckInRefusal UnknownVenue = new("unknown-venue", "Địa điểm không tồn tại / Unknown venue");
    public static readonly CheckInRefusal VenueDisabled = new("venue-disabled", "Địa điểm đã bị vô hiệu hoá / The venue has been disabled");
    public static readonly CheckInRefusal VenuePending = new("venue-pending", "Địa điểm chưa được xã/phường duyệt / The venue is not approved yet");
    public static readonly CheckInRefusal NotYourDependant = new("not-your-dependant", "Bạn không được khai thay người này / You may not check in for this person");
    public static readonly CheckInRefusal MissingKey = new("missing-idempotency-key", $"Cần khoá chống trùng (1–{MaxKeyLength} ký tự) / An idempotency key (1–{MaxKeyLength} characters) is required");
    public static readonly CheckInRefusal BadCheckOut = new("bad-check-out", "Giờ ra phải sau giờ vào / The check-out must be after the check-in");

    public async ValueTask<(CheckIn? CheckIn, CheckInRefusal? Refusal)> ValidateAsync(long signedInPersonId, CheckInItem item, bool keyRequired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        (VenueInfo? venue, CheckInRefusal? refusal) = await VerifyPosterAsync(item.VenueQr, cancellationToken).ConfigureAwait(false);
        if (venue is null)
        {
            return (null, refusal);
        }

        long person = item.PersonId ?? signedInPersonId;
        if (person != signedInPersonId)
        {
            if (!_mayActFor.TryGetValue(person, out bool may))
            {
                may = await guardians.MayActForAsync(signedInPersonId, person, cancellationToken).ConfigureAwait(false);
                _mayActFor[person] = may;
            }

            if (!may)
            {
                return (null, NotYourDependant);
            }
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        DateTime at = item.CheckedInAt?.UtcDateTime ?? now;
        if (await TimingRefusalAsync(at, now, cancellationToken).ConfigureAwait(false) is { } timing)
        {
            return (null, timing);
        }

        DateTime? outAt = item.CheckedOutAt?.UtcDateTime;
        if (outAt is { } o && (o < at || o > now + options.Value.MaxClockSkew))
        {
            return (null, BadCheckOut);
        }

        string? key = item.IdempotencyKey?.Trim();
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            if (keyRequired || key is { Length: > MaxKeyLength })
            {
                return (null, MissingKey);
            }

            // Sent online without a key: the request itself is the unit; a fresh key never collides.
            key = Guid.CreateVersion7().ToString("N");
        }

        return (new CheckIn(venue.Id, person, at, outAt, CheckInMethod.CitizenScan, SourceSystems.PcCovid, key), null);
    }

    /// <summary>Checks a poster's signature and its venue's status.</summary>
    public async ValueTask<(VenueInfo? Venue, CheckInRefusal? Refusal)> VerifyPosterAsync(string? payload, CancellationToken cancellationToken)
    {
        if (!QrPayloads.TryReadVenue(payload, out long venueId, out string kid))
        {
            return (null, InvalidQr);
        }

        QrKeyRing.Ring ring = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!ring.PosterKeys.ContainsKey(kid))
        {
            ring = await keys.RefreshForUnknownKidAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!ring.PosterKeys.TryGetValue(kid, out byte[]? secret) || !QrPayloads.VerifyVenue(payload!, secret))
        {
            return (null, InvalidQr);
        }

        VenueInfo? venue = await venues.FindAsync(venueId, cancellationToken).ConfigureAwait(false);
        return venue switch
        {
            null => (null, UnknownVenue),
            { Status: VenueStatus.Disabled } => (null, VenueDisabled),
            { Status: VenueStatus.Pending } => (null, VenuePending),
            _ => (venue, null),
        };
    }

    /// <summary>Refuses a time older than the check-in retention window in force, or beyond the allowed clock skew.</summary>
    public async ValueTask<CheckInRefusal?> TimingRefusalAsync(DateTime atUtc, DateTime nowUtc, CancellationToken cancellationToken)
    {
        int days = await RetentionDaysAsync(cancellationToken).ConfigureAwait(false);
        string? reason = CheckInTiming.Refusal(atUtc, nowUtc, days, options.Value.MaxClockSkew);
        if (reason is null)
        {
            return null;
        }

        return new CheckInRefusal(atUtc > nowUtc ? "in-future" : "too-old", reason);
    }

    /// <summary>The check-in window of the national <c>retention.windows</c> rule in force today.</summary>
    public async ValueTask<int> RetentionDaysAsync(CancellationToken cancellationToken)
    {
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        RetentionWindowsRule rule = book.Require<RetentionWindowsRule>(RuleKeys.RetentionWindows, provinceCode: null, VietnamTime.Today(clock));
        return rule.Days.TryGetValue(RetentionData.CheckIns, out int days)
            ? days
            : throw new DomainException("Quy tắc lưu trữ không có thời hạn cho check-in / The retention rule in force has no check-in window.");
    }
}

/// <summary>The data-type names of the <c>retention.windows</c> rule this feature uses.</summary>
public static class RetentionData
{
    public const string CheckIns = "check-ins";
}
