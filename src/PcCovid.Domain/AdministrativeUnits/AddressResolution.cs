namespace PcCovid.Domain.AdministrativeUnits;

/// <summary>The codes a written address resolved to, as far as it could, and why it stopped if it did.</summary>
public sealed record AddressResolution(string? ProvinceCode, string? DistrictCode, string? CommuneCode, string? Problem)
{
    public static AddressResolution Failed(string problem) => new(null, null, null, problem);

    public bool IsComplete => Problem is null;
}
