using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.Risk;

/// <summary>
/// The assessed epidemic level of one administrative unit for one week (Monday to Sunday, Vietnam
/// time), with every input and the rule set it was assessed under (domain-rules.md §1.4: "store all
/// inputs and the rule-set id with each result"). One row per unit and week: the history is the weeks;
/// re-assessing a week (late results) replaces that week's row.
/// </summary>
public sealed class RiskLevel
{
    private RiskLevel()
    {
        UnitCode = string.Empty;
        RuleSetId = string.Empty;
        SecondAxisColumn = string.Empty;
        Steps = string.Empty;
    }

    public long Id { get; private set; }

    public string UnitCode { get; private set; }

    public AdministrativeLevel UnitLevel { get; private set; }

    /// <summary>The province the unit lies in (itself for a province): the map's and the API's filter.</summary>
    public string ProvinceCode { get; private set; } = string.Empty;

    /// <summary>The district the unit lies in (null for a province, itself for a district).</summary>
    public string? DistrictCode { get; private set; }

    public DateOnly WeekStart { get; private set; }

    public int Level { get; private set; }

    public int TransmissionBand { get; private set; }

    public string SecondAxisColumn { get; private set; }

    public long Population { get; private set; }

    public long CommunityCases { get; private set; }

    public decimal CasesPer100k { get; private set; }

    public decimal? CoveragePercent { get; private set; }

    public decimal? ElderlyFullDosePercent { get; private set; }

    public TreatmentCapacityLevel? Capacity { get; private set; }

    public string RuleSetId { get; private set; }

    /// <summary>The steps of the assessment, one per line (why this level).</summary>
    public string Steps { get; private set; }

    public DateTime AssessedAtUtc { get; private set; }

    public static DateOnly WeekStartOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public static RiskLevel Record(
        string unitCode, AdministrativeLevel unitLevel, string provinceCode, string? districtCode, DateOnly weekStart,
        RiskInputs inputs, RiskResult result, DateTime assessedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(result);
        if (weekStart.DayOfWeek != DayOfWeek.Monday)
        {
            throw new DomainException("Tuần đánh giá bắt đầu từ thứ Hai / An assessment week starts on a Monday.");
        }

        return new RiskLevel
        {
            UnitCode = unitCode,
            UnitLevel = unitLevel,
            ProvinceCode = provinceCode,
            DistrictCode = districtCode,
            WeekStart = weekStart,
            Level = result.Level,
            TransmissionBand = result.TransmissionBand,
            SecondAxisColumn = result.SecondAxisColumn,
            Population = inputs.Population,
            CommunityCases = inputs.CommunityCases,
            CasesPer100k = result.CasesPer100k,
            CoveragePercent = result.CoveragePercent,
            ElderlyFullDosePercent = result.ElderlyFullDosePercent,
            Capacity = inputs.Capacity,
            RuleSetId = result.RuleSetId,
            Steps = string.Join('\n', result.Steps),
            AssessedAtUtc = assessedAtUtc,
        };
    }
}
