using PcCovid.Domain.Common;

namespace PcCovid.Domain.Testing;

/// <summary>
/// One lab result for one sample: the sample id is unique per lab, the person is null until matched,
/// a member of a pooled sample carries the pool id. Times are UTC.
/// </summary>
public sealed class LabResult
{
    /// <summary>The highest cycle threshold a result may carry.</summary>
    public const decimal MaxCt = 50m;

    private LabResult()
    {
        SampleId = string.Empty;
        Provenance = null!;
    }

    public long Id { get; private set; }

    /// <summary>The lab (a facility of kind Lab) that reported the result.</summary>
    public long LabFacilityId { get; private set; }

    /// <summary>The lab's sample id (<c>ma_mau</c>): unique per lab, so a re-submitted result is recognised.</summary>
    public string SampleId { get; private set; }

    /// <summary>The pool id (<c>ma_mau_gop</c>) when the sample was pooled.</summary>
    public string? PoolId { get; private set; }

    /// <summary>The registry person, null while the result waits in the review list.</summary>
    public long? PersonId { get; private set; }

    public LabTestType TestType { get; private set; }

    public LabOutcome Outcome { get; private set; }

    /// <summary>Cycle threshold, RT-PCR only.</summary>
    public decimal? Ct { get; private set; }

    public DateTime SampledAtUtc { get; private set; }

    public DateTime ReportedAtUtc { get; private set; }

    public LabResultStatus Status { get; private set; }

    /// <summary>The import run that brought the result, when it came by file.</summary>
    public long? ImportRunId { get; private set; }

    public Provenance Provenance { get; private set; }

    public bool IsPositive => Outcome == LabOutcome.Positive;

    /// <summary>A positive pool: its members await individual retests, none of them is a case yet.</summary>
    public bool IsPositivePool => PoolId is not null && Outcome == LabOutcome.Positive;

    /// <summary>
    /// The result's invariants, for bulk paths that report a reason instead of throwing: null when valid,
    /// else the reason (Vietnamese / English).
    /// </summary>
    public static string? Check(string? sampleId, LabTestType type, LabOutcome outcome, decimal? ct, DateTime sampledAtUtc, DateTime reportedAtUtc, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(sampleId) || sampleId.Length > 64)
        {
            return "Thiếu mã mẫu hoặc quá 64 ký tự / sample id missing or longer than 64 characters";
        }

        if (!Enum.IsDefined(type))
        {
            return "Loại xét nghiệm không hợp lệ / unknown test type";
        }

        if (!Enum.IsDefined(outcome))
        {
            return "Kết quả không hợp lệ / unknown outcome";
        }

        if (ct is { } value)
        {
            if (type != LabTestType.RtPcr)
            {
                return "Chỉ RT-PCR có giá trị Ct / a Ct value is for RT-PCR only";
            }

            if (value is < 0 or > MaxCt)
            {
                return "Ct phải từ 0 đến 50 / Ct must be between 0 and 50";
            }
        }

        if (reportedAtUtc < sampledAtUtc)
        {
            return "Thời gian trả kết quả trước thời gian lấy mẫu / reported before the sample was taken";
        }

        if (reportedAtUtc > nowUtc.AddMinutes(5))
        {
            return "Thời gian trả kết quả ở tương lai / reported in the future";
        }

        return null;
    }

    /// <summary>Records a result; throws <see cref="DomainException"/> when an invariant is broken.</summary>
    public static LabResult Record(
        long labFacilityId,
        string sampleId,
        string? poolId,
        LabTestType type,
        LabOutcome outcome,
        decimal? ct,
        DateTime sampledAtUtc,
        DateTime reportedAtUtc,
        Provenance provenance,
        DateTime nowUtc,
        long? importRunId = null)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        string? problem = Check(sampleId, type, outcome, ct, sampledAtUtc, reportedAtUtc, nowUtc);
        if (problem is not null)
        {
            throw new DomainException(problem);
        }

        if (sampledAtUtc.Kind != DateTimeKind.Utc || reportedAtUtc.Kind != DateTimeKind.Utc)
        {
            throw new DomainException("Result times are stored in UTC.");
        }

        return new LabResult
        {
            LabFacilityId = labFacilityId,
            SampleId = sampleId.Trim(),
            PoolId = string.IsNullOrWhiteSpace(poolId) ? null : poolId.Trim(),
            TestType = type,
            Outcome = outcome,
            Ct = ct,
            SampledAtUtc = sampledAtUtc,
            ReportedAtUtc = reportedAtUtc,
            Status = LabResultStatus.Final,
            ImportRunId = importRunId,
            Provenance = provenance,
        };
    }

    /// <summary>Links the result to its person (a match, or a data steward's resolution of a review item).</summary>
    public void MatchTo(long personId)
    {
        if (PersonId is { } current && current != personId)
        {
            throw new DomainException("Kết quả đã gắn với người khác / the result is already linked to another person");
        }

        PersonId = personId;
        if (IsPositivePool)
        {
            Status = LabResultStatus.PendingRetest;
        }
    }

    /// <summary>The member's individual retest has come back: the pooled result is final.</summary>
    public void CloseRetest() => Status = LabResultStatus.Final;
}
