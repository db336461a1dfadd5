namespace PcCovid.Domain.Rules;

/// <summary>
/// How venue co-presence is computed from check-ins (rule key <c>tracing.venue-exposure</c>, PRODUCT.md §2.5):
/// the F0's stay is extended by <paramref name="BufferMinutes"/> after they leave (the air of a closed room),
/// and another person's stay counts when it overlaps that extended stay by at least
/// <paramref name="MinimumOverlapMinutes"/> (0: any overlap longer than nothing — touching stays do not count).
/// A stay longer than <paramref name="MaximumStayHours"/> (a forgotten check-out) is cut there. A stay without
/// check-out lasts the assumed dwell (<c>checkin.assumed-dwell</c>).
/// </summary>
public sealed record VenueExposureRule(int MinimumOverlapMinutes, int BufferMinutes, int MaximumStayHours) : IRuleValue
{
    public void Validate()
    {
        RuleChecks.Range(MinimumOverlapMinutes, 0, 240, "minimumOverlapMinutes");
        RuleChecks.Range(BufferMinutes, 0, 240, "bufferMinutes");
        RuleChecks.Range(MaximumStayHours, 1, 72, "maximumStayHours");
    }
}
