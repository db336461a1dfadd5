using PcCovid.Domain.Common;

namespace PcCovid.Domain.Migration;

/// <summary>
/// A Bluetooth encounter from Bluezone's uploaded logs (legacy-sources.md §1): who the uploader's phone
/// saw, when, how strongly. The installations are resolved to persons through users.csv; an installation
/// held as a claim or unknown leaves its side null.
/// </summary>
public sealed class LegacyEncounter
{
    private LegacyEncounter()
    {
        UploaderBluezoneId = string.Empty;
        SeenBluezoneId = string.Empty;
        Provenance = null!;
        SourceKey = string.Empty;
    }

    public long Id { get; private set; }

    public string UploaderBluezoneId { get; private set; }

    public string SeenBluezoneId { get; private set; }

    public long? UploaderPersonId { get; private set; }

    public long? SeenPersonId { get; private set; }

    public DateTime FirstSeenUtc { get; private set; }

    public DateTime LastSeenUtc { get; private set; }

    public int RssiAverage { get; private set; }

    public int TxPower { get; private set; }

    public Provenance Provenance { get; private set; }

    /// <summary>bluezone:uploader:seen:first_seen, unique: a re-run adds nothing.</summary>
    public string SourceKey { get; private set; }

    public static LegacyEncounter Record(string uploader, string seen, long? uploaderPersonId, long? seenPersonId, DateTime firstSeenUtc, DateTime lastSeenUtc, int rssi, int tx, DateTime nowUtc)
    {
        if (lastSeenUtc < firstSeenUtc)
        {
            throw new DomainException("last_seen trước first_seen / last_seen is before first_seen");
        }

        string id = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{uploader}:{seen}:{new DateTimeOffset(firstSeenUtc).ToUnixTimeSeconds()}");
        return new LegacyEncounter
        {
            UploaderBluezoneId = uploader,
            SeenBluezoneId = seen,
            UploaderPersonId = uploaderPersonId,
            SeenPersonId = seenPersonId,
            FirstSeenUtc = firstSeenUtc,
            LastSeenUtc = lastSeenUtc,
            RssiAverage = rssi,
            TxPower = tx,
            Provenance = new Provenance(SourceSystems.Bluezone, id, nowUtc, isAuthoritative: false),
            SourceKey = SourceSystems.Bluezone + ":" + id,
        };
    }

    public void MoveSides(long fromPersonId, long toPersonId)
    {
        if (UploaderPersonId == fromPersonId)
        {
            UploaderPersonId = toPersonId;
        }

        if (SeenPersonId == fromPersonId)
        {
            SeenPersonId = toPersonId;
        }
    }
}
