namespace PcCovid.Domain.Access;

/// <summary>Citizens sign in by phone and one-time code; staff by password and a second factor.</summary>
public enum AccountKind
{
    Citizen = 1,
    Staff = 2,
}
