using PcCovid.Domain.Common;

namespace PcCovid.Domain.Tracing;

/// <summary>
/// One sighting from a case's uploaded Bluetooth log, resolved server-side: whose phone uploaded it (the case's
/// person), whose temporary id it saw, when, how strongly. Every valid sighting is kept; whether it is a close
/// contact is decided when tracing, by the Bluetooth rule in force (signal and duration), like venue stays.
/// </summary>
public sealed class BluetoothEncounter
{
    private BluetoothEncounter()
    {
    }

    public long Id { get; private set; }

    /// <summary>The case whose log it came from.</summary>
    public long CaseId { get; private set; }

    public long UploaderPersonId { get; private set; }

    public long SeenPersonId { get; private set; }

    public DateTime FirstSeenUtc { get; private set; }

    public DateTime LastSeenUtc { get; private set; }

    /// <summary>Average received signal strength, dBm (negative).</summary>
    public int Rssi { get; private set; }

    public int? TxPower { get; private set; }

    /// <summary>The staff account that uploaded it with the case's upload code; null when the case's person uploaded from the app.</summary>
    public Guid? UploadedBy { get; private set; }

    public DateTime UploadedAtUtc { get; private set; }

    public TimeSpan Duration => LastSeenUtc - FirstSeenUtc;

    public static BluetoothEncounter Record(long caseId, long uploaderPersonId, long seenPersonId, DateTime firstSeenUtc, DateTime lastSeenUtc, int rssi, int? txPower,
        Guid? uploadedBy, DateTime nowUtc)
    {
        if (lastSeenUtc < firstSeenUtc)
        {
            throw new DomainException("Lần thấy cuối trước lần thấy đầu / lastSeen is before firstSeen");
        }

        if (rssi is < -127 or > 0)
        {
            throw new DomainException("Cường độ tín hiệu (RSSI) từ -127 đến 0 dBm / RSSI is between -127 and 0 dBm");
        }

        if (txPower is < -100 or > 30)
        {
            throw new DomainException("Công suất phát từ -100 đến 30 dBm / txPower is between -100 and 30 dBm");
        }

        if (seenPersonId == uploaderPersonId)
        {
            throw new DomainException("Điện thoại thấy chính mình / the log sees its own uploader");
        }

        if (firstSeenUtc > nowUtc.AddMinutes(5))
        {
            throw new DomainException("Lần thấy ở tương lai / firstSeen is in the future");
        }

        return new BluetoothEncounter
        {
            CaseId = caseId,
            UploaderPersonId = uploaderPersonId,
            SeenPersonId = seenPersonId,
            FirstSeenUtc = firstSeenUtc,
            LastSeenUtc = lastSeenUtc,
            Rssi = rssi,
            TxPower = txPower,
            UploadedBy = uploadedBy,
            UploadedAtUtc = nowUtc,
        };
    }
}
