namespace PcCovid.Domain.Testing;

/// <summary>
/// An individual retest ordered for a member of a positive pool. Open until an individual (not
/// pooled) result of the same person, sampled at or after the pool, arrives.
/// </summary>
public sealed class RetestOrder
{
    private RetestOrder()
    {
        PoolId = string.Empty;
    }

    public long Id { get; private set; }

    public long PersonId { get; private set; }

    /// <summary>The member's pooled result.</summary>
    public long PooledResultId { get; private set; }

    public long LabFacilityId { get; private set; }

    public string PoolId { get; private set; }

    public DateTime PoolSampledAtUtc { get; private set; }

    public DateTime OrderedAtUtc { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    /// <summary>The individual result that closed the order.</summary>
    public long? ClosedByResultId { get; private set; }

    public bool IsOpen => ClosedAtUtc is null;

    public static RetestOrder For(long pooledResultId, LabResult pooled, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(pooled);
        if (!pooled.IsPositivePool || pooled.PersonId is null)
        {
            throw new Common.DomainException("A retest is ordered for a matched member of a positive pool.");
        }

        return new RetestOrder
        {
            PersonId = pooled.PersonId.Value,
            PooledResultId = pooledResultId,
            LabFacilityId = pooled.LabFacilityId,
            PoolId = pooled.PoolId!,
            PoolSampledAtUtc = pooled.SampledAtUtc,
            OrderedAtUtc = nowUtc,
        };
    }

    /// <summary>True when the individual result answers this order (same person, not pooled, sampled at or after the pool).</summary>
    public bool IsAnsweredBy(LabResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return IsOpen && result.PoolId is null && result.PersonId == PersonId && result.SampledAtUtc >= PoolSampledAtUtc;
    }

    public void Close(long resultId, DateTime nowUtc)
    {
        ClosedAtUtc = nowUtc;
        ClosedByResultId = resultId;
    }
}
