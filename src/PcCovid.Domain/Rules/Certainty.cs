using System.Text.Json.Serialization;

namespace PcCovid.Domain.Rules;

/// <summary>
/// How sure the platform is of a rule value, with the tags of domain-rules.md §0. Ordered from the
/// strongest to the weakest, so the certainty of a whole version is the largest of its citations.
/// </summary>
[JsonConverter(typeof(CertaintyJsonConverter))]
public enum Certainty
{
    /// <summary>[V] confirmed from the cited source.</summary>
    Verified = 1,

    /// <summary>[P] partly confirmed: the source covers part of it, the rest is recalled or inferred.</summary>
    Partial = 2,

    /// <summary>[R] recalled, not confirmed: a default to be replaced once the text is checked.</summary>
    Recalled = 3,
}
