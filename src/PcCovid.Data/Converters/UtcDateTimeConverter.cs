using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PcCovid.Data.Converters;

/// <summary>
/// Times are stored in UTC. SQLite keeps no kind, so values read back are marked UTC here; values
/// written must already be UTC (TimeProvider gives UTC), which PostgreSQL's timestamptz also demands.
/// </summary>
public sealed class UtcDateTimeConverter : ValueConverter<DateTime, DateTime>
{
    public UtcDateTimeConverter()
        : base(
            value => RequireUtc(value),
            value => DateTime.SpecifyKind(value, DateTimeKind.Utc))
    {
    }

    private static DateTime RequireUtc(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? value : throw new InvalidOperationException("Only UTC times are stored.");
}
