namespace PcCovid.Domain.Quarantine;

/// <summary>
/// What the quarantine and card rules need to know of a person's vaccination and recovery. An input for
/// now: the vaccination registry will fill it in.
/// </summary>
/// <param name="Doses">Doses received (primary series).</param>
/// <param name="SingleDoseProduct">The primary series is of a single-dose product (Janssen).</param>
/// <param name="LastDoseOn">The date of the last dose.</param>
/// <param name="RecoveredOn">The date of a recovery certificate (a recovered F0).</param>
public sealed record VaccinationStatus(int Doses, bool SingleDoseProduct, DateOnly? LastDoseOn, DateOnly? RecoveredOn)
{
    public static VaccinationStatus None { get; } = new(0, false, null, null);
}
