namespace PcCovid.Domain.CheckIns;

/// <summary>How a check-in was made; every method produces the same record.</summary>
public enum CheckInMethod : byte
{
    /// <summary>The citizen's app scanned the venue's poster.</summary>
    CitizenScan = 1,

    /// <summary>The venue's scanner scanned the citizen's personal QR (phone or printed).</summary>
    VenueScan = 2,

    /// <summary>Carried over from a legacy system (source <c>qr</c>).</summary>
    Imported = 3,
}
