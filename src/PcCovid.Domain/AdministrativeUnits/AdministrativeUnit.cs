namespace PcCovid.Domain.AdministrativeUnits;

/// <summary>The three levels of Vietnam's administrative units (01/11/2021 catalogue).</summary>
public enum AdministrativeLevel
{
    Province = 1,
    District = 2,
    Commune = 3,
}

/// <summary>
/// A province, district or commune. <see cref="Name"/> is the official name with its type word
/// (<c>Tỉnh Hoà Bình</c>); <see cref="ShortName"/> is the name without it (<c>Hoà Bình</c>).
/// </summary>
public sealed record AdministrativeUnit(
    AdministrativeLevel Level,
    string Code,
    string Name,
    string TypeName,
    string ShortName,
    string? ParentCode,
    string ProvinceCode);

/// <summary>A province with the fields only provinces have.</summary>
/// <remarks><see cref="DeclaredDistricts"/> counts districts without communes too (island districts), which the commune list cannot show.</remarks>
public sealed record ProvinceInfo(AdministrativeUnit Unit, string CitizenIdCode, int DeclaredDistricts, long Population2019);
