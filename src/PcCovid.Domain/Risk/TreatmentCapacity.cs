using PcCovid.Domain.Common;

namespace PcCovid.Domain.Risk;

/// <summary>
/// A province's response capacity for one week (treatment beds, ICU, oxygen at commune stations, mobile
/// stations), entered by the province's staff. A new entry for the same week replaces the old one; the
/// account that entered it is kept.
/// </summary>
public sealed class TreatmentCapacity
{
    private TreatmentCapacity()
    {
        ProvinceCode = string.Empty;
    }

    public long Id { get; private set; }

    public string ProvinceCode { get; private set; }

    public DateOnly WeekStart { get; private set; }

    public TreatmentCapacityLevel Level { get; private set; }

    public string? Note { get; private set; }

    public Guid? EnteredByAccountId { get; private set; }

    public DateTime EnteredAtUtc { get; private set; }

    public static TreatmentCapacity Enter(string provinceCode, DateOnly weekStart, TreatmentCapacityLevel level, string? note, Guid? accountId, DateTime atUtc)
    {
        if (weekStart.DayOfWeek != DayOfWeek.Monday)
        {
            throw new DomainException("Tuần bắt đầu từ thứ Hai / The week starts on a Monday.");
        }

        if (!Enum.IsDefined(level))
        {
            throw new DomainException("Năng lực: high, medium hoặc low / Capacity: high, medium or low.");
        }

        return new TreatmentCapacity
        {
            ProvinceCode = provinceCode,
            WeekStart = weekStart,
            Level = level,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 500)],
            EnteredByAccountId = accountId,
            EnteredAtUtc = atUtc,
        };
    }

    public void Replace(TreatmentCapacityLevel level, string? note, Guid? accountId, DateTime atUtc)
    {
        TreatmentCapacity fresh = Enter(ProvinceCode, WeekStart, level, note, accountId, atUtc);
        Level = fresh.Level;
        Note = fresh.Note;
        EnteredByAccountId = accountId;
        EnteredAtUtc = atUtc;
    }
}
