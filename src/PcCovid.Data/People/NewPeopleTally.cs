namespace PcCovid.Data.People;

/// <summary>
/// The people a load into an empty registry inserted, counted by commune and birth year as the risk levels'
/// residence counts keep them. Adding these counts costs a write of the counts; recounting them from the table
/// costs a sort of every person (seconds at a million), and into an empty registry the two give the same answer:
/// nobody had doses, cases or a residence before.
/// </summary>
/// <remarks>
/// One array of counts per commune, indexed by birth year: at most 10,599 communes of 200 years, 17 MB for the
/// whole country, allocated as communes appear and never resized, so the tally's memory does not grow with the file.
/// </remarks>
public sealed class NewPeopleTally
{
    private const int FirstYear = 1900;
    private const int Years = 200;

    private readonly Dictionary<string, int> _communeNumbers = new(StringComparer.Ordinal);
    private readonly List<(string Commune, string District, string Province, long[] ByYear)> _communes = [];

    /// <summary>False once something the tally cannot follow happened (a person updated, a row removed): recount instead.</summary>
    public bool IsComplete { get; private set; } = true;

    public bool IsEmpty => _communes.Count == 0;

    public void Add(PopulationRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        int year = row.BirthYear - FirstYear;
        if (year is < 0 or >= Years)
        {
            // Outside the years a citizen ID can encode (1900–2099): the recount will count it.
            GiveUp();
            return;
        }

        if (!_communeNumbers.TryGetValue(row.CommuneCode, out int number))
        {
            // District and province follow from the commune (the reference data nests them).
            number = _communes.Count;
            _communeNumbers.Add(row.CommuneCode, number);
            _communes.Add((row.CommuneCode, row.DistrictCode, row.ProvinceCode, new long[Years]));
        }

        _communes[number].ByYear[year]++;
    }

    /// <summary>The counts in commune-code and birth-year order (the order every writer of the counts takes its rows in).</summary>
    public IEnumerable<(string Commune, int BirthYear, string District, string Province, long People)> SortedRows()
    {
        foreach ((string commune, string district, string province, long[] byYear) in _communes.OrderBy(c => c.Commune, StringComparer.Ordinal))
        {
            for (int year = 0; year < Years; year++)
            {
                if (byYear[year] > 0)
                {
                    yield return (commune, FirstYear + year, district, province, byYear[year]);
                }
            }
        }
    }

    public void GiveUp() => IsComplete = false;
}
