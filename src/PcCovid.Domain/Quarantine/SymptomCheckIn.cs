using PcCovid.Domain.Common;

namespace PcCovid.Domain.Quarantine;

/// <summary>
/// One day's symptom report during a quarantine or isolation, by the person or their guardian (one per
/// order and day; a second report that day replaces the first). Symptoms are the declaration form's codes.
/// </summary>
public sealed class SymptomCheckIn
{
    public static readonly IReadOnlySet<string> KnownSymptoms = new HashSet<string>(StringComparer.Ordinal)
    {
        "fever", "cough", "shortness-of-breath", "sore-throat", "loss-of-taste-or-smell", "fatigue", "diarrhoea", "vomiting", "rash",
    };

    private SymptomCheckIn()
    {
        Symptoms = string.Empty;
    }

    public long Id { get; private set; }

    public long OrderId { get; private set; }

    public long PersonId { get; private set; }

    public DateOnly Day { get; private set; }

    /// <summary>Comma-separated codes of <see cref="KnownSymptoms"/>; empty = no symptoms.</summary>
    public string Symptoms { get; private set; }

    public decimal? TemperatureCelsius { get; private set; }

    /// <summary>The person who reported (the subject or a guardian).</summary>
    public long ReportedByPersonId { get; private set; }

    public DateTime ReportedAtUtc { get; private set; }

    public bool HasSymptoms => Symptoms.Length > 0 || TemperatureCelsius >= 37.5m;

    public static SymptomCheckIn Report(QuarantineOrder order, DateOnly day, IEnumerable<string> symptoms, decimal? temperature, long reportedBy, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(symptoms);
        var codes = symptoms.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (codes.FirstOrDefault(c => !KnownSymptoms.Contains(c)) is { } unknown)
        {
            throw new DomainException($"Triệu chứng không rõ '{unknown}' / Unknown symptom '{unknown}' (known: {string.Join(", ", KnownSymptoms.Order(StringComparer.Ordinal))}).");
        }

        if (temperature is { } t && (t < 34m || t > 43m))
        {
            throw new DomainException("Nhiệt độ phải từ 34 đến 43 °C / The temperature must be between 34 and 43 °C.");
        }

        if (order.Status != QuarantineStatus.Active || day < order.StartOn || day >= order.ReleaseOn)
        {
            throw new DomainException("Ngày báo cáo không nằm trong thời gian cách ly / The day is outside the quarantine.");
        }

        return new SymptomCheckIn
        {
            OrderId = order.Id,
            PersonId = order.PersonId,
            Day = day,
            Symptoms = string.Join(',', codes),
            TemperatureCelsius = temperature,
            ReportedByPersonId = reportedBy,
            ReportedAtUtc = nowUtc,
        };
    }
}
