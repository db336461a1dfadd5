using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;

namespace PcCovid.Domain.CheckIns;

/// <summary>
/// One check-in, whichever way it was made (citizen scan, venue scan, legacy import): who, where, when,
/// optionally until when, how, and where the record came from. A value, not an entity: check-ins are
/// the hottest write of the platform and are stored by the check-in store, outside the EF model.
/// <para>
/// Identity and idempotency: a check-in is identified by (venue, time to the millisecond, key hash),
/// where the key hash is 64 bits of SHA-256 over its provenance (source system + source record id; on
/// PcCovid the source record id is the client's idempotency key). A re-sent check-in carries the same
/// venue, time and key, so the store never keeps it twice.
/// </para>
/// </summary>
public sealed record CheckIn
{
    public CheckIn(long venueId, long personId, DateTime checkedInAtUtc, DateTime? checkedOutAtUtc, CheckInMethod method, string sourceSystem, string sourceRecordId)
    {
        if (checkedInAtUtc.Kind != DateTimeKind.Utc || checkedOutAtUtc is { Kind: not DateTimeKind.Utc })
        {
            throw new DomainException("Check-in times are stored in UTC.");
        }

        if (string.IsNullOrWhiteSpace(sourceSystem) || sourceSystem.Length > 16)
        {
            throw new DomainException("A check-in needs the system it came from (16 characters at most).");
        }

        if (string.IsNullOrEmpty(sourceRecordId) || sourceRecordId.Length > 64)
        {
            throw new DomainException("Khóa chống trùng cần 1–64 ký tự / The idempotency key needs 1–64 characters.");
        }

        CheckedInAtUtc = Truncate(checkedInAtUtc);
        CheckedOutAtUtc = checkedOutAtUtc is { } o ? Truncate(o) : null;
        if (CheckedOutAtUtc < CheckedInAtUtc)
        {
            throw new DomainException("Giờ ra trước giờ vào / The check-out is before the check-in.");
        }

        VenueId = venueId;
        PersonId = personId;
        Method = method;
        SourceSystem = sourceSystem;
        SourceRecordId = sourceRecordId;
        KeyHash = HashKey(sourceSystem, sourceRecordId);
    }

    public long VenueId { get; }

    public long PersonId { get; }

    /// <summary>UTC, to the millisecond (what the stores keep).</summary>
    public DateTime CheckedInAtUtc { get; }

    public DateTime? CheckedOutAtUtc { get; }

    public CheckInMethod Method { get; }

    /// <summary><c>pccovid</c> for the platform, <c>qr</c> for the legacy check-in system.</summary>
    public string SourceSystem { get; }

    /// <summary>The idempotency key (PcCovid) or the legacy row id (<c>ma_check_in</c>).</summary>
    public string SourceRecordId { get; }

    /// <summary>64 bits of SHA-256(source system, 0, source record id).</summary>
    public long KeyHash { get; }

    public CheckInId Id => new(VenueId, UnixMilliseconds(CheckedInAtUtc), KeyHash);

    /// <summary>When the person is taken to have left: the check-out, else check-in + the assumed dwell in force.</summary>
    public DateTime AssumedEndUtc(AssumedDwellRule dwell)
    {
        ArgumentNullException.ThrowIfNull(dwell);
        return CheckedOutAtUtc ?? CheckedInAtUtc.AddMinutes(dwell.Minutes);
    }

    public static long HashKey(string sourceSystem, string sourceRecordId)
    {
        ArgumentNullException.ThrowIfNull(sourceSystem);
        ArgumentNullException.ThrowIfNull(sourceRecordId);
        int length = Encoding.UTF8.GetByteCount(sourceSystem) + 1 + Encoding.UTF8.GetByteCount(sourceRecordId);
        Span<byte> buffer = length <= 256 ? stackalloc byte[length] : new byte[length];
        int written = Encoding.UTF8.GetBytes(sourceSystem, buffer);
        buffer[written++] = 0;
        Encoding.UTF8.GetBytes(sourceRecordId, buffer[written..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer, hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }

    public static long UnixMilliseconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    public static DateTime FromUnixMilliseconds(long ms) => new(DateTime.UnixEpoch.Ticks + (ms * TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static DateTime Truncate(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}

/// <summary>A check-in's key as the API shows it: <c>{venue}-{unix ms}-{key hash, hex}</c>.</summary>
public readonly record struct CheckInId(long VenueId, long AtUnixMs, long KeyHash)
{
    public DateTime CheckedInAtUtc => CheckIn.FromUnixMilliseconds(AtUnixMs);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{VenueId}-{AtUnixMs}-{(ulong)KeyHash:x16}");

    public static bool TryParse(string? text, out CheckInId id)
    {
        id = default;
        string[] parts = (text ?? string.Empty).Split('-');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long venue)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long at)
            || parts[2].Length != 16
            || !ulong.TryParse(parts[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hash))
        {
            return false;
        }

        id = new CheckInId(venue, at, (long)hash);
        return true;
    }
}
