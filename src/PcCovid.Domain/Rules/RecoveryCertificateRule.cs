namespace PcCovid.Domain.Rules;

/// <summary>
/// The validity window of a recovery certificate (rule key <c>certificate.recovery</c>), counted from
/// the sample date of the first positive NAAT: valid from day <see cref="ValidFromDays"/> after it,
/// until day <see cref="ValidUntilDays"/> (the DCC fields <c>df</c> and <c>du</c>).
/// </summary>
public sealed record RecoveryCertificateRule(int ValidFromDays, int ValidUntilDays) : IRuleValue
{
    public void Validate()
    {
        RuleChecks.Range(ValidFromDays, 0, 60, "validFromDays");
        RuleChecks.Range(ValidUntilDays, ValidFromDays + 1, 3 * 365, "validUntilDays");
    }

    public DateOnly ValidFrom(DateOnly firstPositive) => firstPositive.AddDays(ValidFromDays);

    public DateOnly ValidUntil(DateOnly firstPositive) => firstPositive.AddDays(ValidUntilDays);
}
