using PcCovid.Domain.Common;

namespace PcCovid.Domain.People;

/// <summary>
/// A data steward's decision that two person records are one human: the absorbed person's facts moved to
/// the survivor, the absorbed person kept (marked merged-into) so that its identifiers still lead to the
/// survivor. The merge lists exactly which rows moved (<see cref="PersonMergeMove"/>), so that undoing it
/// moves those rows, and only those, back: a fact added to the survivor after the merge stays with it.
/// </summary>
public sealed class PersonMerge
{
    public const int MaxReasonLength = 500;

    private readonly List<PersonMergeMove> _moves = [];

    private PersonMerge()
    {
        Reason = string.Empty;
    }

    public long Id { get; private set; }

    public long SurvivorPersonId { get; private set; }

    public long AbsorbedPersonId { get; private set; }

    /// <summary>Why the steward merged (free text, no health data): shown in the merge list and the audit trail.</summary>
    public string Reason { get; private set; }

    public DateTime MergedAtUtc { get; private set; }

    public Guid? MergedByAccountId { get; private set; }

    public DateTime? UnmergedAtUtc { get; private set; }

    public Guid? UnmergedByAccountId { get; private set; }

    public bool IsUndone => UnmergedAtUtc is not null;

    public IReadOnlyCollection<PersonMergeMove> Moves => _moves;

    /// <summary>
    /// Why these two persons may not be merged with this survivor, or null when they may: the checks on the
    /// persons themselves (their facts are checked by the use case, which can see them).
    /// </summary>
    public static MergeRefusal? RefusalFor(Person survivor, Person absorbed)
    {
        ArgumentNullException.ThrowIfNull(survivor);
        ArgumentNullException.ThrowIfNull(absorbed);
        if (survivor.Id == absorbed.Id)
        {
            return MergeRefusal.SamePerson;
        }

        if (survivor.MergedIntoPersonId is not null || absorbed.MergedIntoPersonId is not null)
        {
            return MergeRefusal.AlreadyMerged;
        }

        if (survivor.CitizenId is { } a && absorbed.CitizenId is { } b && !string.Equals(a, b, StringComparison.Ordinal))
        {
            return MergeRefusal.TwoCitizenIds;
        }

        if (survivor.CitizenId is null && absorbed.CitizenId is not null)
        {
            // The registry's anchor is the citizen ID: the person that has it survives.
            return MergeRefusal.SurvivorMustHoldCitizenId;
        }

        return null;
    }

    /// <summary>Starts a merge of two persons whose own checks passed (<see cref="RefusalFor"/>); marks the absorbed person.</summary>
    public static PersonMerge Begin(Person survivor, Person absorbed, string reason, Guid? byAccountId, DateTime nowUtc)
    {
        if (RefusalFor(survivor, absorbed) is { } refusal)
        {
            throw new DomainException(refusal.English);
        }

        string why = VietnameseText.Clean(reason ?? string.Empty);
        if (why.Length == 0 || why.Length > MaxReasonLength)
        {
            throw new DomainException($"A merge needs a reason of 1 to {MaxReasonLength} characters.");
        }

        absorbed.MarkMergedInto(survivor.Id, nowUtc);
        return new PersonMerge
        {
            SurvivorPersonId = survivor.Id,
            AbsorbedPersonId = absorbed.Id,
            Reason = why,
            MergedAtUtc = nowUtc,
            MergedByAccountId = byAccountId,
        };
    }

    /// <summary>Records that these rows of one table had <paramref name="column"/> moved from the absorbed person to the survivor.</summary>
    public void RecordMoves(string table, string column, IEnumerable<string> rowKeys)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentException.ThrowIfNullOrEmpty(column);
        ArgumentNullException.ThrowIfNull(rowKeys);
        if (IsUndone)
        {
            throw new DomainException("This merge was undone.");
        }

