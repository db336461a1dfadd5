using System.Globalization;

namespace PcCovid.Domain.AdministrativeUnits;

/// <summary>
/// The 63 provinces, 705 districts and 10,599 communes of the 01/11/2021 catalogue, held in memory
/// (about 11,000 small records) with lookups by code and by name. District and commune codes are
/// unique nationwide; names are not, so name lookups are always made within a parent where one is known.
/// </summary>
public sealed class AdministrativeCatalog
{
    private readonly Dictionary<string, ProvinceInfo> _provinces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProvinceInfo> _provincesByCitizenIdCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AdministrativeUnit> _districts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AdministrativeUnit> _communes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<AdministrativeUnit>> _byNameKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<AdministrativeUnit>> _childrenByParent = new(StringComparer.Ordinal);

    // Name look-ups within a parent are the migration's address resolution, once per distinct address of a
    // legacy file: the same names ("Phường 1", "Xã An Bình") recur in hundreds of places, so the units are
    // also filed by (level, name key, parent or province) and by their canonical type word.
    private readonly Dictionary<(AdministrativeLevel, string, string), List<AdministrativeUnit>> _byNameKeyWithin = [];
    private readonly Dictionary<AdministrativeUnit, string> _typeKeys = new(ReferenceEqualityComparer.Instance);

    private AdministrativeCatalog()
    {
    }

    public IReadOnlyCollection<ProvinceInfo> Provinces => _provinces.Values;

    public int DistrictCount => _districts.Count;

    public int CommuneCount => _communes.Count;

    /// <summary>
    /// Reads the catalogue CSV (<c>province_code,…,commune_type</c>) and the provinces CSV
    /// (<c>gso_code,cccd_code,name,type,districts,communes,population_2019,…</c>).
    /// </summary>
    public static AdministrativeCatalog Load(TextReader adminUnitsCsv, TextReader provincesCsv)
    {
        ArgumentNullException.ThrowIfNull(adminUnitsCsv);
        ArgumentNullException.ThrowIfNull(provincesCsv);
        var catalog = new AdministrativeCatalog();

        _ = provincesCsv.ReadLine();
        string? line;
        while ((line = provincesCsv.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] f = line.Split(',');
            string name = f[2];
            var unit = new AdministrativeUnit(AdministrativeLevel.Province, f[0], name, f[3], ShortName(name, f[3]), null, f[0]);
            var info = new ProvinceInfo(unit, f[1], int.Parse(f[4], CultureInfo.InvariantCulture), long.Parse(f[6], CultureInfo.InvariantCulture));
            catalog._provinces.Add(unit.Code, info);
            catalog._provincesByCitizenIdCode.Add(info.CitizenIdCode, info);
            catalog.Index(unit);
        }

        _ = adminUnitsCsv.ReadLine();
        while ((line = adminUnitsCsv.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] f = line.Split(',');
            string provinceCode = f[0];
            if (!catalog._provinces.ContainsKey(provinceCode))
            {
                throw new InvalidDataException($"Commune {f[6]} names province {provinceCode}, which is not in the provinces file.");
            }

            if (!catalog._districts.ContainsKey(f[3]))
            {
                var district = new AdministrativeUnit(AdministrativeLevel.District, f[3], f[4], f[5], ShortName(f[4], f[5]), provinceCode, provinceCode);
                catalog._districts.Add(district.Code, district);
                catalog.Index(district);
            }

            var commune = new AdministrativeUnit(AdministrativeLevel.Commune, f[6], f[7], f[8], ShortName(f[7], f[8]), f[3], provinceCode);
            catalog._communes.Add(commune.Code, commune);
            catalog.Index(commune);
        }

        return catalog;
    }

    public ProvinceInfo? FindProvince(string code) => _provinces.GetValueOrDefault(code);

    /// <summary>The province whose 3-digit code opens a citizen ID (<c>001</c> Hà Nội … <c>096</c> Cà Mau).</summary>
    public ProvinceInfo? FindProvinceByCitizenIdCode(string code) => _provincesByCitizenIdCode.GetValueOrDefault(code);

    public AdministrativeUnit? FindDistrict(string code) => _districts.GetValueOrDefault(code);

    public AdministrativeUnit? FindCommune(string code) => _communes.GetValueOrDefault(code);

    /// <summary>The districts of a province, or the communes of a district, in code order.</summary>
    public IReadOnlyList<AdministrativeUnit> ChildrenOf(string parentCode) =>
        _childrenByParent.TryGetValue(parentCode, out List<AdministrativeUnit>? children) ? children : [];

