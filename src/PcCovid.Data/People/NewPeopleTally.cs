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

    /// <summary>
    /// The counts in commune-code and birth-year order (the order every writer of the counts takes its rows in),
    /// produced one by one from two arrays of longs: a million keys cost 16 MB here, not a copy of every row.
    /// </summary>
    public IEnumerable<(string Commune, int BirthYear, string District, string Province, long People)> SortedRows()
    {
        int[] byRank = Enumerable.Range(0, _communes.Count).OrderBy(i => _communes[i].Commune, StringComparer.Ordinal).ToArray();
        int[] rankOf = new int[byRank.Length];
        for (int rank = 0; rank < byRank.Length; rank++)
        {
            rankOf[byRank[rank]] = rank;
        }

        long[] keys = new long[_counts.Count];
        long[] people = new long[_counts.Count];
        int n = 0;
        foreach ((long key, long count) in _counts)
        {
            keys[n] = ((long)rankOf[(int)(key >> 32)] << 32) | (key & 0xFFFF_FFFF);
            people[n++] = count;
        }

        Array.Sort(keys, people);
        for (int i = 0; i < n; i++)
        {
            (string commune, string district, string province) = _communes[byRank[(int)(keys[i] >> 32)]];
            yield return (commune, (int)(keys[i] & 0xFFFF_FFFF), district, province, people[i]);
        }
    }

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
