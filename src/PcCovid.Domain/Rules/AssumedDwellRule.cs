namespace PcCovid.Domain.Rules;

/// <summary>
/// How long a check-in without a check-out is assumed to last (rule key <c>checkin.assumed-dwell</c>,
/// PRODUCT.md §2.4): the window that venue co-presence is computed over.
/// </summary>
public sealed record AssumedDwellRule(int Minutes) : IRuleValue
{
    public void Validate() => RuleChecks.Range(Minutes, 1, 24 * 60, "minutes");
}
