using PcCovid.Domain.Common;

namespace PcCovid.Domain.People;

/// <summary>Where a correction request stands.</summary>
public enum CorrectionStatus
{
    Open = 1,
    Done = 2,
    Refused = 3,
}

/// <summary>
/// A citizen's request to correct a fact held about them or a dependant (PRODUCT.md §2.1: "a citizen can
/// ask to correct a fact; the source stays visible"): what it is about, their words, when, and its status.
/// The fact itself is not changed here: staff check it against its source and answer.
/// </summary>
public sealed class CorrectionRequest
{
    public const int MaxTextLength = 1000;

    public static readonly IReadOnlyList<string> Subjects = ["identity", "declarations", "check-ins", "test-results", "vaccinations", "other"];

    private CorrectionRequest()
    {
        About = string.Empty;
        Text = string.Empty;
    }

    public long Id { get; private set; }

    /// <summary>The person the fact is about.</summary>
    public long PersonId { get; private set; }

    /// <summary>The signed-in person who asked (a guardian for a dependant).</summary>
    public long RequestedByPersonId { get; private set; }

    /// <summary>One of <see cref="Subjects"/>.</summary>
    public string About { get; private set; }

    public string Text { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public CorrectionStatus Status { get; private set; }

    public static CorrectionRequest Open(long personId, long requestedByPersonId, string? about, string? text, DateTime nowUtc)
    {
        string trimmed = VietnameseText.Clean(text ?? string.Empty);
        if (trimmed.Length == 0)
        {
            throw new DomainException("Hãy viết điều cần sửa / Say what should be corrected");
        }

        if (trimmed.Length > MaxTextLength)
        {
            throw new DomainException($"Tối đa {MaxTextLength} ký tự / At most {MaxTextLength} characters");
        }

        if (about is null || !Subjects.Contains(about))
        {
            throw new DomainException("Chọn loại dữ liệu cần sửa / Choose what the correction is about");
        }

        return new CorrectionRequest
        {
            PersonId = personId,
            RequestedByPersonId = requestedByPersonId,
            About = about,
            Text = trimmed,
            CreatedAtUtc = nowUtc,
            Status = CorrectionStatus.Open,
        };
    }
}
