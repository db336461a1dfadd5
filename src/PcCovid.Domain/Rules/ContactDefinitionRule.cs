namespace PcCovid.Domain.Rules;

/// <summary>
/// Who is a close contact (F1) and how far back tracing looks (rule key <c>contact.definition</c>,
/// domain-rules.md §2.2, §2.6).
/// </summary>
/// <param name="DistanceMetres">Contact within this distance (2 m, then 1 m from 15/04/2022).</param>
/// <param name="MaskedMinimumMinutes">Both masked: at least this long together (15); null when the rule sets no duration.</param>
/// <param name="UnmaskedAnyDuration">Unmasked: any duration counts.</param>
/// <param name="PhysicalContactCounts">Handshake, hug, kiss, skin contact counts.</param>
/// <param name="CareWithoutPpeCounts">Caring for or treating an F0 without the required PPE counts.</param>
/// <param name="LookbackDaysBeforeOnset">Transmission period starts this many days before symptom onset.</param>
/// <param name="LookbackDaysBeforeSample">Asymptomatic: this many days before the positive sample.</param>
/// <param name="TransmissionEndsOn">"negative-test-or-ct-above-30".</param>
/// <param name="TraceF2">Contacts of F1 (F2) are traced.</param>
/// <param name="VenueWindowMinutes">Two scans of one venue within this many minutes are a possible exposure (PC-Covid 4.1.8); null before the feature.</param>
/// <param name="PrecautionDays">Days of precautions for an F1 who is no longer quarantined; null while F1s are quarantined.</param>
public sealed record ContactDefinitionRule(
    decimal DistanceMetres,
    int? MaskedMinimumMinutes,
    bool UnmaskedAnyDuration,
    bool PhysicalContactCounts,
    bool CareWithoutPpeCounts,
    int LookbackDaysBeforeOnset,
    int LookbackDaysBeforeSample,
    string TransmissionEndsOn,
    bool TraceF2,
    int? VenueWindowMinutes,
    int? PrecautionDays) : IRuleValue
{
    public void Validate()
    {
        RuleChecks.Range(DistanceMetres, 0.1m, 10m, "distanceMetres");
        RuleChecks.Range(MaskedMinimumMinutes, 1, 240, "maskedMinimumMinutes");
        RuleChecks.Range(LookbackDaysBeforeOnset, 0, 14, "lookbackDaysBeforeOnset");
        RuleChecks.Range(LookbackDaysBeforeSample, 0, 14, "lookbackDaysBeforeSample");
        RuleChecks.Required(TransmissionEndsOn, "transmissionEndsOn");
        RuleChecks.Range(VenueWindowMinutes, 1, 24 * 60, "venueWindowMinutes");
        RuleChecks.Range(PrecautionDays, 1, 60, "precautionDays");
    }
}
