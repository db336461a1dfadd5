namespace PcCovid.Data.People;

/// <summary>What a batch did: rows inserted, updated, unchanged, and the lines refused with their reasons.</summary>
public sealed class PopulationBatchOutcome
{
    public long Inserted { get; set; }

    public long Updated { get; set; }

    public long Unchanged { get; set; }

    public List<(long LineNumber, string Reason)> Rejections { get; } = [];

    /// <summary>Adds what another write did (the held-back rows a batch or the completion wrote).</summary>
    public void Add(PopulationBatchOutcome other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Inserted += other.Inserted;
        Updated += other.Updated;
        Unchanged += other.Unchanged;
        Rejections.AddRange(other.Rejections);
    }
}
