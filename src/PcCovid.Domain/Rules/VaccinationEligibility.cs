namespace PcCovid.Domain.Rules;

/// <summary>
/// Who counts as "fully vaccinated or recovered" (tiêm đủ liều hoặc đã khỏi bệnh) under a rule, at the
/// date the clock starts (domain-rules.md §2.5).
/// </summary>
/// <param name="PrimaryDoses">Doses of a two-dose product that complete the primary series (2).</param>
/// <param name="SingleDoseProductDoses">Doses of a single-dose product (Janssen) that complete it (1).</param>
/// <param name="MinDaysSinceLastDose">The last dose at least this many days before (14).</param>
/// <param name="MaxMonthsSinceLastDose">And at most this many months before (10696: 6; 762: none).</param>
/// <param name="RecoveredWithinMonths">Recovered within this many months also counts (10696: 6; 762: 3); null: recovery does not count.</param>
public sealed record VaccinationEligibility(
    int PrimaryDoses,
    int SingleDoseProductDoses,
    int MinDaysSinceLastDose,
    int? MaxMonthsSinceLastDose,
    int? RecoveredWithinMonths)
{
    public void Validate(string field)
    {
        RuleChecks.Range(PrimaryDoses, 1, 5, field + ".primaryDoses");
        RuleChecks.Range(SingleDoseProductDoses, 1, 5, field + ".singleDoseProductDoses");
        RuleChecks.Range(MinDaysSinceLastDose, 0, 365, field + ".minDaysSinceLastDose");
        RuleChecks.Range(MaxMonthsSinceLastDose, 1, 60, field + ".maxMonthsSinceLastDose");
        RuleChecks.Range(RecoveredWithinMonths, 1, 60, field + ".recoveredWithinMonths");
    }
}
