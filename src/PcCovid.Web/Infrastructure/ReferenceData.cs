using System.Text;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.People;
using PcCovid.Domain.Vaccination;

namespace PcCovid.Web.Infrastructure;

/// <summary>
/// The reference data shipped inside the assembly (see <c>ReferenceData/SOURCE.md</c>): the
/// administrative catalogue, the 2018 phone prefix table and the vaccine products. Loaded once, read-only after.
/// </summary>
public sealed class ReferenceData
{
    private ReferenceData(AdministrativeCatalog catalog, PhoneNumberNormalizer phones, VaccineCatalog vaccines, IReadOnlyDictionary<string, (int Row, int Column)> provinceTiles)
    {
        Catalog = catalog;
        Phones = phones;
        Vaccines = vaccines;
        ProvinceTiles = provinceTiles;
    }

    public AdministrativeCatalog Catalog { get; }

    public PhoneNumberNormalizer Phones { get; }

    /// <summary>The vaccine products, their legacy names and EU DCC codes (<c>vaccine-products.csv</c>).</summary>
    public VaccineCatalog Vaccines { get; }

    /// <summary>Each province's square on the tile-grid map (<c>province-tile-grid.csv</c>): row 0 is the north.</summary>
    public IReadOnlyDictionary<string, (int Row, int Column)> ProvinceTiles { get; }

    public static ReferenceData LoadEmbedded()
    {
        using StreamReader units = Open("vn_admin_units_2021-11-01.csv");
        using StreamReader provinces = Open("vn_provinces_2021-11-01.csv");
        using StreamReader prefixes = Open("phone_prefix_2018.csv");
        using StreamReader vaccines = Open("vaccine-products.csv");
        using StreamReader tiles = Open("province-tile-grid.csv");
        AdministrativeCatalog catalog = AdministrativeCatalog.Load(units, provinces);
        return new ReferenceData(catalog, PhoneNumberNormalizer.Load(prefixes), VaccineCatalog.Load(vaccines), LoadTiles(tiles, catalog));
    }

    private static Dictionary<string, (int Row, int Column)> LoadTiles(TextReader csv, AdministrativeCatalog catalog)
    {
        var tiles = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        string? line;
        while ((line = csv.ReadLine()) is not null)
        {
            if (line.Length == 0 || line[0] == '#' || line.StartsWith("code,", StringComparison.Ordinal))
            {
                continue;
            }

            string[] fields = line.Split(',');
            if (fields.Length != 3 || catalog.FindProvince(fields[0]) is null || tiles.ContainsKey(fields[0]))
            {
                throw new InvalidOperationException($"province-tile-grid.csv: bad line '{line}'.");
            }

            tiles[fields[0]] = (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture));
        }

        return tiles.Count == catalog.Provinces.Count
            ? tiles
            : throw new InvalidOperationException($"province-tile-grid.csv places {tiles.Count} of {catalog.Provinces.Count} provinces.");
    }

    private static StreamReader Open(string fileName)
    {
        Stream stream = typeof(ReferenceData).Assembly.GetManifestResourceStream("PcCovid.ReferenceData." + fileName)
            ?? throw new InvalidOperationException($"Reference file {fileName} is missing from the build.");
        return new StreamReader(stream, Encoding.UTF8);
    }
}
