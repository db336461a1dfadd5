namespace PcCovid.Data.ReferenceCounts;

/// <summary>Hand-written SQL of the migration <c>RiskAggregates</c> (called from its generated code, both providers).</summary>
public static class RiskCountsSql
{
    /// <summary>
    /// The per-commune rows from before the birth year and vaccination columns would read as "born in year 0,
    /// nobody vaccinated": they go, and the next risk assessment (or <c>pccovid risk rebuild-aggregates</c>)
    /// recounts them from the facts.
    /// </summary>
    public const string ClearStaleResidenceCounts = "DELETE FROM residence_counts;";
}
