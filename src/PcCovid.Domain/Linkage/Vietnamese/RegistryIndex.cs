using System.Globalization;
using PcCovid.Domain.People;

namespace PcCovid.Domain.Linkage.Vietnamese;

/// <summary>One registry person as the index needs it (loaded from the database or added by an importer).</summary>
public sealed record RegistryPerson(
    long PersonId,
    string? CitizenId,
    string? LegacyIdNumber,
    string? PassportNumber,
    string FullName,
    int BirthYear,
    DateOnly? BirthDay,
    Sex Sex,
    string? ProvinceCode,
    string? DistrictCode,
    string? CommuneCode,
    string? HouseholdCode);

/// <summary>A registry person as <see cref="RegistryIndex.Prepare"/> readies them for <see cref="RegistryIndex.Add(PreparedPerson)"/>.</summary>
public sealed record PreparedPerson(
    long PersonId,
    VietnameseName? Name,
    short BirthYear,
    int BirthDay,
    byte Sex,
    int Province,
    int District,
    int Commune,
    long CitizenNumber,
    long CmndNumber,
    string? Passport,
    ulong[] BlockKeys);

/// <summary>
/// The in-memory reference index of the registry (linkage.md §5): persons as struct-of-arrays with
/// interned name keys, hash maps from key hash to person indices for the deterministic keys (citizen
/// ID, CMND, passport, phone) and the blocking keys. Kept exact as persons and phones are added.
/// Not thread-safe: the resolver serialises access.
/// </summary>
public sealed class RegistryIndex
{
    internal const string ByNameYear = "ny";
    internal const string ByGivenDate = "gd";
    internal const string ByNameProvince = "np";
    internal const string BySurnameGivenYear = "sgy";
    internal const string BySurnameDateSex = "sds";

    private readonly Dictionary<string, int> _internIds = new(StringComparer.Ordinal);
    private readonly List<string> _interned = [];
    private readonly List<int> _internCounts = [];

    private readonly List<long> _personId = [];
    private readonly List<int> _nameExact = [];
    private readonly List<int> _nameFolded = [];
    private readonly List<int> _nameSorted = [];
    private readonly List<int> _surnameGiven = [];
    private readonly List<short> _birthYear = [];
    private readonly List<int> _birthDay = [];
    private readonly List<byte> _sex = [];
    private readonly List<int> _province = [];
    private readonly List<int> _district = [];
    private readonly List<int> _commune = [];
    private readonly List<long> _citizenId = [];
    private readonly List<long> _cmnd = [];
    private readonly List<int> _passport = [];
    private readonly List<byte> _phoneCount = [];

    private readonly HashMultiMap _byCitizenId = new();
    private readonly HashMultiMap _byCmnd = new();
    private readonly HashMultiMap _byPassport = new();
    private readonly HashMultiMap _byPhone = new();
    private readonly HashMultiMap _blocks = new();
    private bool _sortedIds = true;

    public int Count => _personId.Count;

    public long PersonId(int index) => _personId[index];

    /// <summary>The index of a person: a binary search, persons being added in ascending id order (the loader reads them so; created persons get new, higher ids), with a scan as fallback.</summary>
    public int IndexOfPerson(long personId)
    {
        int found = _personId.BinarySearch(personId);
        if (found >= 0 && _sortedIds)
        {
            return found;
        }

        return _sortedIds ? -1 : _personId.IndexOf(personId);
    }

    /// <summary>Gives back the spare capacity of every column after a bulk load.</summary>
    public void TrimExcess()
    {
        _personId.TrimExcess();
        _nameExact.TrimExcess();
        _nameFolded.TrimExcess();
        _nameSorted.TrimExcess();
        _surnameGiven.TrimExcess();
        _birthYear.TrimExcess();
        _birthDay.TrimExcess();
        _sex.TrimExcess();
        _province.TrimExcess();
        _district.TrimExcess();
        _commune.TrimExcess();
        _citizenId.TrimExcess();
        _cmnd.TrimExcess();
        _passport.TrimExcess();
        _phoneCount.TrimExcess();
        _interned.TrimExcess();
        _internCounts.TrimExcess();
        _internIds.TrimExcess();
        _byCitizenId.TrimExcess();
        _byCmnd.TrimExcess();
        _byPassport.TrimExcess();
        _byPhone.TrimExcess();
        _blocks.TrimExcess();
    }

