namespace PcCovid.Web.Features.Fhir;

/// <summary>
/// The code systems and identifier namespaces PcCovid's FHIR resources use. The national identifier
/// systems are placeholders under the platform's own domain until the Ministry's implementation guide
/// assigns them (interop.md §10); they are stable, so partners can rely on them.
/// </summary>
public static class FhirSystems
{
    public const string CitizenId = "https://pccovid.gov.vn/fhir/sid/cccd";
    public const string LegacyIdCard = "https://pccovid.gov.vn/fhir/sid/cmnd";
    public const string Passport = "https://pccovid.gov.vn/fhir/sid/passport";
    public const string LabSample = "https://pccovid.gov.vn/fhir/sid/lab-sample";
    public const string LabPool = "https://pccovid.gov.vn/fhir/sid/lab-pool";
    public const string Dose = "https://pccovid.gov.vn/fhir/sid/dose";

    public const string IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string Interpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    /// <summary>EU DCC value sets (eu-dcc-valuesets): the product (mp) and the marketing-authorisation holder (ma).</summary>
    public const string DccMedicinalProduct = "https://ec.europa.eu/health/documents/community-register/html/";
    public const string DccManufacturer = "https://spor.ema.europa.eu/v1/organisations";

    /// <summary>SNOMED CT COVID-19, the DCC's <c>tg</c>.</summary>
    public const string Covid19 = "840539006";
}
