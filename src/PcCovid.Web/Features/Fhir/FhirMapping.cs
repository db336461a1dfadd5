using System.Globalization;
using Hl7.Fhir.Model;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Testing;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Vaccination;
using DomainPerson = PcCovid.Domain.People.Person;
using DomainSex = PcCovid.Domain.People.Sex;

namespace PcCovid.Web.Features.Fhir;

/// <summary>
/// Hand-written mapping from the registry's facts to FHIR R4 resources (interop.md §10): a person to a
/// Patient, a dose to an Immunization, a lab result to an Observation. Resource ids are the registry's
/// ids, so a reference <c>Patient/123</c> is stable.
/// </summary>
public static class FhirMapping
{
    public static Patient ToPatient(DomainPerson person, AdministrativeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(catalog);
        var patient = new Patient { Id = Id(person.Id), Active = true };
        if (person.CitizenId is { } citizenId)
        {
            patient.Identifier.Add(TypedIdentifier("NI", "National unique individual identifier", FhirSystems.CitizenId, citizenId));
        }

        if (person.LegacyIdNumber is { } cmnd)
        {
            patient.Identifier.Add(TypedIdentifier("NNVNM", "National Person Identifier (Viet Nam)", FhirSystems.LegacyIdCard, cmnd));
        }

        if (person.PassportNumber is { } passport)
        {
            patient.Identifier.Add(TypedIdentifier("PPN", "Passport number", FhirSystems.Passport, passport));
        }

        (string family, string? given) = IssueVaccinationCertificate.SplitName(person.FullName);
        var name = new HumanName { Use = HumanName.NameUse.Official, Text = person.FullName, Family = family };
        if (given is not null)
        {
            name.Given = given.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        patient.Name.Add(name);
        patient.Gender = person.Sex switch
        {
            DomainSex.Male => AdministrativeGender.Male,
            DomainSex.Female => AdministrativeGender.Female,
            _ => AdministrativeGender.Unknown,
        };
        patient.BirthDate = person.BirthDay is { } day
            ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : person.BirthYear.ToString(CultureInfo.InvariantCulture);
        foreach (var phone in person.Phones)
        {
            patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Mobile, phone.E164));
        }

        if (person.CommuneCode is { } communeCode)
        {
            var address = new Address { Use = Address.AddressUse.Home, Country = "VN" };
            if (person.AddressLine is { } line)
            {
                address.Line = [line];
            }

            address.City = catalog.FindCommune(communeCode)?.Name;
            address.District = person.DistrictCode is { } d ? catalog.FindDistrict(d)?.Name : null;
            address.State = person.ProvinceCode is { } p ? catalog.FindProvince(p)?.Unit.Name : null;
            patient.Address.Add(address);
        }

        return patient;
    }

    public static Immunization ToImmunization(Dose dose, int seriesDoses)
    {
        ArgumentNullException.ThrowIfNull(dose);
        var immunization = new Immunization
        {
            Id = Id(dose.Id),
            Status = Immunization.ImmunizationStatusCodes.Completed,
            Patient = new ResourceReference("Patient/" + Id(dose.PersonId)),
            Occurrence = new FhirDateTime(dose.AdministeredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            LotNumber = dose.Lot,
            PrimarySource = !dose.IsSelfDeclared,
            VaccineCode = new CodeableConcept
            {
                Coding =
                [
                    new Coding(FhirSystems.DccMedicinalProduct, dose.MedicinalProduct),
                    new Coding(FhirSystems.Snomed, dose.VaccineType),
                ],
                Text = dose.ProductCode,
            },
            Manufacturer = new ResourceReference { Display = dose.Manufacturer },
        };
        immunization.Identifier.Add(new Identifier(FhirSystems.Dose, dose.SourceKey));
        if (dose.SiteName is { } site)
        {
            immunization.Performer.Add(new Immunization.PerformerComponent { Actor = new ResourceReference { Display = site } });
        }

        immunization.ProtocolApplied.Add(new Immunization.ProtocolAppliedComponent
        {
            TargetDisease = [new CodeableConcept(FhirSystems.Snomed, FhirSystems.Covid19)],
            DoseNumber = new PositiveInt(dose.DoseNumber),
            SeriesDoses = new PositiveInt(Math.Max(seriesDoses, dose.DoseNumber)),
        });
        return immunization;
    }

    public static Observation ToObservation(LabResult result, string? labName)
    {
        ArgumentNullException.ThrowIfNull(result);
        var observation = new Observation
        {
            Id = Id(result.Id),
            // A positive pool is final too: its members' retests are new observations of their own.
            Status = ObservationStatus.Final,
            Category = [new CodeableConcept(FhirSystems.ObservationCategory, "laboratory")],
            Code = new CodeableConcept { Coding = [new Coding(FhirSystems.Loinc, result.TestType.Loinc(), LoincDisplay(result.TestType))] },
            Effective = new FhirDateTime(new DateTimeOffset(result.SampledAtUtc, TimeSpan.Zero)),
            Issued = new DateTimeOffset(result.ReportedAtUtc, TimeSpan.Zero),
            Value = new CodeableConcept { Coding = [new Coding(FhirSystems.Snomed, result.Outcome.Snomed(), OutcomeDisplay(result.Outcome))] },
            Interpretation = [new CodeableConcept(FhirSystems.Interpretation, InterpretationCode(result.Outcome))],
        };
        observation.Identifier.Add(new Identifier(FhirSystems.LabSample, result.SampleId));
        if (result.PoolId is { } pool)
        {
            observation.Identifier.Add(new Identifier(FhirSystems.LabPool, pool));
        }

        if (result.PersonId is { } personId)
        {
            observation.Subject = new ResourceReference("Patient/" + Id(personId));
        }

        if (labName is not null)
        {
            observation.Performer.Add(new ResourceReference { Display = labName });
        }

        if (result.Ct is { } ct)
        {
            observation.Component.Add(new Observation.ComponentComponent
            {
                Code = new CodeableConcept { Text = "Ct (cycle threshold)" },
                Value = new Quantity { Value = ct, Unit = "cycles" },
            });
        }

        return observation;
    }

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static Identifier TypedIdentifier(string typeCode, string typeDisplay, string system, string value) => new(system, value)
    {
        Use = Identifier.IdentifierUse.Official,
        Type = new CodeableConcept { Coding = [new Coding(FhirSystems.IdentifierType, typeCode, typeDisplay)] },
    };

    private static string LoincDisplay(LabTestType type) => type == LabTestType.RtPcr
        ? "SARS-CoV-2 (COVID-19) RNA [Presence] in Respiratory specimen by NAA with probe detection"
        : "SARS-CoV-2 (COVID-19) Ag [Presence] in Respiratory specimen by Rapid immunoassay";

    private static string OutcomeDisplay(LabOutcome outcome) => outcome switch
    {
        LabOutcome.Positive => "Detected",
        LabOutcome.Negative => "Not detected",
        _ => "Inconclusive",
    };

    private static string InterpretationCode(LabOutcome outcome) => outcome switch
    {
        LabOutcome.Positive => "POS",
        LabOutcome.Negative => "NEG",
        _ => "IND",
    };
}