    /// <summary>Adds a person; returns their index. A person id already present is not added twice.</summary>
    public int Add(RegistryPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        int existing = IndexOfPerson(person.PersonId);
        return existing >= 0 ? existing : Add(Prepare(person));
    }

    /// <summary>
    /// The part of <see cref="Add(RegistryPerson)"/> that does not touch the index: the name parsed, the
    /// documents and codes read, the blocking keys hashed. Pure, so a loader prepares persons on other
    /// cores while the index takes the prepared ones in order.
    /// </summary>
    public static PreparedPerson Prepare(RegistryPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        VietnameseName? name = VietnameseName.Parse(person.FullName);
        int day = person.BirthDay is { } d ? (d.Year * 10000) + (d.Month * 100) + d.Day : 0;
        int province = Code(person.ProvinceCode);
        IdentityDocument citizen = IdentityDocument.Parse(person.CitizenId);
        IdentityDocument legacy = IdentityDocument.Parse(person.LegacyIdNumber);
        IdentityDocument passport = IdentityDocument.Parse(person.PassportNumber);
        return new PreparedPerson(
            person.PersonId,
            name,
            (short)person.BirthYear,
            day,
            (byte)person.Sex,
            province,
            Code(person.DistrictCode),
            Code(person.CommuneCode),
            citizen.Kind == DocumentKind.CitizenId ? long.Parse(citizen.Number, CultureInfo.InvariantCulture) : -1,
            legacy.Kind is DocumentKind.Cmnd or DocumentKind.CitizenId ? long.Parse(legacy.Number, CultureInfo.InvariantCulture) : -1,
            passport.Kind == DocumentKind.Passport ? passport.Number : null,
            name is null ? [] : [.. BlockKeys(name, person.BirthYear, day, person.Sex, province, swappedDay: 0)]);
    }

    /// <summary>Adds a prepared person; returns their index. A person id already present is not added twice.</summary>
    public int Add(PreparedPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        int existing = IndexOfPerson(person.PersonId);
        if (existing >= 0)
        {
            return existing;
        }

        int index = _personId.Count;
        _sortedIds &= index == 0 || _personId[index - 1] < person.PersonId;
        VietnameseName? name = person.Name;
        _personId.Add(person.PersonId);
        _nameExact.Add(Intern(name?.Exact, count: false));
        _nameFolded.Add(Intern(name?.Folded, count: false));
        _nameSorted.Add(Intern(name?.Sorted, count: true));
        _surnameGiven.Add(Intern(name?.SurnameGiven, count: false));
        _birthYear.Add(person.BirthYear);
        _birthDay.Add(person.BirthDay);
        _sex.Add(person.Sex);
        _province.Add(person.Province);
        _district.Add(person.District);
        _commune.Add(person.Commune);
        _citizenId.Add(person.CitizenNumber);
        if (person.CitizenNumber >= 0)
        {
            _byCitizenId.Add((ulong)person.CitizenNumber, index);
        }

        _cmnd.Add(person.CmndNumber);
        if (person.CmndNumber >= 0)
        {
            _byCmnd.Add((ulong)person.CmndNumber, index);
        }

        _passport.Add(person.Passport is null ? -1 : Intern(person.Passport, count: false));
        if (person.Passport is not null)
        {
            _byPassport.Add(HashMultiMap.Hash("pp", person.Passport), index);
        }

        _phoneCount.Add(0);
        foreach (ulong key in person.BlockKeys)
        {
            _blocks.Add(key, index);
        }

        return index;
    }

    /// <summary>Records that a person uses a phone (E.164); a phone may belong to several persons (a family).</summary>
    public void AddPhone(int index, string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        ulong key = PhoneKey(e164);
        if (!_byPhone.Contains(key, index))
        {
            _byPhone.Add(key, index);
            _phoneCount[index] = (byte)Math.Min(255, _phoneCount[index] + 1);
        }
    }

    public int FindCitizenId(string number) => _byCitizenId.First((ulong)long.Parse(number, CultureInfo.InvariantCulture));

    public int FindCmnd(string number, List<int> into) => _byCmnd.Get((ulong)long.Parse(number, CultureInfo.InvariantCulture), into, 16);

    public int FindPassport(string number, List<int> into) => _byPassport.Get(HashMultiMap.Hash("pp", number), into, 16);

    public int PersonsWithPhone(string e164, List<int> into, int max) => _byPhone.Get(PhoneKey(e164), into, max);

