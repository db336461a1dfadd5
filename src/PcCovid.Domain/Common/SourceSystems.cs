namespace PcCovid.Domain.Common;

/// <summary>The names of the systems facts come from, as written in provenance and in the legacy exports.</summary>
public static class SourceSystems
{
    public const string Population = "dan-cu";
    public const string PcCovid = "pccovid";
    public const string Bluezone = "bluezone";
    public const string Ncovi = "ncovi";
    public const string Vhd = "vhd";
    public const string HealthBook = "sskdt";
    public const string Vaccination = "tiemchung";
    public const string QrCheckIn = "qr";
    public const string LabResults = "xetnghiem";
}
