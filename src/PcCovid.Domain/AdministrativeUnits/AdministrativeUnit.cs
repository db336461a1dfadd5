namespace PcCovid.Domain.AdministrativeUnits;

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
