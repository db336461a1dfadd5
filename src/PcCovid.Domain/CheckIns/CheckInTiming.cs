using System.Globalization;

namespace PcCovid.Domain.CheckIns;

/// <summary>
/// Which check-in times are accepted: not older than the retention window (it would be deleted at
/// once, and tracing no longer looks that far back), not further in the future than the allowed clock
/// skew of a phone. Both limits come from outside: the window from the rule <c>retention.windows</c>
/// in force, the skew from configuration.
/// </summary>
public static class CheckInTiming
{
    /// <summary>Null when acceptable; otherwise the reason, Vietnamese then English.</summary>
    public static string? Refusal(DateTime checkedInAtUtc, DateTime nowUtc, int retentionDays, TimeSpan maxClockSkew)
    {
        if (checkedInAtUtc < nowUtc.AddDays(-retentionDays))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Lượt check-in cũ hơn thời hạn lưu trữ {retentionDays} ngày / The check-in is older than the {retentionDays}-day retention window");
        }

        if (checkedInAtUtc > nowUtc + maxClockSkew)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Thời gian check-in ở tương lai (lệch đồng hồ quá {maxClockSkew.TotalMinutes:0} phút) / The check-in time is in the future (clock skew beyond {maxClockSkew.TotalMinutes:0} min)");
        }

        return null;
    }
}
