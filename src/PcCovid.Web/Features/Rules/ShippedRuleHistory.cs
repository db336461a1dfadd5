using System.Text.Json;
using PcCovid.Domain.Rules;

namespace PcCovid.Web.Features.Rules;

/// <summary>One version of the history shipped in <c>ReferenceData/rules-2021-2022.json</c>.</summary>
public sealed record ShippedRule(string Key, string Scope, DateOnly EffectiveFrom, DateOnly? EffectiveTo, string? Note, IReadOnlyList<RuleCitation> Citations, JsonElement Value);

/// <summary>The rule history of 2021–2022 (domain-rules.md), shipped inside the assembly as data.</summary>
public static class ShippedRuleHistory
{
    public const string ResourceName = "PcCovid.ReferenceData.rules-2021-2022.json";

    private sealed record File(string? Comment, IReadOnlyList<ShippedRule> Versions);

    public static IReadOnlyList<ShippedRule> Load()
    {
        using Stream stream = typeof(ShippedRuleHistory).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is missing from the build.");
        File file = JsonSerializer.Deserialize<File>(stream, RuleKeys.Json)
            ?? throw new InvalidOperationException($"{ResourceName} is empty.");
        return file.Versions;
    }
}
