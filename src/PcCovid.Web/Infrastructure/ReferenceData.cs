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
    private ReferenceData(AdministrativeCatalog catalog, PhoneNumberNormalizer phones, VaccineCatalog vaccines)
    {
        Catalog = catalog;
        Phones = phones;
        Vaccines = vaccines;
    }

    public AdministrativeCatalog Catalog { get; }

    public PhoneNumberNormalizer Phones { get; }

    /// <summary>The vaccine products, their legacy names and EU DCC codes (<c>vaccine-products.csv</c>).</summary>
    public VaccineCatalog Vaccines { get; }

    public static ReferenceData LoadEmbedded()
    {
        using StreamReader units = Open("vn_admin_units_2021-11-01.csv");
        using StreamReader provinces = Open("vn_provinces_2021-11-01.csv");
        using StreamReader prefixes = Open("phone_prefix_2018.csv");
        using StreamReader vaccines = Open("vaccine-products.csv");
        return new ReferenceData(AdministrativeCatalog.Load(units, provinces), PhoneNumberNormalizer.Load(prefixes), VaccineCatalog.Load(vaccines));
    }

    private static StreamReader Open(string fileName)
    {
        Stream stream = typeof(ReferenceData).Assembly.GetManifestResourceStream("PcCovid.ReferenceData." + fileName)
            ?? throw new InvalidOperationException($"Reference file {fileName} is missing from the build.");
        return new StreamReader(stream, Encoding.UTF8);
    }
}