    /// <summary>True when the commune lies in the district and the district in the province.</summary>
    public bool IsConsistent(string provinceCode, string districtCode, string communeCode) =>
        _communes.TryGetValue(communeCode, out AdministrativeUnit? commune)
        && string.Equals(commune.ParentCode, districtCode, StringComparison.Ordinal)
        && string.Equals(commune.ProvinceCode, provinceCode, StringComparison.Ordinal);

    /// <summary>
    /// Units of one level whose name matches, optionally within a parent (a province for districts,
    /// a district or a province for communes). A type word in the input (<c>Huyện</c>) breaks ties.
    /// </summary>
    public IReadOnlyList<AdministrativeUnit> FindByName(AdministrativeLevel level, string name, string? withinCode = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        (string key, string? typeKey) = AdministrativeName.KeyAndType(name);
        List<AdministrativeUnit> matches;
        if (withinCode is null)
        {
            if (!_byNameKey.TryGetValue(key, out List<AdministrativeUnit>? candidates))
            {
                return [];
            }

            matches = [.. candidates.Where(u => u.Level == level)];
        }
        else if (!_byNameKeyWithin.TryGetValue((level, key, withinCode), out matches!))
        {
            return [];
        }

        if (matches.Count > 1 && typeKey is not null)
        {
            List<AdministrativeUnit> sameType = [.. matches.Where(u => string.Equals(_typeKeys[u], typeKey, StringComparison.Ordinal))];
            if (sameType.Count > 0)
            {
                return sameType;
            }
        }

        return matches;
    }

    /// <summary>
    /// Resolves a written address (province, district, commune names, any of them possibly missing
    /// diacritics or type words) to codes, each name looked up within the unit above it.
    /// </summary>
    public AddressResolution Resolve(string? provinceName, string? districtName, string? communeName)
    {
        if (string.IsNullOrWhiteSpace(provinceName))
        {
            return AddressResolution.Failed("province name missing");
        }

        IReadOnlyList<AdministrativeUnit> provinces = FindByName(AdministrativeLevel.Province, provinceName);
        if (provinces.Count != 1)
        {
            return AddressResolution.Failed(provinces.Count == 0 ? "unknown province" : "ambiguous province");
        }

        AdministrativeUnit province = provinces[0];
        if (string.IsNullOrWhiteSpace(districtName))
        {
            return new AddressResolution(province.Code, null, null, null);
        }

        IReadOnlyList<AdministrativeUnit> districts = FindByName(AdministrativeLevel.District, districtName, province.Code);
        if (districts.Count != 1)
        {
            return new AddressResolution(province.Code, null, null, districts.Count == 0 ? "unknown district in that province" : "ambiguous district");
        }

        AdministrativeUnit district = districts[0];
        if (string.IsNullOrWhiteSpace(communeName))
        {
            return new AddressResolution(province.Code, district.Code, null, null);
        }

        IReadOnlyList<AdministrativeUnit> communes = FindByName(AdministrativeLevel.Commune, communeName, district.Code);
        return communes.Count == 1
            ? new AddressResolution(province.Code, district.Code, communes[0].Code, null)
            : new AddressResolution(province.Code, district.Code, null, communes.Count == 0 ? "unknown commune in that district" : "ambiguous commune");
    }

    private static string ShortName(string name, string typeName)
    {
        // Provinces are typed "Thành phố Trung ương" but named "Thành phố Hà Nội".
        string prefix = typeName == "Thành phố Trung ương" ? "Thành phố" : typeName;
        return name.StartsWith(prefix + " ", StringComparison.Ordinal) ? name[(prefix.Length + 1)..] : name;
    }

    private void Index(AdministrativeUnit unit)
    {
        string key = AdministrativeName.Key(unit.Name);
        if (!_byNameKey.TryGetValue(key, out List<AdministrativeUnit>? list))
        {
            list = [];
            _byNameKey.Add(key, list);
        }

        list.Add(unit);
        _typeKeys.Add(unit, AdministrativeName.Canonical(unit.TypeName));
        if (unit.ParentCode is not null)
        {
            FileWithin(unit, key, unit.ParentCode);
        }

        if (unit.ProvinceCode != unit.ParentCode)
        {
            FileWithin(unit, key, unit.ProvinceCode);
        }

        if (unit.ParentCode is not null)
        {
            if (!_childrenByParent.TryGetValue(unit.ParentCode, out List<AdministrativeUnit>? children))
            {
                children = [];
                _childrenByParent.Add(unit.ParentCode, children);
            }

            children.Add(unit);
        }
    }

    private void FileWithin(AdministrativeUnit unit, string key, string withinCode)
    {
        if (!_byNameKeyWithin.TryGetValue((unit.Level, key, withinCode), out List<AdministrativeUnit>? units))
        {
            units = [];
            _byNameKeyWithin.Add((unit.Level, key, withinCode), units);
        }

        units.Add(unit);
    }
}
