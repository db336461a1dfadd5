using PcCovid.Domain.Testing;

namespace PcCovid.Web.Features.Testing;

/// <summary>The person a result belongs to, or why a reviewer must decide.</summary>
public readonly record struct PersonMatch(long? PersonId, LabReviewReason? Review, IReadOnlyList<long> Candidates, string Rule)
{
    public static PersonMatch Matched(long personId, string rule) => new(personId, null, [], rule);

    public static PersonMatch Unmatched() => new(null, LabReviewReason.Unmatched, [], "none");

    public static PersonMatch Ambiguous(IReadOnlyList<long> candidates) => new(null, LabReviewReason.Ambiguous, candidates, "ambiguous");
}
