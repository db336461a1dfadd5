using System.Runtime.InteropServices;

namespace PcCovid.Data.People;

/// <summary>
/// The people a load into an empty registry inserted, counted by commune and birth year as the risk levels'
/// residence counts keep them. Adding these counts costs a write of the counts; recounting them from the table
/// costs a sort of every person (seconds at a million), and into an empty registry the two give the same answer:
/// nobody had doses, cases or a residence before.
/// </summary>
public sealed class NewPeopleTally
{
    private readonly Dictionary<(string Commune, int BirthYear), (string District, string Province, long People)> _counts = [];

    /// <summary>False once something the tally cannot follow happened (a person updated, a row removed): recount instead.</summary>
    public bool IsComplete { get; private set; } = true;

    public int Count => _counts.Count;

    public IEnumerable<(string Commune, int BirthYear, string District, string Province, long People)> Rows =>
        _counts.Select(c => (c.Key.Commune, c.Key.BirthYear, c.Value.District, c.Value.Province, c.Value.People));

    public void Add(PopulationRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        ref (string District, string Province, long People) slot =
            ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, (row.CommuneCode, row.BirthYear), out bool exists);
        if (!exists)
        {
            // District and province follow from the commune (the reference data nests them).
            slot = (row.DistrictCode, row.ProvinceCode, 0);
        }

        slot.People++;
    }

    public void GiveUp() => IsComplete = false;
}
