using System.Runtime.InteropServices;

namespace PcCovid.Data.People;

/// <summary>
/// The people a load into an empty registry inserted, counted by commune and birth year as the risk levels'
/// residence counts keep them. Adding these counts costs a write of the counts; recounting them from the table
/// costs a sort of every person (seconds at a million), and into an empty registry the two give the same answer:
/// nobody had doses, cases or a residence before.
/// </summary>
/// <remarks>
/// Kept compact: a commune is numbered once (its codes held once), and each count is one long keyed by one long.
/// The whole country is at most about a million keys (10,599 communes times the birth years), whatever the file's size.
/// </remarks>
public sealed class NewPeopleTally
{
    private readonly Dictionary<string, int> _communeNumbers = new(StringComparer.Ordinal);
    private readonly List<(string Commune, string District, string Province)> _communes = [];
    private readonly Dictionary<long, long> _counts = [];

    /// <summary>False once something the tally cannot follow happened (a person updated, a row removed): recount instead.</summary>
    public bool IsComplete { get; private set; } = true;

    public int Count => _counts.Count;

    public IEnumerable<(string Commune, int BirthYear, string District, string Province, long People)> Rows =>
        _counts.Select(c =>
        {
            (string commune, string district, string province) = _communes[(int)(c.Key >> 32)];
            return (commune, (int)(c.Key & 0xFFFF_FFFF), district, province, c.Value);
        });

    public void Add(PopulationRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        ref int number = ref CollectionsMarshal.GetValueRefOrAddDefault(_communeNumbers, row.CommuneCode, out bool known);
        if (!known)
        {
            // District and province follow from the commune (the reference data nests them).
            number = _communes.Count;
            _communes.Add((row.CommuneCode, row.DistrictCode, row.ProvinceCode));
        }

        long key = ((long)number << 32) | (uint)row.BirthYear;
        CollectionsMarshal.GetValueRefOrAddDefault(_counts, key, out _)++;
    }

    public void GiveUp() => IsComplete = false;
}
