namespace PcCovid.Domain.Rules;

/// <summary>
/// When a Bluetooth encounter is a close contact, and how the server's temporary ids rotate (rule key
/// <c>tracing.bluetooth-exposure</c>, PRODUCT.md §2.5): an encounter counts when its average signal is at least
/// <paramref name="MinimumRssi"/> dBm (closer than about the 2 m of the F1 definition) for at least
/// <paramref name="MinimumDurationMinutes"/>. An encounter longer than <paramref name="MaximumDurationHours"/> is
/// absurd and refused. A temporary id is valid <paramref name="TempIdValidityMinutes"/>; a batch covers
/// <paramref name="TempIdsPerBatch"/> of them; a sighting may fall <paramref name="ClockSkewMinutes"/> outside the
/// id's window (phone clocks drift).
/// </summary>
public sealed record BluetoothExposureRule(int MinimumRssi, int MinimumDurationMinutes, int MaximumDurationHours, int TempIdValidityMinutes, int TempIdsPerBatch, int ClockSkewMinutes) : IRuleValue
{
    public void Validate()
    {
        RuleChecks.Range(MinimumRssi, -120, -20, "minimumRssi");
        RuleChecks.Range(MinimumDurationMinutes, 0, 240, "minimumDurationMinutes");
        RuleChecks.Range(MaximumDurationHours, 1, 72, "maximumDurationHours");
        RuleChecks.Range(TempIdValidityMinutes, 1, 24 * 60, "tempIdValidityMinutes");
        RuleChecks.Range(TempIdsPerBatch, 1, 1000, "tempIdsPerBatch");
        RuleChecks.Range(ClockSkewMinutes, 0, 60, "clockSkewMinutes");
    }

    /// <summary>Whether an encounter of this signal and length is a close contact.</summary>
    public bool Counts(int rssi, TimeSpan duration) => rssi >= MinimumRssi && duration >= TimeSpan.FromMinutes(MinimumDurationMinutes);
}
