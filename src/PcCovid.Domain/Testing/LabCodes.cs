namespace PcCovid.Domain.Testing;

/// <summary>
/// The standard codes of test types and outcomes (interop.md §10, DCC value sets), and the Vietnamese
/// words of the <c>xetnghiem</c> export (legacy-sources.md §7).
/// </summary>
public static class LabCodes
{
    public static string Loinc(this LabTestType type) => type switch
    {
        LabTestType.RtPcr => "94500-6",
        LabTestType.RapidAntigen => "94558-4",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The EU DCC <c>tt</c> value.</summary>
    public static string DccTestType(this LabTestType type) => type switch
    {
        LabTestType.RtPcr => "LP6464-4",
        LabTestType.RapidAntigen => "LP217198-3",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string Snomed(this LabOutcome outcome) => outcome switch
    {
        LabOutcome.Positive => "260373001",
        LabOutcome.Negative => "260415000",
        LabOutcome.Inconclusive => "419984006",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    /// <summary>The API's code of a test type: <c>rt-pcr</c>, <c>rapid-antigen</c>.</summary>
    public static string Code(this LabTestType type) => type == LabTestType.RtPcr ? "rt-pcr" : "rapid-antigen";

    public static string Code(this LabOutcome outcome) => outcome switch
    {
        LabOutcome.Positive => "positive",
        LabOutcome.Negative => "negative",
        _ => "inconclusive",
    };

    /// <summary>
    /// Reads a test type as labs write it: <c>RT-PCR</c>, <c>Test nhanh kháng nguyên</c> (any case, with or
    /// without diacritics), the API codes, or the LOINC / DCC codes.
    /// </summary>
    public static bool TryParseTestType(string? text, out LabTestType type)
    {
        string key = Common.VietnameseText.Fold(text ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        switch (key)
        {
            case "rtpcr" or "pcr" or "945006" or "lp64644":
                type = LabTestType.RtPcr;
                return true;
            case "testnhanhkhangnguyen" or "testnhanh" or "rapidantigen" or "945584" or "lp2171983":
                type = LabTestType.RapidAntigen;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>Reads an outcome: <c>Dương tính</c>, <c>Âm tính</c>, <c>Không xác định</c> (any case, with or without diacritics), the API codes or SNOMED.</summary>
    public static bool TryParseOutcome(string? text, out LabOutcome outcome)
    {
        switch (Common.VietnameseText.Fold(text ?? string.Empty))
        {
            case "duong tinh" or "positive" or "260373001":
                outcome = LabOutcome.Positive;
                return true;
            case "am tinh" or "negative" or "260415000":
                outcome = LabOutcome.Negative;
                return true;
            case "khong xac dinh" or "inconclusive" or "419984006":
                outcome = LabOutcome.Inconclusive;
                return true;
            default:
                outcome = default;
                return false;
        }
    }
}
