namespace PcCovid.Domain.Rules;

/// <summary>
/// What earns a card colour: any one of the filled-in alternatives is enough (domain-rules.md §3.4).
/// </summary>
/// <param name="MinDoses">At least this many doses (of a multi-dose product) ...</param>
/// <param name="MinDosesSingleDoseProduct">... or this many of a single-dose product ...</param>
/// <param name="MinDaysSinceLastDose">... the last of them at least this many days ago.</param>
/// <param name="RecoveredWithinDays">Or recovered (certificate) within this many days.</param>
/// <param name="NegativeTestWithinHours">Or a negative test sampled within this many hours.</param>
/// <param name="NegativeTests">Which tests count for the negative test ("rt-pcr").</param>
public sealed record CardCondition(
    int? MinDoses,
    int? MinDosesSingleDoseProduct,
    int? MinDaysSinceLastDose,
    int? RecoveredWithinDays,
    int? NegativeTestWithinHours,
    IReadOnlyList<string>? NegativeTests)
{
    public void Validate(string field)
    {
        RuleChecks.Range(MinDoses, 1, 5, field + ".minDoses");
        RuleChecks.Range(MinDosesSingleDoseProduct, 1, 5, field + ".minDosesSingleDoseProduct");
        RuleChecks.Range(MinDaysSinceLastDose, 0, 365, field + ".minDaysSinceLastDose");
        RuleChecks.Range(RecoveredWithinDays, 1, 730, field + ".recoveredWithinDays");
        RuleChecks.Range(NegativeTestWithinHours, 1, 24 * 14, field + ".negativeTestWithinHours");
        if (NegativeTestWithinHours is not null && NegativeTests is not { Count: > 0 })
        {
            RuleChecks.Fail($"{field}.negativeTests cần ít nhất một loại xét nghiệm", $"{field}.negativeTests needs at least one kind of test");
        }

        if (MinDoses is null && MinDosesSingleDoseProduct is null && RecoveredWithinDays is null && NegativeTestWithinHours is null)
        {
            RuleChecks.Fail($"{field} không có điều kiện nào", $"{field} has no condition");
        }
    }
}
