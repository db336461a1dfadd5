using PcCovid.Domain.Common;

namespace PcCovid.Domain.Rules;

/// <summary>The written tags of <see cref="Certainty"/>: "V", "P", "R" (as domain-rules.md writes them, without brackets).</summary>
public static class CertaintyTags
{
    public static string Tag(this Certainty certainty) => certainty switch
    {
        Certainty.Verified => "V",
        Certainty.Partial => "P",
        Certainty.Recalled => "R",
        _ => throw new ArgumentOutOfRangeException(nameof(certainty), certainty, null),
    };

    public static Certainty Parse(string? tag) => tag?.Trim().Trim('[', ']').ToUpperInvariant() switch
    {
        "V" or "VERIFIED" => Certainty.Verified,
        "P" or "PARTIAL" => Certainty.Partial,
        "R" or "RECALLED" => Certainty.Recalled,
        _ => throw new DomainException($"Mức chắc chắn không hợp lệ '{tag}' (V, P, R) / Unknown certainty tag '{tag}' (V, P or R)."),
    };
}
