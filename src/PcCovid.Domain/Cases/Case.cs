using PcCovid.Domain.Common;

namespace PcCovid.Domain.Cases;

/// <summary>
/// A confirmed case (F0). Opened at once by a positive individual result of a matched person, or entered by an
/// epidemiologist with an onset date or a sample date (or both); a later positive while the case is active
/// updates it instead of opening another. Its status moves only along the allowed transitions
/// (<see cref="CanMove"/>).
/// </summary>
public sealed class Case
{
    private Case()
    {
    }

    public long Id { get; private set; }

    public long PersonId { get; private set; }

    public CaseStatus Status { get; private set; }

    /// <summary>When the first positive sample was taken: the start of the transmission look-back. Null for a case entered with an onset date only.</summary>
    public DateTime? FirstPositiveSampledAtUtc { get; private set; }

    public DateTime? LatestPositiveSampledAtUtc { get; private set; }

    /// <summary>The day symptoms began (Vietnam), when known: the look-back then counts from it (contact rule).</summary>
    public DateOnly? OnsetOn { get; private set; }

    /// <summary>The lab result that opened the case; null for a case entered by an epidemiologist.</summary>
    public long? SourceLabResultId { get; private set; }

    /// <summary>The epidemiologist who entered the case by hand; null for a case opened by a result.</summary>
    public Guid? OpenedByAccountId { get; private set; }

    public int PositiveResults { get; private set; }

    public DateTime OpenedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>When the status last changed away from active (recovered, died, not a case).</summary>
    public DateTime? ClosedAtUtc { get; private set; }

    public bool IsActive => Status == CaseStatus.Active;

    /// <summary>The moment the transmission window is anchored on: the onset (start of that Vietnamese day) when known, else the first positive sample.</summary>
    public DateTime AnchorUtc => OnsetOn is { } onset ? VietnamTime.StartOfDayUtc(onset) : FirstPositiveSampledAtUtc!.Value;

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

    /// <summary>
    /// A case entered by an epidemiologist (a positive test elsewhere, an epidemiological link): it needs an onset
    /// date or a sample time, neither in the future, the onset no later than the sample's day.
    /// </summary>
    public static Case OpenManually(long personId, DateOnly? onsetOn, DateTime? sampledAtUtc, Guid openedBy, DateTime nowUtc)
    {
        if (onsetOn is null && sampledAtUtc is null)
        {
            throw new DomainException("Ca bệnh cần ngày khởi phát hoặc ngày lấy mẫu / A case needs an onset date or a sample date.");
        }

        DateOnly today = DateOnly.FromDateTime(VietnamTime.ToVietnam(nowUtc).DateTime);
        if (onsetOn > today || sampledAtUtc > nowUtc)
        {
            throw new DomainException("Ngày khởi phát và ngày lấy mẫu không thể ở tương lai / Onset and sample dates cannot be in the future.");
        }

        if (onsetOn is { } onset && sampledAtUtc is { } sampled && onset > DateOnly.FromDateTime(VietnamTime.ToVietnam(sampled).DateTime))
        {
            throw new DomainException("Ngày khởi phát sau ngày lấy mẫu / The onset is after the sample date.");
        }

        if (onsetOn is { } o && o < today.AddDays(-366))
        {
            throw new DomainException("Ngày khởi phát quá xa (hơn một năm) / The onset is more than a year ago.");
        }

        return new Case
        {
            PersonId = personId,
            Status = CaseStatus.Active,
            OnsetOn = onsetOn,
            FirstPositiveSampledAtUtc = sampledAtUtc,
            LatestPositiveSampledAtUtc = sampledAtUtc,
            OpenedByAccountId = openedBy,
            PositiveResults = 0,
            OpenedAtUtc = nowUtc,
            UpdatedAtUtc = nowUtc,
        };
    }

    /// <summary>Another positive result for the same active case.</summary>
    public void AddPositive(DateTime sampledAtUtc, DateTime nowUtc)
    {
        if (!IsActive)
        {
            throw new DomainException("Chỉ cập nhật ca bệnh đang hoạt động / only an active case takes new results");
        }

        if (FirstPositiveSampledAtUtc is null || sampledAtUtc < FirstPositiveSampledAtUtc)
        {
            FirstPositiveSampledAtUtc = sampledAtUtc;
        }

        if (LatestPositiveSampledAtUtc is null || sampledAtUtc > LatestPositiveSampledAtUtc)
        {
            LatestPositiveSampledAtUtc = sampledAtUtc;
        }

        PositiveResults++;
        UpdatedAtUtc = nowUtc;
    }

    /// <summary>
    /// The allowed transitions: an active case recovers, dies or is closed as not a case; a recovered or deceased
    /// case may still be found not to have been one (a result withdrawn, a wrong match). Nothing leaves
    /// "not a case", a death is final, and a closed case never becomes active again (a new infection is a new case).
    /// </summary>
    public static bool CanMove(CaseStatus from, CaseStatus to) => (from, to) switch
    {
        (CaseStatus.Active, CaseStatus.Recovered or CaseStatus.Died or CaseStatus.NotACase) => true,
        (CaseStatus.Recovered or CaseStatus.Died, CaseStatus.NotACase) => true,
        _ => false,
    };

    public void ChangeStatus(CaseStatus to, DateTime nowUtc)
    {
        if (!Enum.IsDefined(to))
        {
            throw new DomainException("Trạng thái không hợp lệ / Unknown status.");
        }

        if (!CanMove(Status, to))
        {
            throw new DomainException($"Không thể chuyển ca bệnh từ {Status} sang {to} / A case cannot move from {Status} to {to}.");
        }

        Status = to;
        ClosedAtUtc = nowUtc;
        UpdatedAtUtc = nowUtc;
    }
}
