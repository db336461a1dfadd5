namespace PcCovid.Data.People;

/// <summary>What a batch did: rows inserted, updated, unchanged, and the lines refused with their reasons.</summary>
public sealed class PopulationBatchOutcome
{
    public long Inserted { get; set; }

    public long Updated { get; set; }

    public long Unchanged { get; set; }

    public List<(long LineNumber, string Reason)> Rejections { get; } = [];
}
