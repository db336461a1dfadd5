namespace PcCovid.Domain.Quarantine;

public enum QuarantineStatus
{
    Active = 1,

    /// <summary>Released on or after the planned day (or earlier by a negative test where the rule allows).</summary>
    Released = 2,

    /// <summary>Withdrawn: issued in error (a wrong person, not a contact after all).</summary>
    Cancelled = 3,
}
