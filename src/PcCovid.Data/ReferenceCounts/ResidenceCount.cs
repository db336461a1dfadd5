namespace PcCovid.Data.ReferenceCounts;

/// <summary>
/// People registered per commune and birth year, with how many of them are vaccinated (confirmed doses,
/// as known now): the weekly risk levels, dashboards and per-100,000 rates read about a million small rows
/// (10,599 communes × the birth years present) instead of counting 100 million people and their doses.
/// Kept exact in the transaction of every fact that changes them (<see cref="IFactCountsMaintainer"/>:
/// a dose recorded, imported, confirmed or removed, a person registered, moved or removed); the population
/// import and <c>pccovid risk rebuild-aggregates</c> recount them from the facts. Birth year, not age: the
/// ages of a rule (≥ 18, ≥ 50, ≥ 65) are taken as of the date assessed.
/// </summary>
public sealed class ResidenceCount
{
    public required string CommuneCode { get; init; }

    public required int BirthYear { get; init; }

    public required string DistrictCode { get; init; }

    public required string ProvinceCode { get; init; }

    public long People { get; set; }

    /// <summary>People with at least one confirmed dose.</summary>
    public long Dosed { get; set; }

    /// <summary>People with at least the primary series of their first dose's product (the rule <c>vaccination.intervals</c>).</summary>
    public long FullyVaccinated { get; set; }

    /// <summary>People with more confirmed doses than their primary series (a booster).</summary>
    public long Boosted { get; set; }
}

/// <summary>
/// Community cases per residence commune and Vietnam day of the first positive sample (cases closed as
/// "not a case" excluded), kept exact in the transaction of the case's change (opened, status changed, the
/// person moved): one week of the weekly risk levels reads a week of rows.
/// </summary>
public sealed class CommuneCaseCount
{
    public required string CommuneCode { get; init; }

    public required DateOnly Day { get; init; }

    public long Cases { get; set; }
}
