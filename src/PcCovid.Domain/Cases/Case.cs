using PcCovid.Domain.Common;

namespace PcCovid.Domain.Cases;

/// <summary>
/// A confirmed case (F0). Opened at once by a positive individual result of a matched person; a later
/// positive while the case is active updates it instead of opening another.
/// </summary>
public sealed class Case
{
    private Case()
    {
    }

    public long Id { get; private set; }

    public long PersonId { get; private set; }

    public CaseStatus Status { get; private set; }

    /// <summary>When the first positive sample was taken: the start of the transmission look-back.</summary>
    public DateTime FirstPositiveSampledAtUtc { get; private set; }

    public DateTime LatestPositiveSampledAtUtc { get; private set; }

    /// <summary>The lab result that opened the case.</summary>
    public long SourceLabResultId { get; private set; }

    public int PositiveResults { get; private set; }

    public DateTime OpenedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    public bool IsActive => Status == CaseStatus.Active;

    public static Case OpenFromResult(long personId, long labResultId, DateTime sampledAtUtc, DateTime nowUtc) => new()
    {
        PersonId = personId,
        Status = CaseStatus.Active,
        FirstPositiveSampledAtUtc = sampledAtUtc,
        LatestPositiveSampledAtUtc = sampledAtUtc,
        SourceLabResultId = labResultId,
        PositiveResults = 1,
        OpenedAtUtc = nowUtc,
        UpdatedAtUtc = nowUtc,
    };

    /// <summary>Another positive result for the same active case.</summary>
    public void AddPositive(DateTime sampledAtUtc, DateTime nowUtc)
    {
        if (!IsActive)
        {
            throw new DomainException("Chỉ cập nhật ca bệnh đang hoạt động / only an active case takes new results");
        }

        if (sampledAtUtc < FirstPositiveSampledAtUtc)
        {
            FirstPositiveSampledAtUtc = sampledAtUtc;
        }

        if (sampledAtUtc > LatestPositiveSampledAtUtc)
        {
            LatestPositiveSampledAtUtc = sampledAtUtc;
        }

        PositiveResults++;
        UpdatedAtUtc = nowUtc;
    }
}
