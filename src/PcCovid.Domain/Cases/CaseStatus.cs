namespace PcCovid.Domain.Cases;

/// <summary>Where a case (F0) stands.</summary>
public enum CaseStatus
{
    Active = 1,
    Recovered = 2,
    Died = 3,

    /// <summary>Closed as not a case (a result withdrawn, a wrong match).</summary>
    NotACase = 4,
}
