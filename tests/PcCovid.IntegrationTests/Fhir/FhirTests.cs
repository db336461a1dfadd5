using System.Net;
using System.Text;
using System.Text.Json;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.People;
using PcCovid.Domain.Testing;
using PcCovid.IntegrationTests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace PcCovid.IntegrationTests.Fhir;

/// <summary>
/// FHIR R4 in and out: transaction Bundles from a lab and a vaccination site recorded all or nothing,
/// searches answered as Bundles that the Firely validator accepts without errors, and the access
/// rules of the rest of the API (own data, dependants, purpose, jurisdiction, audit).
/// </summary>
public sealed class FhirTests
{
    private static readonly Lazy<Validator> s_validator = new(() =>
    {
        var source = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(source, new LocalTerminologyService(source));
    });

    private static readonly DateTimeOffset s_sampled = TimeProvider.System.GetUtcNow().AddDays(-2);

    private const string PatientUrl = "urn:uuid:7d4b3f4e-1a43-4f62-9a0a-2f6f4f1e0001";

    private static Dictionary<string, object?> PatientEntry(string citizenId, string name, string birthDate)
    {
        var patient = new Dictionary<string, object?>
        {
            ["resourceType"] = "Patient",
            ["identifier"] = new[] { new { system = "https://pccovid.gov.vn/fhir/sid/cccd", value = citizenId } },
            ["name"] = new[] { new { text = name } },
            ["gender"] = "female",
            ["birthDate"] = birthDate,
        };
        return new()
        {
            ["fullUrl"] = PatientUrl,
            ["resource"] = patient,
            ["request"] = new { method = "POST", url = "Patient", ifNoneExist = "identifier=https://pccovid.gov.vn/fhir/sid/cccd|" + citizenId },
        };
    }

