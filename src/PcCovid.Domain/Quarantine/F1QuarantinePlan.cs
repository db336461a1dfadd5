namespace PcCovid.Domain.Quarantine;

/// <summary>
/// An F1's quarantine under the rule in force. Day 1 is <see cref="ClockStart"/>; "through" dates are
/// inclusive; the person is released on <see cref="ReleaseOn"/> (after a negative test on the last test
/// day when <see cref="ReleaseNeedsNegativeTest"/>).
/// </summary>
/// <param name="ClockStart">Day 1: the last exposure or the day the person was named F1, as the rule says.</param>
/// <param name="FullyVaccinatedOrRecovered">Which branch of the rule applied.</param>
/// <param name="QuarantineDays">0 when F1s are not quarantined.</param>
/// <param name="QuarantineThrough">The last day of quarantine; null without quarantine.</param>
/// <param name="ReleaseOn">The first day free of quarantine.</param>
/// <param name="MonitoringThrough">The last day of self-monitoring (or of precautions); null when none.</param>
/// <param name="TestDates">The dates of the tests.</param>
/// <param name="Tests">Which tests count.</param>
/// <param name="ReleaseNeedsNegativeTest">Release needs a negative test on the last test date.</param>
public sealed record F1QuarantinePlan(
    DateOnly ClockStart,
    bool FullyVaccinatedOrRecovered,
    int QuarantineDays,
    DateOnly? QuarantineThrough,
    DateOnly ReleaseOn,
    DateOnly? MonitoringThrough,
    IReadOnlyList<DateOnly> TestDates,
    IReadOnlyList<string> Tests,
    bool ReleaseNeedsNegativeTest)
{
    public bool Quarantined => QuarantineDays > 0;
}
