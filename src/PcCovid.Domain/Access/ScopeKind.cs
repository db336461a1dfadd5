namespace PcCovid.Domain.Access;

/// <summary>What a staff member's scope is made of: a level of the administrative tree, or one facility.</summary>
public enum ScopeKind
{
    National = 1,
    Province = 2,
    District = 3,
    Commune = 4,
    Facility = 5,
}
