namespace PcCovid.Domain.Linkage;

/// <summary>
/// Resolves legacy records to registry persons (linkage.md §5: index the registry once, stream the
/// legacy records through it as queries). Deterministic rules first, Fellegi–Sunter scoring for the
/// rest, two thresholds. Implementations hold an in-memory reference index built from the database
/// and kept exact as persons are added.
/// </summary>
public interface IIdentityResolver
{
    LinkDecision Resolve(LegacyIdentity record);

    /// <summary>Adds a person the importer has just created, so later records can link to them.</summary>
    void AddPerson(long personId, LegacyIdentity firstRecord);
}
