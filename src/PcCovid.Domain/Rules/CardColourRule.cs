namespace PcCovid.Domain.Rules;

/// <summary>
/// The COVID card colour rule of a province (rule key <c>card.colour</c>, domain-rules.md §3.4). A
/// province without its own rule gets the national one, whose <paramref name="Neutral"/> colour is pale
/// green ("xanh mờ"). Precedence: <paramref name="ActiveCaseColour"/> for an active F0 or an F1 in
/// quarantine, then green, then yellow, then <paramref name="DefaultColour"/>.
/// </summary>
/// <param name="Neutral">True: no provincial rule; everyone gets <paramref name="DefaultColour"/> (pale green).</param>
/// <param name="Green">What earns green; null in a neutral rule.</param>
/// <param name="Yellow">What earns yellow; null in a neutral rule.</param>
/// <param name="DefaultColour">Everyone else: "red" (Khánh Hòa), or "pale-green" (no rule).</param>
/// <param name="ActiveCaseColour">An active F0 or an F1 in quarantine; null in a neutral rule.</param>
public sealed record CardColourRule(bool Neutral, CardCondition? Green, CardCondition? Yellow, string DefaultColour, string? ActiveCaseColour) : IRuleValue
{
    public static readonly IReadOnlyList<string> Colours = ["green", "yellow", "red", "pale-green"];

    public void Validate()
    {
        CheckColour(DefaultColour, "defaultColour");
        if (Neutral)
        {
            if (Green is not null || Yellow is not null)
            {
                RuleChecks.Fail("Quy tắc trung tính không có điều kiện xanh/vàng", "a neutral rule has no green or yellow condition");
            }

            return;
        }

        RuleChecks.Required(Green, "green");
        Green!.Validate("green");
        Yellow?.Validate("yellow");
        CheckColour(ActiveCaseColour, "activeCaseColour");
    }

    private static void CheckColour(string? colour, string field)
    {
        if (colour is null || !Colours.Contains(colour, StringComparer.Ordinal))
        {
            RuleChecks.Fail($"{field} phải là một trong {string.Join(", ", Colours)}", $"{field} must be one of {string.Join(", ", Colours)}");
        }
    }
}
