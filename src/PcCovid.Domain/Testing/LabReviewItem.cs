namespace PcCovid.Domain.Testing;

/// <summary>
/// A result that could not be linked to exactly one person: kept with the identity the lab sent and
/// the candidates found, until a data steward resolves it. Never dropped.
/// </summary>
public sealed class LabReviewItem
{
    private LabReviewItem()
    {
        FullName = string.Empty;
        CandidatePersonIds = string.Empty;
    }

    public long Id { get; private set; }

    public long LabResultId { get; private set; }

    public long LabFacilityId { get; private set; }

    public LabReviewReason Reason { get; private set; }

    /// <summary>Candidate person ids, comma-separated (ambiguous matches only).</summary>
    public string CandidatePersonIds { get; private set; }

    public string FullName { get; private set; }

    public int? BirthYear { get; private set; }

    public string? IdNumber { get; private set; }

    public string? Phone { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? ResolvedAtUtc { get; private set; }

    public static LabReviewItem For(long labResultId, long labFacilityId, LabReviewReason reason, IReadOnlyCollection<long> candidates, string fullName, int? birthYear, string? idNumber, string? phone, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return new LabReviewItem
        {
            LabResultId = labResultId,
            LabFacilityId = labFacilityId,
            Reason = reason,
            CandidatePersonIds = string.Join(',', candidates.Order().Take(20)),
            FullName = fullName.Length > 200 ? fullName[..200] : fullName,
            BirthYear = birthYear,
            IdNumber = idNumber is { Length: > 20 } ? idNumber[..20] : idNumber,
            Phone = phone is { Length: > 20 } ? phone[..20] : phone,
            CreatedAtUtc = nowUtc,
        };
    }

    public void Resolve(DateTime nowUtc) => ResolvedAtUtc = nowUtc;
}
