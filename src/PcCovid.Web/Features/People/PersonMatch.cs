namespace PcCovid.Web.Features.People;

/// <summary>
/// The person a record belongs to (with their province, which rules in force depend on), or the
/// candidates a reviewer must choose from: none (unmatched) or several (ambiguous).
/// </summary>
public readonly record struct PersonMatch(long? PersonId, string? ProvinceCode, IReadOnlyList<long> Candidates, string Rule)
{
    public bool IsMatched => PersonId is not null;

    /// <summary>Candidates exist but none is certain (several, or one without a birth year to confirm it).</summary>
    public bool IsAmbiguous => PersonId is null && Candidates.Count > 0;

    public static PersonMatch Matched(long personId, string? provinceCode, string rule) => new(personId, provinceCode, [], rule);

    public static PersonMatch Unmatched() => new(null, null, [], "none");

    public static PersonMatch Ambiguous(IReadOnlyList<long> candidates) => new(null, null, candidates, "ambiguous");
}
