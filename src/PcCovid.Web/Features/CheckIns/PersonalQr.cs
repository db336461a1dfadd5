using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Domain.CheckIns;
using PcCovid.Web.Features.Card;

namespace PcCovid.Web.Features.CheckIns;

/// <summary>A personal QR as the app gets it: the payload to draw, when it expires, when to fetch the next.</summary>
public sealed record PersonalQrResponse(string Payload, DateTimeOffset ExpiresAt, int RefreshAfterSeconds, bool Printed);

/// <summary>
/// Issues and verifies personal QR codes: a short-lived one for a phone (rotating; the lifetime is
/// <see cref="CheckInOptions.PersonalQrLifetime"/>) and a long-lived printed one for people without a
/// phone, revocable (a revocation voids every printed code issued before it). Both carry the person's
/// name and card colour, signed, so a scanner can show them offline.
/// </summary>
public sealed class PersonalQr(PcCovidDbContext db, QrKeyRing keys, ComputeCovidCard card, IOptions<CheckInOptions> options, TimeProvider clock)
{
    public async Task<PersonalQrResponse?> IssueAsync(long personId, bool printed, CancellationToken cancellationToken)
    {
        string? name = await db.People.Where(p => p.Id == personId).Select(p => p.FullName).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        CardResponse? colour = name is null ? null : await card.HandleAsync(personId, cancellationToken).ConfigureAwait(false);
        if (name is null || colour is null)
        {
            return null;
        }

        return await IssueAsync(personId, name, colour, printed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The same for a caller that has just read the person's name and computed their card in this request (the home
    /// page): the code carries them as they are, without a second read of the name and a second card computation.
    /// </summary>
    public async Task<PersonalQrResponse> IssueAsync(long personId, string name, CardResponse colour, bool printed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(colour);
        DateTimeOffset now = clock.GetUtcNow();
        // Whole seconds: the payload carries Unix seconds, and a revocation compares against them.
        now = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        TimeSpan lifetime = printed ? options.Value.PrintedQrLifetime : options.Value.PersonalQrLifetime;
        QrKeyRing.Ring ring = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        var claims = new PersonalQrClaims(personId, printed, now, now + lifetime, colour.Colour, name);
        string payload = QrPayloads.SignPersonal(claims, ring.PersonalKid, ring.PersonalSigner);
        int refresh = printed ? 0 : (int)Math.Max(10, lifetime.TotalSeconds - 30);
        return new PersonalQrResponse(payload, claims.ExpiresAt, refresh, printed);
    }

    /// <summary>Revokes every printed code of the person issued up to now.</summary>
    public async Task RevokePrintedAsync(long personId, CancellationToken cancellationToken)
    {
        // One second on: a code printed in the same second as the revocation is revoked too.
        DateTime now = clock.GetUtcNow().UtcDateTime.AddSeconds(1);
        PrintedQrRevocation? existing = await db.PrintedQrRevocations.FirstOrDefaultAsync(r => r.PersonId == personId, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            db.PrintedQrRevocations.Add(PrintedQrRevocation.Revoke(personId, now));
        }
        else
        {
            existing.RevokeAgain(now);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Verifies a scanned personal payload: signature, lifetime, and for a printed code its revocation. The lifetime
    /// is checked at <paramref name="scannedAt"/> (a scan made offline and sent later), by default now.
    /// </summary>
    public async Task<(PersonalQrClaims? Claims, CheckInRefusal? Refusal)> VerifyAsync(string? payload, CancellationToken cancellationToken, DateTimeOffset? scannedAt = null)
    {
        if (!QrPayloads.TryReadPersonalKid(payload, out string kid))
        {
            return (null, InvalidPersonalQr);
        }

        QrKeyRing.Ring ring = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!ring.PersonalVerifiers.ContainsKey(kid))
        {
            ring = await keys.RefreshForUnknownKidAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!ring.PersonalVerifiers.TryGetValue(kid, out ECDsa? key))
        {
            return (null, InvalidPersonalQr);
        }

        QrRefusal refusal = QrPayloads.VerifyPersonal(payload!, key, scannedAt ?? clock.GetUtcNow(), out PersonalQrClaims? claims);
        if (refusal is QrRefusal.Expired)
        {
            return (null, ExpiredPersonalQr);
        }

        if (refusal is not QrRefusal.None || claims is null)
        {
            return (null, InvalidPersonalQr);
        }

        if (claims.Printed)
        {
            DateTime issued = claims.IssuedAt.UtcDateTime;
            bool revoked = await db.PrintedQrRevocations.AnyAsync(r => r.PersonId == claims.PersonId && r.RevokedBeforeUtc >= issued, cancellationToken).ConfigureAwait(false);
            if (revoked)
            {
                return (null, RevokedPersonalQr);
            }
        }

        return (claims, null);
    }

    public static readonly CheckInRefusal InvalidPersonalQr = new("invalid-qr", "Mã QR cá nhân không hợp lệ (không phải do PcCovid ký) / The personal QR code is not valid (not signed by PcCovid)");
    public static readonly CheckInRefusal ExpiredPersonalQr = new("expired-qr", "Mã QR cá nhân đã hết hạn — mở lại ứng dụng để lấy mã mới / The personal QR code has expired — open the app for a fresh one");
    public static readonly CheckInRefusal RevokedPersonalQr = new("revoked-qr", "Mã QR in sẵn này đã bị thu hồi / This printed QR code has been revoked");
    public static readonly CheckInRefusal ReplayedPersonalQr = new("replayed-qr", "Mã QR cá nhân này đã được dùng ở địa điểm khác (ảnh chụp màn hình?) / This personal QR code was already used at another venue (a screenshot?)");
}

/// <summary>
/// The phone codes this node has accepted, until they expire: the same code scanned again at the same venue
/// is the same check-in (not stored twice); at another venue it is a replay (a shared screenshot) and refused.
/// Per node: behind a load balancer a replay across nodes is caught only by the code's short lifetime.
/// </summary>
public sealed class PersonalQrReplayCache(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (long VenueId, CheckInId CheckIn, DateTimeOffset Expires)> _seen = new(StringComparer.Ordinal);
    private long _sweeps;

    public static string KeyOf(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(payload.Trim())), 0, 16);
    }

    /// <summary>Null: first use here. Otherwise the earlier use (venue and check-in).</summary>
    public (long VenueId, CheckInId CheckIn)? Seen(string key)
    {
        DateTimeOffset now = clock.GetUtcNow();
        if (Interlocked.Increment(ref _sweeps) % 1024 == 0)
        {
            foreach ((string k, var v) in _seen)
            {
                if (v.Expires <= now)
                {
                    _seen.TryRemove(k, out _);
                }
            }
        }

        return _seen.TryGetValue(key, out var seen) && seen.Expires > now ? (seen.VenueId, seen.CheckIn) : null;
    }

    public void Remember(string key, long venueId, CheckInId checkIn, DateTimeOffset expires) => _seen[key] = (venueId, checkIn, expires);
}
