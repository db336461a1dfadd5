using System.Text.Json;
using PcCovid.Domain.Rules;

namespace PcCovid.Web.Features.Rules;

/// <summary>A rule version as the API and the CLI show it. <c>EffectiveTo</c> is exclusive.</summary>
public sealed record RuleVersionResponse(
    long Id,
    string Key,
    string Scope,
    int Version,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    JsonElement Value,
    string SourceDocument,
    DateOnly? SourceDate,
    Certainty Certainty,
    IReadOnlyList<RuleCitation> Citations,
    string? Note,
    DateTime CreatedAtUtc,
    bool Shipped,
    DateTime? ClosedAtUtc)
{
    public static RuleVersionResponse From(RuleVersion v)
    {
        ArgumentNullException.ThrowIfNull(v);
        using JsonDocument value = JsonDocument.Parse(v.ValueJson);
        return new RuleVersionResponse(v.Id, v.Key, v.Scope, v.Version, v.EffectiveFrom, v.EffectiveTo, value.RootElement.Clone(), v.SourceDocument,
            v.SourceDate, v.Certainty, v.Citations, v.Note, v.CreatedAtUtc, v.CreatedByAccountId is null, v.ClosedAtUtc);
    }
}
