namespace PcCovid.Data.ReferenceCounts;

/// <summary>
/// People registered per commune, recomputed after each population import, so that dashboards and
/// per-100,000 rates read about 10,600 rows instead of counting 100 million.
/// </summary>
public sealed class ResidenceCount
{
    public required string CommuneCode { get; init; }

    public required string DistrictCode { get; init; }

    public required string ProvinceCode { get; init; }

    public long People { get; init; }
}
