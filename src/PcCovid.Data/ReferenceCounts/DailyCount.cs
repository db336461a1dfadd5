namespace PcCovid.Data.ReferenceCounts;

/// <summary>
/// One area's facts of one Vietnam calendar day, pre-aggregated so that dashboards read a few hundred
/// rows instead of counting cases, results and doses: kept for the nation (<see cref="NationCode"/>),
/// every province, district and commune by the residence of the person. Folded in incrementally from
/// the facts written since the last run (<c>FoldDailyCounts</c>), never recounted at request time.
/// </summary>
public sealed class DailyCount
{
    /// <summary>The unit code of the whole country (administrative codes have 2, 3 or 5 digits).</summary>
    public const string NationCode = "VN";

    public required string UnitCode { get; init; }

    /// <summary>0 nation, 1 province, 2 district, 3 commune.</summary>
    public required int UnitLevel { get; init; }

    /// <summary>The province of the unit (empty for the nation): a province's districts in one range.</summary>
    public required string ProvinceCode { get; init; }

    public required DateOnly Day { get; init; }

    /// <summary>Cases whose first positive sample was taken that day.</summary>
    public long NewCases { get; set; }

    /// <summary>Lab results of samples taken that day (individual and pooled).</summary>
    public long Tests { get; set; }

    /// <summary>Individual positive results of samples taken that day (a positive pool is not a positive person).</summary>
    public long TestsPositive { get; set; }

    /// <summary>First doses given that day: the people newly vaccinated.</summary>
    public long Dose1 { get; set; }

    public long Dose2 { get; set; }

    /// <summary>Third and later doses (boosters).</summary>
    public long Dose3Plus { get; set; }
}

/// <summary>The last fact id of one fact table folded into <see cref="DailyCount"/>.</summary>
public sealed class AggregationWatermark
{
    public required string Fact { get; init; }

    public long LastId { get; set; }

    /// <summary>
    /// The highest id seen at the previous run (PostgreSQL): the next run folds only up to it, so rows of a
    /// transaction still running then (a lower id committed later) are not skipped.
    /// </summary>
    public long SeenId { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>
/// People in quarantine (F1) and in isolation (F0) now, per area: recounted from the active orders at
/// each run of the dashboard job (a stock, not a flow), so a staff dashboard reads one row.
/// </summary>
public sealed class QuarantineCount
{
    public required string UnitCode { get; init; }

    public required int UnitLevel { get; init; }

    public long F1InQuarantine { get; set; }

    public long F0InIsolation { get; set; }

    public DateTime CountedAtUtc { get; set; }
}