        foreach (string key in rowKeys)
        {
            _moves.Add(new PersonMergeMove(table, column, key));
        }
    }

    /// <summary>Undoes the merge: the absorbed person is a person of its own again. The moved rows go back by the caller.</summary>
    public void Undo(Person absorbed, Guid? byAccountId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(absorbed);
        if (IsUndone)
        {
            throw new DomainException(MergeRefusal.AlreadyUnmerged.English);
        }

        if (absorbed.Id != AbsorbedPersonId)
        {
            throw new DomainException("That is not the person this merge absorbed.");
        }

        absorbed.ClearMergedInto(SurvivorPersonId, nowUtc);
        UnmergedAtUtc = nowUtc;
        UnmergedByAccountId = byAccountId;
    }
}

/// <summary>One row that a merge moved: its table, the person column that changed, its key (as text).</summary>
public sealed class PersonMergeMove
{
    private PersonMergeMove()
    {
        TableName = string.Empty;
        ColumnName = string.Empty;
        RowKey = string.Empty;
    }

    internal PersonMergeMove(string table, string column, string rowKey)
    {
        TableName = table;
        ColumnName = column;
        RowKey = rowKey;
    }

    public long Id { get; private set; }

    public long MergeId { get; private set; }

    public string TableName { get; private set; }

    public string ColumnName { get; private set; }

    public string RowKey { get; private set; }
}

/// <summary>Why a merge or an unmerge is refused, in Vietnamese and English (shown to the steward as is).</summary>
public sealed record MergeRefusal(string Code, string Vietnamese, string English)
{
    public static readonly MergeRefusal SamePerson = new("same-person", "Không thể gộp một người với chính họ.", "A person cannot be merged with itself.");

    public static readonly MergeRefusal AlreadyMerged = new("already-merged", "Một trong hai người đã được gộp vào người khác.", "One of the two persons was already merged into another.");

    public static readonly MergeRefusal TwoCitizenIds = new("two-citizen-ids", "Hai người có hai số CCCD khác nhau: không phải cùng một người.", "The two persons hold two different citizen IDs: they are not one person.");

    public static readonly MergeRefusal SurvivorMustHoldCitizenId = new("survivor-without-citizen-id", "Người được giữ lại phải là người có số CCCD.", "The surviving person must be the one holding the citizen ID.");

    public static readonly MergeRefusal TwoActiveCases = new("two-active-cases", "Cả hai người đều đang là ca bệnh: đóng một ca trước khi gộp.", "Both persons are active cases: close one case before merging.");

    public static readonly MergeRefusal TwoActiveOrders = new("two-active-quarantine-orders", "Cả hai người đều có lệnh cách ly cùng loại đang hiệu lực.", "Both persons have an active quarantine order of the same kind.");

    public static readonly MergeRefusal ContactsOfSameCase = new("contacts-of-same-case", "Cả hai người đều là tiếp xúc của cùng một ca bệnh.", "Both persons are contacts of the same case.");

    public static readonly MergeRefusal TwoAccounts = new("two-accounts", "Cả hai người đều có tài khoản đăng nhập.", "Both persons have a sign-in account.");

    public static readonly MergeRefusal GuardianOfEachOther = new("guardian-of-each-other", "Một người là người giám hộ của người kia.", "One person is the other's guardian.");

    public static readonly MergeRefusal ConflictingFacts = new("conflicting-facts", "Dữ liệu của hai người mâu thuẫn (một ràng buộc duy nhất bị vi phạm).", "The two persons' facts conflict (a uniqueness rule would be broken).");

    public static readonly MergeRefusal AlreadyUnmerged = new("already-unmerged", "Lần gộp này đã được hoàn tác.", "This merge was already undone.");

    public static readonly MergeRefusal SurvivorMergedSince = new("survivor-merged-since", "Người được giữ lại đã được gộp tiếp vào người khác: hoàn tác lần gộp sau trước.", "The survivor was merged into another person since: undo that later merge first.");

    public string Message => $"{Vietnamese} / {English}";
}
