using System.Globalization;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.Vaccination;

/// <summary>
/// The vaccine products and every name they are written under (<c>ten_vac_xin</c> of the tiemchung
/// export: <c>AstraZeneca</c>, <c>Vaxzevria</c>, <c>Pfizer</c>, <c>Comirnaty</c>, <c>Vero Cell</c> …).
/// Names match whatever their case, diacritics, spaces or hyphens: "vero-cell" finds Vero Cell.
/// </summary>
public sealed class VaccineCatalog
{
    private readonly Dictionary<string, VaccineProduct> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VaccineProduct> _byCode = new(StringComparer.Ordinal);

    public VaccineCatalog(IEnumerable<(VaccineProduct Product, IReadOnlyList<string> Names)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach ((VaccineProduct product, IReadOnlyList<string> names) in entries)
        {
            if (!_byCode.TryAdd(product.Code, product))
            {
                throw new InvalidOperationException($"Vaccine product {product.Code} is listed twice.");
            }

            foreach (string name in names.Append(product.Name).Append(product.Code))
            {
                string key = Key(name);
                if (_byName.TryGetValue(key, out VaccineProduct? other) && other.Code != product.Code)
                {
                    throw new InvalidOperationException($"The vaccine name '{name}' is given to both {other.Code} and {product.Code}.");
                }

                _byName[key] = product;
            }
        }
    }

    public IReadOnlyCollection<VaccineProduct> Products => _byCode.Values;

    /// <summary>The product written under this name or code, or null when the name is unknown.</summary>
    public VaccineProduct? Find(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : _byName.GetValueOrDefault(Key(name));

    public VaccineProduct? FindByCode(string? code) => code is null ? null : _byCode.GetValueOrDefault(code);

    /// <summary>The product, or a DomainException naming the names that are known.</summary>
    public VaccineProduct Require(string? name) =>
        Find(name) ?? throw new DomainException(
            $"Không biết vắc xin '{name}' / Unknown vaccine '{name}' (known: {string.Join(", ", _byCode.Values.Select(p => p.Name))})");

    /// <summary>
    /// Reads <c>vaccine-products.csv</c>: <c>code,name,aliases,mp,ma,vp,certainty,source</c>, aliases
    /// separated by <c>|</c>; lines starting with <c>#</c> are comments.
    /// </summary>
    public static VaccineCatalog Load(TextReader csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var entries = new List<(VaccineProduct, IReadOnlyList<string>)>();
        int lineNumber = 0;
        bool header = true;
        while (csv.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            string[] fields = line.Split(',');
            if (fields.Length < 6)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"vaccine-products.csv line {lineNumber}: expected at least 6 fields."));
            }

            string[] aliases = fields[2].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            entries.Add((new VaccineProduct(fields[0].Trim(), fields[1].Trim(), fields[3].Trim(), fields[4].Trim(), fields[5].Trim()), aliases));
        }

        return new VaccineCatalog(entries);
    }

    private static string Key(string name) =>
        new(VietnameseText.Fold(name).Where(char.IsAsciiLetterOrDigit).ToArray());
}