    private static Dictionary<string, object?> ObservationEntry(string sampleId, string loinc, string snomed, double hoursLater = 0, bool withStatus = true, decimal? ct = null)
    {
        var observation = new Dictionary<string, object?>
        {
            ["resourceType"] = "Observation",
            ["identifier"] = new[] { new { system = "https://pccovid.gov.vn/fhir/sid/lab-sample", value = sampleId } },
            ["category"] = new[] { new { coding = new[] { new { system = "http://terminology.hl7.org/CodeSystem/observation-category", code = "laboratory" } } } },
            ["code"] = new { coding = new[] { new { system = "http://loinc.org", code = loinc } } },
            ["subject"] = new { reference = PatientUrl },
            ["effectiveDateTime"] = s_sampled.AddHours(hoursLater).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["issued"] = s_sampled.AddHours(hoursLater + 5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["valueCodeableConcept"] = new { coding = new[] { new { system = "http://snomed.info/sct", code = snomed } } },
        };
        if (withStatus)
        {
            observation["status"] = "final";
        }

        if (ct is not null)
        {
            observation["component"] = new[] { new { code = new { text = "Ct" }, valueQuantity = new { value = ct, unit = "cycles" } } };
        }

        return new() { ["fullUrl"] = "urn:uuid:" + Guid.NewGuid(), ["resource"] = observation, ["request"] = new { method = "POST", url = "Observation" } };
    }

    private static Dictionary<string, object?> ImmunizationEntry(string mp, int dose, string date) => new()
    {
        ["fullUrl"] = "urn:uuid:" + Guid.NewGuid(),
        ["resource"] = new Dictionary<string, object?>
        {
            ["resourceType"] = "Immunization",
            ["status"] = "completed",
            ["vaccineCode"] = new { coding = new[] { new { system = "https://ec.europa.eu/health/documents/community-register/html/", code = mp } } },
            ["patient"] = new { reference = PatientUrl },
            ["occurrenceDateTime"] = date,
            ["lotNumber"] = "FF2593",
            ["protocolApplied"] = new[]
            {
                new
                {
                    targetDisease = new[] { new { coding = new[] { new { system = "http://snomed.info/sct", code = "840539006" } } } },
                    doseNumberPositiveInt = dose,
                    seriesDosesPositiveInt = 2,
                },
            },
        },
        ["request"] = new { method = "POST", url = "Immunization" },
    };

    private static StringContent Bundle(params Dictionary<string, object?>[] entries) => new(
        JsonSerializer.Serialize(new { resourceType = "Bundle", type = "transaction", entry = entries }), Encoding.UTF8, "application/fhir+json");

    private static async Task<T> ReadFhirAsync<T>(HttpResponseMessage response) where T : Resource =>
        new FhirJsonDeserializer(new DeserializerSettings()).Deserialize<T>(await response.Content.ReadAsStringAsync());

    private static void AssertValid(Resource resource)
    {
        OperationOutcome outcome = s_validator.Value.Validate(resource);
        var errors = outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Diagnostics + " @ " + string.Join(",", e.Expression))));
    }

    [Theory, BothProviders]
    public async Task ALabTransactionBundle_RecordsEveryObservation_OpensTheCase_AndTheCitizenReadsThemBackAsValidFhir(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1991, 7, 14), Sex.Female, phone: "+84912000101", name: "Trần Thị Hồng Nhung");
        HttpClient lab = await TestAccounts.SignInLabTechnicianAsync(app, person.CommuneCode);

        HttpResponseMessage posted = await lab.PostAsync("/fhir", Bundle(
            PatientEntry(person.CitizenId, "Trần Thị Hồng Nhung", "1991-07-14"),
            ObservationEntry("FHIR-S-1", "94500-6", "260373001", ct: 24.5m),
            ObservationEntry("FHIR-S-2", "94558-4", "260415000", hoursLater: 30)));
        string text = await posted.Content.ReadAsStringAsync();
        Assert.True(posted.StatusCode == HttpStatusCode.OK, text + app.Logs.Errors);
        Assert.StartsWith("application/fhir+json", posted.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Bundle response = new FhirJsonDeserializer(new DeserializerSettings()).Deserialize<Bundle>(text);
        Assert.Equal(Hl7.Fhir.Model.Bundle.BundleType.TransactionResponse, response.Type);
        Assert.Equal(3, response.Entry.Count);
        Assert.All(response.Entry.Skip(1), e => Assert.Equal("201 Created", e.Response!.Status));
        Assert.StartsWith("Observation/", response.Entry[1].Response!.Location, StringComparison.Ordinal);

        await using (PcCovidDbContext db = app.NewDbContext())
        {
            List<LabResult> results = await db.LabResults.OrderBy(r => r.SampleId).ToListAsync();
            Assert.Equal(["FHIR-S-1", "FHIR-S-2"], results.Select(r => r.SampleId));
            Assert.All(results, r => Assert.Equal(person.Id, r.PersonId));
            Assert.Equal(24.5m, results[0].Ct);
            Assert.Equal(LabTestType.RapidAntigen, results[1].TestType);
            Assert.Single(await db.Cases.Where(c => c.PersonId == person.Id && c.Status == CaseStatus.Active).ToListAsync());
        }

        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, person);
        HttpResponseMessage search = await citizen.GetAsync($"/fhir/Observation?patient=Patient/{person.Id}");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Bundle found = await ReadFhirAsync<Bundle>(search);
        Assert.Equal(2, found.Total);
        Observation positive = found.Entry.Select(e => e.Resource).OfType<Observation>().Single(o => o.Identifier[0].Value == "FHIR-S-1");
        Assert.Equal("94500-6", positive.Code.Coding[0].Code);
        Assert.Equal("260373001", ((CodeableConcept)positive.Value!).Coding[0].Code);
        Assert.Equal($"Patient/{person.Id}", positive.Subject!.Reference);
        AssertValid(found);

        HttpResponseMessage patient = await citizen.GetAsync($"/fhir/Patient/{person.Id}");
        Patient me = await ReadFhirAsync<Patient>(patient);
        Assert.Equal("Trần", me.Name[0].Family);
        Assert.Equal(["Thị", "Hồng", "Nhung"], me.Name[0].Given);
        Assert.Equal(person.CitizenId, me.Identifier.Single(i => i.System == "https://pccovid.gov.vn/fhir/sid/cccd").Value);
        AssertValid(me);
    }

    [Theory, BothProviders]
    public async Task AnInvalidResourceOrOneBadEntry_RejectsTheWholeTransaction_WithTheEntryNamed(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1980, 1, 2), Sex.Female);
        HttpClient lab = await TestAccounts.SignInLabTechnicianAsync(app, person.CommuneCode);

        // An Observation without its required status: the Firely validator refuses the bundle.
        HttpResponseMessage invalid = await lab.PostAsync("/fhir", Bundle(
            PatientEntry(person.CitizenId, "Nguyễn Thị Lan", "1980-01-02"),
            ObservationEntry("OK-1", "94500-6", "260415000"),
            ObservationEntry("BAD-1", "94500-6", "260415000", withStatus: false)));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        OperationOutcome structural = await ReadFhirAsync<OperationOutcome>(invalid);
        Assert.Contains(structural.Issue, i => i.Diagnostics?.Contains("status", StringComparison.OrdinalIgnoreCase) == true);

        // Valid FHIR, but a test code PcCovid does not take in the third entry: nothing of the bundle is kept.
        HttpResponseMessage unknownTest = await lab.PostAsync("/fhir", Bundle(
            PatientEntry(person.CitizenId, "Nguyễn Thị Lan", "1980-01-02"),
            ObservationEntry("OK-2", "94500-6", "260415000"),
            ObservationEntry("BAD-2", "12345-6", "260415000")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownTest.StatusCode);
        OperationOutcome business = await ReadFhirAsync<OperationOutcome>(unknownTest);
        Assert.Equal("Bundle.entry[2]", Assert.Single(business.Issue).Expression.Single());

        // Not JSON FHIR at all.
        HttpResponseMessage garbage = await lab.PostAsync("/fhir", new StringContent("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Observation\",\"nonsense\":1}}]}", Encoding.UTF8, "application/fhir+json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);

        await using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(0, await db.LabResults.CountAsync());
        Assert.Equal(0, await db.Cases.CountAsync());
    }

    [Theory, BothProviders]
    public async Task AVaccinationSiteBundle_RecordsDoses_AndStaffReadThemWithAPurpose_Audited(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson person = await people.AddAsync(new DateOnly(1975, 3, 9), Sex.Female, phone: "+84912000202", name: "Lê Thị Mai");
        TestPerson stranger = await people.AddAsync(new DateOnly(1976, 3, 9));
        long site = await TestAccounts.AddFacilityAsync(app, FacilityKind.VaccinationSite, person.CommuneCode);
        HttpClient staff = await TestAccounts.SignInStaffAsync(app, StaffRole.VaccinationSite, AccessScope.Facility(site));

        HttpResponseMessage posted = await staff.PostAsync("/fhir", Bundle(
            PatientEntry(person.CitizenId, "Lê Thị Mai", "1975-03-09"),
            ImmunizationEntry("EU/1/20/1528", 1, "2021-09-01"),
            ImmunizationEntry("EU/1/20/1528", 2, "2021-09-29")));
        Assert.True(posted.StatusCode == HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());

        // A lab may not submit Immunizations; a vaccination site may not submit Observations.
        HttpClient lab = await TestAccounts.SignInLabTechnicianAsync(app, person.CommuneCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await lab.PostAsync("/fhir", Bundle(PatientEntry(person.CitizenId, "Lê Thị Mai", "1975-03-09"), ImmunizationEntry("EU/1/20/1528", 3, "2022-01-10")))).StatusCode);

        HttpClient epidemiologist = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.Province("01"));
        Assert.Equal(HttpStatusCode.BadRequest, (await epidemiologist.GetAsync($"/fhir/Immunization?patient={person.Id}")).StatusCode);
        HttpResponseMessage read = await epidemiologist.GetAsync($"/fhir/Immunization?patient={person.Id}&purpose=case-investigation");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Bundle doses = await ReadFhirAsync<Bundle>(read);
        Assert.Equal(2, doses.Total);
        Immunization second = doses.Entry.Select(e => e.Resource).OfType<Immunization>().Single(i => i.ProtocolApplied[0].DoseNumber is PositiveInt { Value: 2 });
        Assert.Equal("EU/1/20/1528", second.VaccineCode.Coding[0].Code);
        Assert.Equal("2021-09-29", ((FhirDateTime)second.Occurrence).Value);
        AssertValid(doses);

        // Patient search by identifier: staff state a purpose; an unknown ID is an empty searchset.
        Assert.Equal(HttpStatusCode.BadRequest, (await epidemiologist.GetAsync($"/fhir/Patient?identifier=https://pccovid.gov.vn/fhir/sid/cccd|{person.CitizenId}")).StatusCode);
        Bundle byId = await ReadFhirAsync<Bundle>(await epidemiologist.GetAsync($"/fhir/Patient?identifier=https://pccovid.gov.vn/fhir/sid/cccd|{person.CitizenId}&purpose=case-investigation"));
        Assert.Equal(person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(byId.Entry).Resource!.Id);
        Assert.Empty((await ReadFhirAsync<Bundle>(await epidemiologist.GetAsync("/fhir/Patient?identifier=https://pccovid.gov.vn/fhir/sid/cccd|001099999999&purpose=case-investigation"))).Entry);

        // The citizen may read their own record, not a stranger's: a stranger's is "not found".
        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, person);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/fhir/Immunization?patient={person.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync($"/fhir/Patient/{stranger.Id}")).StatusCode);
        Assert.Equal(person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single((await ReadFhirAsync<Bundle>(await citizen.GetAsync("/fhir/Patient"))).Entry).Resource!.Id);
        Assert.Empty((await ReadFhirAsync<Bundle>(await citizen.GetAsync($"/fhir/Patient?identifier={stranger.CitizenId}"))).Entry);

        await using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(2, await db.Doses.CountAsync(d => d.PersonId == person.Id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.SubjectPersonId == person.Id && a.Action == "fhir.immunization.search"));
    }

    [Fact]
    public async Task Metadata_IsAPublicCapabilityStatement()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database);
        HttpResponseMessage response = await TestAccounts.NewClient(app).GetAsync("/fhir/metadata");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        CapabilityStatement statement = await ReadFhirAsync<CapabilityStatement>(response);
        Assert.Equal(FHIRVersion.N4_0_1, statement.FhirVersion);
        Assert.Contains(statement.Rest[0].Resource, r => r.Type == "Observation");
        _ = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
