namespace PcCovid.Domain.Vaccination;

/// <summary>
/// A COVID-19 vaccine as the registry knows it: our stable code, the names it is written under in the
/// legacy exports, and its EU DCC value-set codes (<c>mp</c> product, <c>ma</c> marketing authorisation
/// holder or manufacturer, <c>vp</c> vaccine type). Loaded from reference data, never hard-coded.
/// </summary>
/// <param name="Code">Our code, e.g. <c>astrazeneca</c>; what the interval rules name.</param>
/// <param name="Name">The display name.</param>
/// <param name="MedicinalProduct">DCC <c>mp</c>, e.g. <c>EU/1/21/1529</c>.</param>
/// <param name="Manufacturer">DCC <c>ma</c>, e.g. <c>ORG-100001699</c>.</param>
/// <param name="VaccineType">DCC <c>vp</c>, e.g. <c>29061000087103</c>.</param>
public sealed record VaccineProduct(string Code, string Name, string MedicinalProduct, string Manufacturer, string VaccineType);
