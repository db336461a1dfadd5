using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Tracing;
using PcCovid.Web.Features.Rules;

namespace PcCovid.Web.Features.Bluetooth;

/// <summary>
/// A case's Bluetooth encounter log, uploaded by the case's person from the app or by an epidemiologist with the
/// case's upload code: every sighting's temporary id opened with the key store, the sighting checked against the id's
/// validity window (with the rule's clock skew) and the rule's maximum duration, and resolved to the person it was
/// issued to. Bad sightings (forged, expired, absurd, unknown person) are refused one by one with their index and
/// reason; the valid ones are kept (a re-upload adds nothing twice). Whether an encounter is a close contact is
/// decided when tracing, by the rule in force.
/// </summary>
public sealed class UploadEncounters(PcCovidDbContext db, TempIdKeyRing keys, RuleCache rules, TimeProvider clock)
{
    public const int MaxEncounters = 20_000;

    public sealed record EncounterInput(string? TempId, DateTime? FirstSeenUtc, DateTime? LastSeenUtc, int? Rssi, int? TxPower);

    public sealed record Rejection(int Index, string Code, string Reason);

    public sealed record Outcome(int Received, int Accepted, int AlreadyUploaded, IReadOnlyList<Rejection> Rejected);

    public async Task<Outcome> HandleAsync(long caseId, long uploaderPersonId, string? provinceCode, IReadOnlyList<EncounterInput> encounters, Guid? uploadedBy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encounters);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        BluetoothExposureRule rule = book.Require<BluetoothExposureRule>(RuleKeys.BluetoothExposure, provinceCode, VietnamTime.Today(clock));
        TimeSpan skew = TimeSpan.FromMinutes(rule.ClockSkewMinutes);
        TempIdKeyRing.Ring ring = await keys.ForKidsAsync(encounters.Select(e => BluetoothTempId.KeyIdOf(e.TempId)).OfType<string>().Distinct(StringComparer.Ordinal),
            cancellationToken).ConfigureAwait(false);

        var rejected = new List<Rejection>();
        var candidates = new List<(int Index, BluetoothEncounter Encounter)>();
        for (int i = 0; i < encounters.Count; i++)
        {
            EncounterInput input = encounters[i];
            if (input.FirstSeenUtc is not { } first || input.LastSeenUtc is not { } last || input.Rssi is not { } rssi)
            {
                rejected.Add(new Rejection(i, "missing-field", "Thiếu tempId, firstSeenUtc, lastSeenUtc hoặc rssi / tempId, firstSeenUtc, lastSeenUtc and rssi are required"));
                continue;
            }

            first = AsUtc(first);
            last = AsUtc(last);
            TempIdProblem problem = BluetoothTempId.TryOpen(input.TempId, kid => ring.Keys.GetValueOrDefault(kid), out OpenedTempId? opened);
            if (problem != TempIdProblem.None)
            {
                rejected.Add(new Rejection(i, "forged-temp-id", "Mã tạm thời không do máy chủ cấp hoặc đã bị sửa / The temporary id was not issued by this server or was altered"));
                continue;
            }

            if (first < opened!.ValidFromUtc - skew || last > opened.ValidToUtc + skew)
            {
                rejected.Add(new Rejection(i, "expired-temp-id", "Lần thấy nằm ngoài thời hạn của mã tạm thời / The sighting is outside the temporary id's validity window"));
                continue;
            }

            if (last - first > TimeSpan.FromHours(rule.MaximumDurationHours))
            {
                rejected.Add(new Rejection(i, "absurd-duration", string.Create(CultureInfo.InvariantCulture,
                    $"Thời gian tiếp xúc quá {rule.MaximumDurationHours} giờ / The encounter lasts more than {rule.MaximumDurationHours} hours")));
                continue;
            }

            try
            {
                candidates.Add((i, BluetoothEncounter.Record(caseId, uploaderPersonId, opened.PersonId, first, last, rssi, input.TxPower, uploadedBy, now)));
            }
            catch (DomainException exception)
            {
                rejected.Add(new Rejection(i, "invalid-encounter", exception.Message));
            }
        }

        // Resolution and de-duplication: two queries for the whole upload, none per sighting.
        List<long> seen = [.. candidates.Select(c => c.Encounter.SeenPersonId).Distinct()];
        HashSet<long> known = [.. await db.People.Where(p => seen.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken).ConfigureAwait(false)];
        HashSet<(long, DateTime)> stored = [.. (await db.BluetoothEncounters.Where(e => e.UploaderPersonId == uploaderPersonId && seen.Contains(e.SeenPersonId))
            .Select(e => new { e.SeenPersonId, e.FirstSeenUtc }).ToListAsync(cancellationToken).ConfigureAwait(false)).Select(e => (e.SeenPersonId, e.FirstSeenUtc))];
        int already = 0;
        var accepted = new List<BluetoothEncounter>();
        foreach ((int index, BluetoothEncounter encounter) in candidates)
        {
            if (!known.Contains(encounter.SeenPersonId))
            {
                rejected.Add(new Rejection(index, "unknown-person", "Mã tạm thời của một người không còn trong hệ thống / The temporary id's person is no longer known"));
            }
            else if (!stored.Add((encounter.SeenPersonId, encounter.FirstSeenUtc)))
            {
                already++;
            }
            else
            {
                accepted.Add(encounter);
            }
        }

        db.BluetoothEncounters.AddRange(accepted);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new Outcome(encounters.Count, accepted.Count, already, [.. rejected.OrderBy(r => r.Index)]);
    }

    /// <summary>
    /// The upload code of a case for the current hour (and the previous one still accepted): an HMAC of the case id and
    /// the hour under the active temporary-id key, 8 characters. The case's person reads it in the app and gives it to
    /// the epidemiologist, who may then upload the log for them; nothing is stored.
    /// </summary>
    public static string UploadCode(byte[] key, long caseId, long hour)
    {
        ArgumentNullException.ThrowIfNull(key);
        const string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
        byte[] mac = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"upload-code|{caseId}|{hour}")));
        var code = new StringBuilder(8);
        for (int i = 0; i < 8; i++)
        {
            code.Append(alphabet[mac[i] % alphabet.Length]);
        }

        return code.ToString();
    }

    /// <summary>UTC, to the whole second (phones log seconds; both providers then store and compare the same instant).</summary>
    private static DateTime AsUtc(DateTime value)
    {
        DateTime utc = value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    public static long HourOf(DateTime utc) => new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeSeconds() / 3600;

    /// <summary>Whether the code is this case's for this hour or the previous one, under any key of the ring.</summary>
    public static bool IsValidUploadCode(TempIdKeyRing.Ring ring, long caseId, string? code, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(ring);
        if (code is null || code.Length != 8)
        {
            return false;
        }

        long hour = HourOf(nowUtc);
        byte[] given = Encoding.ASCII.GetBytes(code.ToUpperInvariant());
        return ring.Keys.Values.Any(key => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(UploadCode(key, caseId, hour)), given)
            || CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(UploadCode(key, caseId, hour - 1)), given));
    }
}
