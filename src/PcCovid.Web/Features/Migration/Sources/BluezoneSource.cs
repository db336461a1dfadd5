using System.Globalization;
using System.Runtime.CompilerServices;
using PcCovid.Domain.Common;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.People;

namespace PcCovid.Web.Features.Migration.Sources;

/// <summary>One line of Bluezone's <c>encounters.csv</c>.</summary>
public sealed record BluezoneEncounter(long LineNumber, string UploaderId, string SeenId, DateTime FirstSeenUtc, DateTime LastSeenUtc, int RssiAverage, int TxPower);

/// <summary>
/// Bluezone (legacy-sources.md §1): <c>users.csv</c> (one installation a row, name/year/ID optional) and
/// <c>encounters.csv</c> (who an uploader's phone saw, Unix seconds UTC).
/// </summary>
public static class BluezoneSource
{
    public const string UsersFileName = "users.csv";

    public const string EncountersFileName = "encounters.csv";

    public static readonly string[] UserHeader = ["bluezone_id", "phone", "registered_at", "full_name", "year_of_birth", "id_number"];

    public static readonly string[] EncounterHeader = ["uploader_bluezone_id", "seen_bluezone_id", "first_seen", "last_seen", "rssi_avg", "tx_power"];

    public static async IAsyncEnumerable<SourceItem> ReadUsersAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (CsvLine line in LegacyCsv.ReadAsync(input, ',', UserHeader, cancellationToken).ConfigureAwait(false))
        {
            yield return line.Fields is null ? SourceItem.Broken(line.LineNumber, line.Problem!) : ParseUser(line.LineNumber, line.Fields);
        }
    }

    public static bool IsBluezoneId(string id) => id.Length == 6 && id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    public static SourceItem ParseUser(long lineNumber, IReadOnlyList<string> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!IsBluezoneId(f[0]))
        {
            return SourceItem.Broken(lineNumber, "bluezone_id phải gồm 6 ký tự A-Z0-9 / bluezone_id must be 6 characters A-Z0-9");
        }

        if (!DateTimeOffset.TryParse(f[2], CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset registered))
        {
            return SourceItem.Broken(lineNumber, "registered_at không hợp lệ / impossible registered_at (ISO 8601 with offset)");
        }

        if (!LegacyFields.TryYear(f[4], out BirthDate? birth))
        {
            return SourceItem.Broken(lineNumber, "Năm sinh không hợp lệ / impossible year_of_birth");
        }

        // The name is optional here (asked only by later versions), but a name of punctuation alone is broken.
        string? name = LegacyCsv.Empty(f[3]);
        if (name is not null && LegacyFields.Name(name) is null)
        {
            return SourceItem.Broken(lineNumber, LegacyFields.EmptyName);
        }

        if (name is null && LegacyCsv.Empty(f[1]) is null && LegacyCsv.Empty(f[5]) is null)
        {
            return SourceItem.Broken(lineNumber, "Không có phone, tên hay giấy tờ / no phone, name or ID: nobody to link");
        }

        var identity = new LegacyIdentity
        {
            Source = SourceSystems.Bluezone,
            SourceRecordId = f[0],
            FullName = name,
            BirthDate = birth,
            DocumentNumber = LegacyCsv.Empty(f[5]),
            Phone = LegacyCsv.Empty(f[1]),
            SourcePersonKey = f[0],
        };
        return SourceItem.Of(new LegacyRecord(lineNumber, identity, new BluetoothRegistrationFact(f[0]) { OccurredAtUtc = registered.UtcDateTime }));
    }

    public static async IAsyncEnumerable<(long LineNumber, BluezoneEncounter? Encounter, string? Problem)> ReadEncountersAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (CsvLine line in LegacyCsv.ReadAsync(input, ',', EncounterHeader, cancellationToken).ConfigureAwait(false))
        {
            if (line.Fields is not { } f)
            {
                yield return (line.LineNumber, null, line.Problem);
                continue;
            }

            yield return ParseEncounter(line.LineNumber, f, out string? problem) is { } encounter ? (line.LineNumber, encounter, null) : (line.LineNumber, null, problem);
        }
    }

    public static BluezoneEncounter? ParseEncounter(long lineNumber, IReadOnlyList<string> f, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(f);
        problem = null;
        if (!IsBluezoneId(f[0]) || !IsBluezoneId(f[1]))
        {
            problem = "Mã Bluezone không hợp lệ / a bluezone id is not 6 characters A-Z0-9";
            return null;
        }

        if (!long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out long first) || !long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out long last)
            || first is < 1_500_000_000 or > 4_000_000_000 || last < first || last > 4_000_000_000)
        {
            problem = "Thời điểm không hợp lệ / impossible first_seen or last_seen (Unix seconds)";
            return null;
        }

        if (!int.TryParse(f[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int rssi) || rssi is > 0 or < -150
            || !int.TryParse(f[5], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int tx) || tx is < -100 or > 30)
        {
            problem = "rssi_avg hoặc tx_power không hợp lệ / impossible rssi_avg or tx_power";
            return null;
        }

        return new BluezoneEncounter(lineNumber, f[0], f[1], DateTimeOffset.FromUnixTimeSeconds(first).UtcDateTime, DateTimeOffset.FromUnixTimeSeconds(last).UtcDateTime, rssi, tx);
    }
}
