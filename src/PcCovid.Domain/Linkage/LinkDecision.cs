namespace PcCovid.Domain.Linkage;

/// <summary>
/// The identity resolver's answer for one legacy record. <see cref="PersonId"/> is the linked person
/// (Linked), the best candidate (Review), or null (Claim, New). <see cref="Rule"/> names why, e.g.
/// <c>citizen-id</c>, <c>cmnd</c>, <c>phone+name</c>, <c>phone+name+birth</c>, <c>probabilistic</c>, <c>shared-phone</c>.
/// <see cref="NewPersonKey"/> groups New records that are the same unknown person: the importer
/// creates one person per key and tells the resolver through <see cref="IIdentityResolver.AddPerson"/>.
/// </summary>
public sealed record LinkDecision(
    LinkOutcome Outcome,
    long? PersonId,
    double? Score,
    string Rule,
    string? NewPersonKey = null);
