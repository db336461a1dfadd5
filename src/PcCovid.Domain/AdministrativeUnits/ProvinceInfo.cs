namespace PcCovid.Domain.AdministrativeUnits;

/// <summary>A province with the fields only provinces have.</summary>
/// <remarks><see cref="DeclaredDistricts"/> counts districts without communes too (island districts), which the commune list cannot show.</remarks>
public sealed record ProvinceInfo(AdministrativeUnit Unit, string CitizenIdCode, int DeclaredDistricts, long Population2019);
