namespace PcCovid.Domain.Rules;

/// <summary>
/// How many days each kind of personal data is kept (rule key <c>retention.windows</c>, PRODUCT.md
/// §2.13). Keys are the data types the retention sweep knows: "check-ins", "encounters",
/// "sign-in-challenges", "import-rejections".
/// </summary>
public sealed record RetentionWindowsRule(IReadOnlyDictionary<string, int> Days) : IRuleValue
{
    public void Validate()
    {
        RuleChecks.Required(Days, "days");
        if (Days.Count == 0)
        {
            RuleChecks.Fail("Cần ít nhất một thời hạn lưu trữ", "at least one retention window is required");
        }

        foreach ((string type, int days) in Days)
        {
            RuleChecks.Range(days, 1, 3650, "days." + type);
        }
    }
}
