namespace PcCovid.Domain.Rules;

/// <summary>
/// The F1 quarantine clock (rule key <c>f1.quarantine</c>, domain-rules.md §2.3): from when it counts,
/// and what a fully vaccinated or recovered F1 and any other F1 must do.
/// </summary>
/// <param name="ClockStartsAt">"last-exposure" (762, 1909) or "named-f1" (the day a person is named F1 / ordered into quarantine: 5599, 10696).</param>
/// <param name="FullyVaccinatedOrRecovered">The branch for people meeting <paramref name="Eligibility"/>.</param>
/// <param name="Others">The branch for everyone else.</param>
/// <param name="Eligibility">Who is "fully vaccinated or recovered"; null when the rule does not distinguish.</param>
public sealed record F1QuarantineRule(string ClockStartsAt, QuarantineTier FullyVaccinatedOrRecovered, QuarantineTier Others, VaccinationEligibility? Eligibility) : IRuleValue
{
    public const string FromLastExposure = "last-exposure";
    public const string FromNamedF1 = "named-f1";

    public void Validate()
    {
        if (ClockStartsAt is not (FromLastExposure or FromNamedF1))
        {
            RuleChecks.Fail($"clockStartsAt phải là {FromLastExposure} hoặc {FromNamedF1}", $"clockStartsAt must be {FromLastExposure} or {FromNamedF1}");
        }

        RuleChecks.Required(FullyVaccinatedOrRecovered, "fullyVaccinatedOrRecovered");
        RuleChecks.Required(Others, "others");
        FullyVaccinatedOrRecovered.Validate("fullyVaccinatedOrRecovered");
        Others.Validate("others");
        Eligibility?.Validate("eligibility");
    }
}
