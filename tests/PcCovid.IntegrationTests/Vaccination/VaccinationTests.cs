using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Imports;
using PcCovid.Domain.Vaccination;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Vaccination;

namespace PcCovid.IntegrationTests.Vaccination;

public sealed class VaccinationTests
{
    private const string Header = "ma_mui_tiem,ma_doi_tuong,ho_ten,ngay_sinh,gioi_tinh,so_cccd,so_dien_thoai,ma_tinh,ma_huyen,ma_xa,mui_so,ten_vac_xin,so_lo,ngay_tiem,ma_co_so,ten_co_so,phan_ung_sau_tiem";

    [Theory, BothProviders]
    public async Task Site_RecordsADose_ByCitizenId_Audited_AndATooEarlySecondDoseIsFlagged(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1985, 4, 4));
        long site = await TestAccounts.AddFacilityAsync(app, FacilityKind.VaccinationSite, person.CommuneCode);
        HttpClient staff = await TestAccounts.SignInStaffAsync(app, StaffRole.VaccinationSite, AccessScope.Facility(site));

        HttpResponseMessage first = await staff.PostAsJsonAsync("/api/vaccination/doses",
            new { citizenId = person.CitizenId, doseNumber = 1, vaccine = "AstraZeneca", lot = "ABV1234", administeredOn = "2021-07-01" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        DoseResponse dose1 = (await first.Content.ReadFromJsonAsync<DoseResponse>())!;
        Assert.Equal("EU/1/21/1529", dose1.MedicinalProduct);
        Assert.Equal(site, dose1.SiteFacilityId);
        Assert.Null(dose1.IntervalFlag);

        DoseResponse dose2 = (await (await staff.PostAsJsonAsync("/api/vaccination/doses",
            new { citizenId = person.CitizenId, doseNumber = 2, vaccine = "Vaxzevria", lot = "ABV1299", administeredOn = "2021-07-15" })).Content.ReadFromJsonAsync<DoseResponse>())!;
        Assert.NotNull(dose2.IntervalFlag);
        Assert.Contains("28", dose2.IntervalFlag, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync("/api/vaccination/doses",
            new { citizenId = person.CitizenId, doseNumber = 3, vaccine = "Sinovac", administeredOn = "2022-01-15" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync("/api/vaccination/doses",
            new { citizenId = person.CitizenId, doseNumber = 3, vaccine = "Pfizer", administeredOn = "2099-01-15" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync("/api/vaccination/doses",
            new { citizenId = "001099999999", doseNumber = 1, vaccine = "Pfizer", administeredOn = "2021-08-15" })).StatusCode);

        using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(2, await db.Doses.CountAsync(d => d.PersonId == person.Id));
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "vaccination.dose.record" && a.SubjectPersonId == person.Id));
    }

    [Theory, BothProviders]
    public async Task CsvImport_RefusesBadRowsWithLineNumbers_KeepsValidRows_SendsUnmatchedToReview_AndIsIdempotent(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson byId = await people.AddAsync(new DateOnly(1970, 1, 1), name: "Trần Văn Bình");
        TestPerson byPhone = await people.AddAsync(new DateOnly(1990, 6, 6), phone: "+84362345678", name: "Lê Thị Hoa");
        string csv = string.Join("\n",
            Header,
            $"MT1,D1,Trần Văn Bình,1970-01-01,NAM,{byId.CitizenId},,01,,,1,Vero Cell,L1,01/08/2021,CS1,Trạm Y tế,",          // line 2: by ID
            $"MT2,D1,TRAN VAN BINH,1970,NAM,{byId.CitizenId},,01,,,2,Sinopharm,L2,10/08/2021,CS1,Trạm Y tế,",               // line 3: by ID, too early (21 d)
            "MT3,D2,LE THI HOA,1990,NU,,01662345678,01,,,1,Pfizer,L3,01/09/2021,CS1,\"Trạm, Y tế\",sốt nhẹ",                  // line 4: by old phone + name + year
            "MT4,D3,Phạm Văn Không,1960,NAM,,0912000000,01,,,1,Moderna,L4,01/09/2021,CS1,Trạm,",                              // line 5: nobody → review
            "MT5,D4,Broken,1960,NAM,,,01,,,1,Moderna,L4,01/09/2021",                                                           // line 6: too few fields
            "MT6,D5,Ai Đó,1960,NAM,,,01,,,1,Sinovac,L4,01/09/2021,CS1,Trạm,",                                                  // line 7: unknown vaccine
            "MT7,D6,Ai Đó,1960,NAM,,,01,,,1,Pfizer,L4,31/02/2021,CS1,Trạm,",                                                   // line 8: impossible date
            "MT8,D7,Ai Đó,1960,NAM,,,01,,,1,Pfizer,L4,01/09/2099,CS1,Trạm,",                                                   // line 9: future
            "MT9,D8,\"Ai Đó,1960,NAM,,,01,,,1,Pfizer,L4,01/09/2021,CS1,Trạm,",                                                 // line 10: open quote
            $"MT10,D1,Trần Văn Bình,1970,NAM,{byId.CitizenId},,01,,,2,Pfizer,L9,01/10/2021,CS1,Trạm,");                      // line 11: dose 2 again → review

        ImportDoses.Result first = await ImportAsync(app, csv);

        Assert.Equal(10, first.RowsRead);
        Assert.Equal(3, first.Inserted);
        Assert.Equal(5, first.Rejected);
        Assert.Equal(2, first.SentToReview);
        Assert.Equal(1, first.Flagged);
        Assert.Equal([6L, 7L, 8L, 9L, 10L], first.FirstRejections.Select(r => r.LineNumber).Order().ToArray());
        Assert.Contains(first.FirstRejections, r => r.LineNumber == 7 && r.Reason.Contains("unknown vaccine 'Sinovac'", StringComparison.Ordinal));
        Assert.Contains(first.FirstRejections, r => r.LineNumber == 6 && r.Reason.Contains("expected 17 fields", StringComparison.Ordinal));
        Assert.Contains(first.FirstRejections, r => r.LineNumber == 10 && r.Reason.Contains("unterminated quote", StringComparison.Ordinal));

        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(2, await db.Doses.CountAsync(d => d.PersonId == byId.Id));
            Dose hoa = await db.Doses.SingleAsync(d => d.PersonId == byPhone.Id);
            Assert.Equal("Trạm, Y tế", hoa.SiteName);
            Assert.Equal("EU/1/20/1528", hoa.MedicinalProduct);
            List<DoseReview> reviews = await db.DoseReviews.OrderBy(r => r.LineNumber).ToListAsync();
            Assert.Equal([5L, 11L], reviews.Select(r => r.LineNumber).ToArray());
            Assert.Equal([DoseReviewReason.NoMatch, DoseReviewReason.DuplicateDoseNumber], reviews.Select(r => r.Reason).ToArray());
            ImportRun run = await db.ImportRuns.SingleAsync(r => r.Id == first.ImportRunId);
            Assert.Equal(ImportRunStatus.Completed, run.Status);
            Assert.Equal(2, run.SentToReview);
            Assert.Equal(5, await db.ImportRejections.CountAsync(r => r.ImportRunId == first.ImportRunId));
            Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.Action == "vaccination.dose.import"));
        }

        ImportDoses.Result again = await ImportAsync(app, csv);

        Assert.Equal(0, again.Inserted);
        Assert.Equal(0, again.SentToReview);
        Assert.Equal(5, again.Unchanged);
        Assert.Equal(5, again.Rejected);
        using PcCovidDbContext after = app.NewDbContext();
        Assert.Equal(3, await after.Doses.CountAsync());
        Assert.Equal(2, await after.DoseReviews.CountAsync());
    }

    [Theory, BothProviders]
    public async Task Citizen_SeesOwnDoses_DeclaresADoseAbroad_AndGets404ForAnotherPersonsDoses(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson me = await people.AddAsync(new DateOnly(1980, 1, 1), phone: "+84912500001");
        TestPerson other = await people.AddAsync(new DateOnly(1981, 1, 1), phone: "+84912500002");
        await ImportAsync(app, string.Join("\n", Header,
            $"X1,D1,Nguyễn Văn Thử,1981,NAM,{other.CitizenId},,01,,,1,Pfizer,L1,01/08/2021,CS1,Trạm,"));
        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, me);

        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync($"/api/citizen/people/{other.Id}/doses")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.PostAsJsonAsync($"/api/citizen/people/{other.Id}/doses",
            new { doseNumber = 2, vaccine = "Pfizer", administeredOn = "2021-09-01", country = "KR" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync($"/api/me/certificates/vaccination?personId={other.Id}")).StatusCode);

        HttpResponseMessage declared = await citizen.PostAsJsonAsync($"/api/citizen/people/{me.Id}/doses",
            new { doseNumber = 1, vaccine = "Comirnaty", lot = "EX1", administeredOn = "2021-02-10", country = "KR", place = "Seoul" });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        List<DoseResponse> mine = (await citizen.GetFromJsonAsync<List<DoseResponse>>($"/api/citizen/people/{me.Id}/doses"))!;
        DoseResponse abroad = Assert.Single(mine);
        Assert.True(abroad.IsSelfDeclared);
        Assert.False(abroad.IsConfirmed);

        // Not confirmed yet: no certificate from a self-declared dose.
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync("/api/me/certificates/vaccination")).StatusCode);

        long site = await TestAccounts.AddFacilityAsync(app, FacilityKind.VaccinationSite, me.CommuneCode);
        HttpClient staff = await TestAccounts.SignInStaffAsync(app, StaffRole.VaccinationSite, AccessScope.Facility(site));
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/vaccination/doses/{abroad.Id}/confirm", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/api/me/certificates/vaccination")).StatusCode);
    }

    [Theory, BothProviders]
    public async Task Certificate_ForTheCitizensLatestDose_VerifiesWithTheExistingVerifier(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson me = await new TestPeople(app).AddAsync(new DateOnly(1975, 3, 9), phone: "+84912600001", name: "Nguyễn Thị Đào");
        await ImportAsync(app, string.Join("\n", Header,
            $"C1,D1,Nguyễn Thị Đào,1975-03-09,NU,{me.CitizenId},,01,,,1,Moderna,L1,01/08/2021,CS1,Trạm,",
            $"C2,D1,Nguyễn Thị Đào,1975-03-09,NU,{me.CitizenId},,01,,,2,Spikevax,L2,05/09/2021,CS1,Trạm,"));
        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, me);

        VaccinationEndpoints.CertificateResponse certificate = (await citizen.GetFromJsonAsync<VaccinationEndpoints.CertificateResponse>("/api/me/certificates/vaccination"))!;

        Assert.StartsWith("HC1:", certificate.Hc1, StringComparison.Ordinal);
        Assert.NotEmpty(Convert.FromBase64String(certificate.QrPngBase64));
        JsonElement verdict = await (await TestAccounts.NewClient(app).PostAsJsonAsync("/api/certificates/verify", new { hc1 = certificate.Hc1 })).Content.ReadFromJsonAsync<JsonElement>();
        string json = verdict.GetRawText();
        Assert.True(verdict.GetProperty("valid").GetBoolean(), json);
        Assert.Contains("EU/1/20/1507", json, StringComparison.Ordinal);
        Assert.Contains("THI<DAO", json, StringComparison.Ordinal);
        Assert.Contains("1975-03-09", json, StringComparison.Ordinal);
        Assert.Contains("\"dn\":2", json.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory, BothProviders]
    public async Task DataSteward_LinksAnUnmatchedRow_AndItsDoseIsWritten_Once(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1977, 7, 7));
        ImportDoses.Result result = await ImportAsync(app, string.Join("\n", Header, "R1,D9,Nguyen Van Thu,1977,NAM,,,01,,,1,Covishield,L1,01/08/2021,CS1,Trạm,"));
        Assert.Equal(1, result.SentToReview);
        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.National);
        List<VaccinationEndpoints.ReviewResponse> reviews = (await steward.GetFromJsonAsync<List<VaccinationEndpoints.ReviewResponse>>("/api/vaccination/reviews"))!;
        VaccinationEndpoints.ReviewResponse review = Assert.Single(reviews);
        Assert.Equal(2, review.LineNumber);

        HttpResponseMessage linked = await steward.PostAsJsonAsync($"/api/vaccination/reviews/{review.Id}/link", new { personId = person.Id });

        Assert.Equal(HttpStatusCode.Created, linked.StatusCode);
        Assert.Equal("Covishield", (await linked.Content.ReadFromJsonAsync<DoseResponse>())!.MedicinalProduct);
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.PostAsJsonAsync($"/api/vaccination/reviews/{review.Id}/link", new { personId = person.Id })).StatusCode);
        Assert.Empty((await steward.GetFromJsonAsync<List<VaccinationEndpoints.ReviewResponse>>("/api/vaccination/reviews"))!);
        Assert.Equal(0, (await ImportAsync(app, string.Join("\n", Header, "R1,D9,Nguyen Van Thu,1977,NAM,,,01,,,1,Covishield,L1,01/08/2021,CS1,Trạm,"))).Inserted);
        using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(1, await db.Doses.CountAsync(d => d.PersonId == person.Id));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "vaccination.review.link" && a.SubjectPersonId == person.Id));
    }

    [Theory, BothProviders]
    public async Task ASecondDoseImportedBeforeItsFirst_IsFlaggedWhenTheFirstArrives(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1966, 6, 6));
        await ImportAsync(app, string.Join("\n", Header, $"L2,D1,Nguyễn Văn Thử,1966,NAM,{person.CitizenId},,01,,,2,Pfizer,L2,10/08/2021,CS1,Trạm,"));
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Null((await db.Doses.SingleAsync(d => d.PersonId == person.Id)).IntervalFlag);
        }

        ImportDoses.Result late = await ImportAsync(app, string.Join("\n", Header, $"L1,D1,Nguyễn Văn Thử,1966,NAM,{person.CitizenId},,01,,,1,Pfizer,L1,01/08/2021,CS1,Trạm,"));

        Assert.Equal(1, late.Inserted);
        using PcCovidDbContext after = app.NewDbContext();
        Dose second = await after.Doses.SingleAsync(d => d.PersonId == person.Id && d.DoseNumber == 2);
        Assert.Contains("21", second.IntervalFlag, StringComparison.Ordinal);
    }

    private static async Task<ImportDoses.Result> ImportAsync(PcCovidAppFactory app, string csv)
    {
        await using AsyncServiceScope scope = app.Services.CreateAsyncScope();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await scope.ServiceProvider.GetRequiredService<ImportDoses>().HandleAsync(stream, "mui_tiem.csv", AuditActor.System, CancellationToken.None);
    }
}
