namespace PcCovid.Web.Features.Population;

/// <summary>
/// The national population database, an external system. The embedded implementation answers from
/// the registry filled by snapshot imports; a remote one would call the real service.
/// </summary>
public interface IPopulationDatabase
{
    Task<PopulationRecord?> FindByCitizenIdAsync(string citizenId, CancellationToken cancellationToken);

    /// <summary>The members of a household, head first.</summary>
    Task<IReadOnlyList<PopulationRecord>> HouseholdAsync(string householdCode, CancellationToken cancellationToken);
}