    public bool HasPhone(int index, string e164) => _phoneCount[index] > 0 && _byPhone.Contains(PhoneKey(e164), index);

    public bool HasAnyPhone(int index) => _phoneCount[index] > 0;

    /// <summary>Candidates from the name blocking keys, blocks over <paramref name="maxBlock"/> skipped; returns the blocks dropped.</summary>
    public int BlockCandidates(VietnameseName name, int birthYear, int birthDay, Sex sex, int province, int swappedDay, List<int> into, int maxBlock)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(into);
        int dropped = 0;
        var scratch = new List<int>();
        foreach (ulong key in BlockKeys(name, birthYear, birthDay, sex, province, swappedDay))
        {
            scratch.Clear();
            if (_blocks.Get(key, scratch, maxBlock + 1) > maxBlock)
            {
                dropped++;
                continue;
            }

            into.AddRange(scratch);
        }

        return dropped;
    }

    internal string NameExact(int index) => _interned[_nameExact[index]];

    internal string NameFolded(int index) => _interned[_nameFolded[index]];

    internal string NameSorted(int index) => _interned[_nameSorted[index]];

    internal string SurnameGiven(int index) => _interned[_surnameGiven[index]];

    /// <summary>Share of the registry with this order-free folded name (term frequency).</summary>
    internal double NameFrequency(string sorted) =>
        _internIds.TryGetValue(sorted, out int id) && _internCounts[id] > 0 ? (double)_internCounts[id] / Math.Max(1, Count) : 1.0 / Math.Max(1, Count);

    internal int BirthYear(int index) => _birthYear[index];

    internal int BirthDay(int index) => _birthDay[index];

    internal Sex SexOf(int index) => (Sex)_sex[index];

    internal int Province(int index) => _province[index];

    internal int District(int index) => _district[index];

    internal int Commune(int index) => _commune[index];

    internal long CitizenNumber(int index) => _citizenId[index];

    internal long CmndNumber(int index) => _cmnd[index];

    internal string? Passport(int index) => _passport[index] < 0 ? null : _interned[_passport[index]];

    /// <summary>Approximate managed memory of the index (arrays, maps, interned strings).</summary>
    public long ApproximateBytes()
    {
        long perPerson = 8 + (4 * 4) + 2 + 4 + 1 + (4 * 3) + 8 + 8 + 4 + 1;
        long strings = 0;
        foreach (string s in _interned)
        {
            strings += 24 + (2 * s.Length) + 28;
        }

        return (Count * perPerson) + strings + _byCitizenId.ApproximateBytes
            + _byCmnd.ApproximateBytes + _byPassport.ApproximateBytes + _byPhone.ApproximateBytes + _blocks.ApproximateBytes;
    }

    internal static IEnumerable<ulong> BlockKeys(VietnameseName name, int birthYear, int birthDay, Sex sex, int province, int swappedDay)
    {
        string year = birthYear > 0 ? birthYear.ToString(CultureInfo.InvariantCulture) : string.Empty;
        if (year.Length > 0)
        {
            yield return HashMultiMap.Hash(ByNameYear, name.Sorted + "|" + year);
            yield return HashMultiMap.Hash(BySurnameGivenYear, name.SurnameGiven + "|" + year);
        }

        foreach (int day in birthDay > 0 && swappedDay > 0 ? [birthDay, swappedDay] : birthDay > 0 ? [birthDay] : Array.Empty<int>())
        {
            string d = day.ToString(CultureInfo.InvariantCulture);
            yield return HashMultiMap.Hash(ByGivenDate, name.Given + "|" + d);
            if (sex != Sex.Unknown)
            {
                yield return HashMultiMap.Hash(BySurnameDateSex, name.Surname + "|" + d + "|" + (int)sex);
            }
        }

        if (province >= 0)
        {
            yield return HashMultiMap.Hash(ByNameProvince, name.Sorted + "|" + province.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static ulong PhoneKey(string e164) => HashMultiMap.Hash("ph", e164);

    private static int Code(string? code) =>
        !string.IsNullOrEmpty(code) && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : -1;

    private int Intern(string? value, bool count)
    {
        if (value is null)
        {
            value = string.Empty;
        }

        if (!_internIds.TryGetValue(value, out int id))
        {
            id = _interned.Count;
            _internIds[value] = id;
            _interned.Add(value);
            _internCounts.Add(0);
        }

        if (count)
        {
            _internCounts[id]++;
        }

        return id;
    }
}
