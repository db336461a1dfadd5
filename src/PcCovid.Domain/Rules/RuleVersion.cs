using System.Globalization;
using System.Text.Json;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.Rules;

/// <summary>
/// One effective-dated version of one rule for one scope. It applies on dates in
/// [<see cref="EffectiveFrom"/>, <see cref="EffectiveTo"/>): from inclusive, to <b>exclusive</b> (the
/// date the next version starts), open-ended when <see cref="EffectiveTo"/> is null. A version is never
/// edited: a change is a new version. The only later change is closing an open-ended version at the
/// date its successor starts, which an administrator asks for explicitly.
/// </summary>
public sealed class RuleVersion
{
    public const int MaxDocumentLength = 200;
    public const int MaxNoteLength = 1000;

    private IRuleValue? _value;

    private RuleVersion()
    {
        Key = string.Empty;
        Scope = RuleScope.NationalText;
        ValueJson = string.Empty;
        CitationsJson = "[]";
        SourceDocument = string.Empty;
    }

    public long Id { get; private set; }

    public string Key { get; private set; }

    /// <summary>"national" or "province:NN" (the written form of <see cref="RuleScope"/>).</summary>
    public string Scope { get; private set; }

    /// <summary>1, 2, 3 … per key and scope, in the order versions were added.</summary>
    public int Version { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    /// <summary>Exclusive; null while open-ended.</summary>
    public DateOnly? EffectiveTo { get; private set; }

    public string ValueJson { get; private set; }

    /// <summary>The main document the version cites (the first citation), for lists.</summary>
    public string SourceDocument { get; private set; }

    public DateOnly? SourceDate { get; private set; }

    /// <summary>The weakest certainty among the version's citations.</summary>
    public Certainty Certainty { get; private set; }

    /// <summary>Per-field citations as JSON (<see cref="RuleCitation"/>).</summary>
    public string CitationsJson { get; private set; }

    public string? Note { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>The administrator's account; null for the history shipped with the program.</summary>
    public Guid? CreatedByAccountId { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    public Guid? ClosedByAccountId { get; private set; }

    public RuleScope RuleScope => RuleScope.Parse(Scope);

    /// <summary>The typed value, parsed and validated once.</summary>
    public IRuleValue Value => _value ??= RuleKeys.Parse(Key, ValueJson);

    public IReadOnlyList<RuleCitation> Citations => JsonSerializer.Deserialize<List<RuleCitation>>(CitationsJson, RuleKeys.Json) ?? [];

    /// <summary>Whether the version is in force on a date.</summary>
    public bool AppliesOn(DateOnly date) => date >= EffectiveFrom && (EffectiveTo is null || date < EffectiveTo.Value);

    public bool Overlaps(DateOnly from, DateOnly? to) =>
        (to is null || EffectiveFrom < to.Value) && (EffectiveTo is null || from < EffectiveTo.Value);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Key} {Scope} v{Version} [{EffectiveFrom:yyyy-MM-dd} → {(EffectiveTo is { } to ? to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "…")})");

    /// <summary>
    /// A new version, checked on its own (known key, valid value, from before to, at least one citation).
    /// Overlap with other versions is the <see cref="RuleBook"/>'s check.
    /// </summary>
    public static RuleVersion Create(
        string key, RuleScope scope, int version, DateOnly effectiveFrom, DateOnly? effectiveTo, string valueJson,
        IReadOnlyList<RuleCitation> citations, string? note, DateTime createdAtUtc, Guid? createdBy)
    {
        RuleKeys.EnsureKnown(key);
        ArgumentNullException.ThrowIfNull(citations);
        if (effectiveTo is { } to && to <= effectiveFrom)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"Ngày hết hiệu lực {to:yyyy-MM-dd} phải sau ngày bắt đầu {effectiveFrom:yyyy-MM-dd} / The end {to:yyyy-MM-dd} must come after the start {effectiveFrom:yyyy-MM-dd}."));
        }

        if (citations.Count == 0)
        {
            throw new DomainException("Mỗi phiên bản phải dẫn nguồn văn bản / Every version must cite its source document.");
        }

        foreach (RuleCitation citation in citations)
        {
            if (citation is null || string.IsNullOrWhiteSpace(citation.Document) || string.IsNullOrWhiteSpace(citation.Field) || !Enum.IsDefined(citation.Certainty))
            {
                throw new DomainException("Mỗi trích dẫn cần trường, văn bản và mức chắc chắn (V, P, R) / Every citation needs a field, a document and a certainty (V, P, R).");
            }

            if (citation.Document.Length > MaxDocumentLength)
            {
                throw new DomainException($"Tên văn bản quá dài (tối đa {MaxDocumentLength}) / The document name is too long (at most {MaxDocumentLength}).");
            }
        }

        if (note is { Length: > MaxNoteLength })
        {
            throw new DomainException($"Ghi chú quá dài (tối đa {MaxNoteLength}) / The note is too long (at most {MaxNoteLength}).");
        }

        IRuleValue value = RuleKeys.Parse(key, valueJson ?? string.Empty);
        RuleCitation main = citations[0];
        return new RuleVersion
        {
            Key = key,
            Scope = scope.ToString(),
            Version = version,
            EffectiveFrom = effectiveFrom,
            EffectiveTo = effectiveTo,
            _value = value,
            // Stored in its canonical form: what is read back is exactly what was validated.
            ValueJson = RuleKeys.Serialize(value),
            SourceDocument = main.Document.Trim(),
            SourceDate = main.Date,
            Certainty = citations.Max(c => c.Certainty),
            CitationsJson = JsonSerializer.Serialize(citations, RuleKeys.Json),
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            CreatedAtUtc = createdAtUtc,
            CreatedByAccountId = createdBy,
        };
    }

    /// <summary>Ends an open-ended version on the date its successor starts.</summary>
    internal void CloseAt(DateOnly effectiveTo, DateTime nowUtc, Guid? by)
    {
        if (EffectiveTo is not null)
        {
            throw new DomainException($"Phiên bản {Describe()} đã có ngày kết thúc / Version {Describe()} already has an end date.");
        }

        if (effectiveTo <= EffectiveFrom)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"Không thể kết thúc {Describe()} vào {effectiveTo:yyyy-MM-dd}, trước khi nó bắt đầu / Cannot end {Describe()} on {effectiveTo:yyyy-MM-dd}, before it starts."));
        }

        EffectiveTo = effectiveTo;
        ClosedAtUtc = nowUtc;
        ClosedByAccountId = by;
    }
}
