namespace PcCovid.Domain.Common;

/// <summary>
/// Vietnam's clock (UTC+7, no daylight saving). Times are stored in UTC; dates that the rules count in
/// (age, quarantine days, "today") are Vietnamese calendar dates.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateTimeOffset ToVietnam(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Offset);

    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
    }

    /// <summary>For display: "25/11/2026 14:05" in Vietnam time.</summary>
    /// <summary>The UTC instant at which a Vietnam calendar day begins (17:00 UTC the day before).</summary>
    public static DateTime StartOfDayUtc(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).UtcDateTime;

    public static string Format(DateTime utc) => ToVietnam(utc).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
