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
/// The fact itself is not changed here: a data steward checks it against its source and answers, either
/// accepted (saying what was changed) or refused (saying why); the citizen reads the answer on "my data".
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

    /// <summary>What was changed (accepted) or why not (refused); null while open.</summary>
    public string? Answer { get; private set; }

    public DateTime? AnsweredAtUtc { get; private set; }

    /// <summary>The staff account that answered.</summary>
    public Guid? AnsweredByAccountId { get; private set; }

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

    /// <summary>Accepted: the fact was corrected at its source; <paramref name="changed"/> says what was changed.</summary>
    public void Accept(string? changed, Guid byAccountId, DateTime nowUtc) =>
        Close(CorrectionStatus.Done, changed, "Hãy ghi đã sửa gì / Say what was changed", byAccountId, nowUtc);

    /// <summary>Refused: the source stands; <paramref name="reason"/> tells the citizen why.</summary>
    public void Refuse(string? reason, Guid byAccountId, DateTime nowUtc) =>
        Close(CorrectionStatus.Refused, reason, "Hãy ghi lý do không sửa / Give the reason for refusing", byAccountId, nowUtc);

    private void Close(CorrectionStatus status, string? answer, string missing, Guid byAccountId, DateTime nowUtc)
    {
        if (Status != CorrectionStatus.Open)
        {
            throw new DomainException("Yêu cầu này đã được trả lời / This request has already been answered");
        }

        string trimmed = VietnameseText.Clean(answer ?? string.Empty);
        if (trimmed.Length == 0)
        {
            throw new DomainException(missing);
        }

        if (trimmed.Length > MaxTextLength)
        {
            throw new DomainException($"Tối đa {MaxTextLength} ký tự / At most {MaxTextLength} characters");
        }

        Status = status;
        Answer = trimmed;
        AnsweredAtUtc = nowUtc;
        AnsweredByAccountId = byAccountId;
    }
}
