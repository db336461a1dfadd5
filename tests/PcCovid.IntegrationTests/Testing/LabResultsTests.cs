using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.People;
using PcCovid.Domain.Testing;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Testing;

/// <summary>Lab results end to end: matching, cases with exactly one event, pools, review, CSV faults, the citizen's view.</summary>
public sealed class LabResultsTests
{
    private static readonly DateTimeOffset s_sampled = TimeProvider.System.GetUtcNow().AddDays(-2);

    private static object Result(string sampleId, string outcome, string? citizenId = null, string? phone = null, string name = "Nguyễn Văn Thử", int? birthYear = null, string? poolId = null, string type = "rt-pcr", decimal? ct = null, double hoursLater = 0) => new
    {
        sampleId,
        poolId,
        fullName = name,
        birthYear,
        idNumber = citizenId,
        phone,
        testType = type,
        outcome,
        ct,
        sampledAt = s_sampled.AddHours(hoursLater),
        reportedAt = s_sampled.AddHours(hoursLater + 4),
    };

    private static async Task<(HttpClient Lab, long LabId)> SignInLabAsync(PcCovidAppFactory app, TestPerson anyone)
    {
        long labId = await TestAccounts.AddFacilityAsync(app, FacilityKind.Lab, anyone.CommuneCode);
        return (await TestAccounts.SignInStaffAsync(app, StaffRole.Lab, AccessScope.Facility(labId)), labId);
    }

    [Theory, BothProviders]
    public async Task PositiveResult_OpensOneCaseWithOneEvent_ASecondPositiveUpdatesIt_AndResubmittingChangesNothing(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        // The tracing worker would consume the event; here it stays pending so the test can count it.
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?> { ["Tracing:WorkerEnabled"] = "false" });
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1980, 5, 5));
        (HttpClient lab, _) = await SignInLabAsync(app, person);

        HttpResponseMessage first = await lab.PostAsJsonAsync("/api/lab/results", Result("S-1", "positive", person.CitizenId, ct: 22.5m));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        JsonElement body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("matched").GetBoolean());
        Assert.True(body.GetProperty("caseOpened").GetBoolean());

        // The same result again (a retry): nothing new.
        JsonElement again = await (await lab.PostAsJsonAsync("/api/lab/results", Result("S-1", "positive", person.CitizenId, ct: 22.5m))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(again.GetProperty("repeated").GetBoolean());
        Assert.False(again.GetProperty("caseOpened").GetBoolean());

        // A second positive a day later updates the case.
        HttpResponseMessage secondResponse = await lab.PostAsJsonAsync("/api/lab/results", Result("S-2", "Dương tính", person.CitizenId, type: "Test nhanh kháng nguyên", hoursLater: 24));
        Assert.True(secondResponse.StatusCode == HttpStatusCode.Created, await secondResponse.Content.ReadAsStringAsync() + app.Logs.Errors);
        JsonElement second = await secondResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(second.GetProperty("caseUpdated").GetBoolean());

        await using PcCovidDbContext db = app.NewDbContext();
        Case single = Assert.Single(await db.Cases.Where(c => c.PersonId == person.Id).ToListAsync());
        Assert.Equal(CaseStatus.Active, single.Status);
        Assert.Equal(2, single.PositiveResults);
        CaseEvent opened = Assert.Single(await db.CaseEvents.ToListAsync());
        Assert.Equal(CaseEventTypes.CaseOpened, opened.Type);
        Assert.Equal(single.Id, opened.CaseId);
        Assert.Null(opened.ProcessedAtUtc);
        Assert.Equal(2, await db.LabResults.CountAsync());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.SubjectPersonId == person.Id && a.Action == "case.opened"));
    }

    [Theory, BothProviders]
    public async Task PositivePool_OrdersRetestsOfMatchedMembers_AndAnIndividualResultClosesTheOrder(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson a = await people.AddAsync(new DateOnly(1970, 1, 1));
        TestPerson b = await people.AddAsync(new DateOnly(1971, 1, 1));
        (HttpClient lab, _) = await SignInLabAsync(app, a);

        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync("/api/lab/results", Result("P-1", "positive", a.CitizenId, poolId: "POOL-9", ct: 30m))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync("/api/lab/results", Result("P-2", "positive", b.CitizenId, poolId: "POOL-9", ct: 30m))).StatusCode);

        await using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(2, await db.RetestOrders.CountAsync(o => o.ClosedAtUtc == null));
            Assert.All(await db.LabResults.ToListAsync(), r => Assert.Equal(LabResultStatus.PendingRetest, r.Status));
            Assert.Empty(await db.Cases.ToListAsync());
        }

        JsonElement retest = await (await lab.PostAsJsonAsync("/api/lab/results", Result("I-1", "negative", a.CitizenId, hoursLater: 6))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(retest.GetProperty("caseOpened").GetBoolean());

        await using (PcCovidDbContext db = app.NewDbContext())
        {
            RetestOrder closed = await db.RetestOrders.SingleAsync(o => o.PersonId == a.Id);
            Assert.NotNull(closed.ClosedAtUtc);
            Assert.Null((await db.RetestOrders.SingleAsync(o => o.PersonId == b.Id)).ClosedAtUtc);
            Assert.Equal(LabResultStatus.Final, (await db.LabResults.SingleAsync(r => r.SampleId == "P-1")).Status);
            Assert.Equal(LabResultStatus.PendingRetest, (await db.LabResults.SingleAsync(r => r.SampleId == "P-2")).Status);
        }

        JsonElement listed = await lab.GetFromJsonAsync<JsonElement>("/api/lab/results?limit=2");
        Assert.Equal(2, listed.GetProperty("items").GetArrayLength());
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("next").ValueKind);
    }

    [Theory, BothProviders]
    public async Task UnmatchedAndAmbiguousResults_GoToTheReviewList_PhoneNameAndYearMatch(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson viaPhone = await people.AddAsync(new DateOnly(1990, 3, 3), phone: "+84912700001", name: "Trần Thị Lan");
        // Twins on one family phone with the same folded name: ambiguous.
        await people.AddAsync(new DateOnly(2001, 4, 4), phone: "+84912700002", name: "Lê Văn Bình");
        await people.AddAsync(new DateOnly(2001, 4, 4), phone: "+84912700002", name: "Lê Văn Bính");
        (HttpClient lab, _) = await SignInLabAsync(app, viaPhone);

        JsonElement matched = await (await lab.PostAsJsonAsync("/api/lab/results", Result("R-1", "negative", phone: "0912 700 001", name: "TRAN THI LAN", birthYear: 1990))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(matched.GetProperty("matched").GetBoolean());
        JsonElement ambiguous = await (await lab.PostAsJsonAsync("/api/lab/results", Result("R-2", "positive", phone: "0912700002", name: "Le Van Binh", birthYear: 2001))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(ambiguous.GetProperty("sentToReview").GetBoolean());
        Assert.False(ambiguous.GetProperty("caseOpened").GetBoolean());
        JsonElement unmatched = await (await lab.PostAsJsonAsync("/api/lab/results", Result("R-3", "negative", citizenId: "079099000001", name: "Không Ai"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(unmatched.GetProperty("sentToReview").GetBoolean());

        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.National);
        JsonElement review = await steward.GetFromJsonAsync<JsonElement>("/api/lab/review");
        List<JsonElement> items = review.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("ambiguous", items[0].GetProperty("reason").GetString());
        Assert.Equal(2, items[0].GetProperty("candidates").GetArrayLength());
        Assert.Equal("unmatched", items[1].GetProperty("reason").GetString());
    }

    [Theory, BothProviders]
    public async Task CsvImport_RefusesBadLinesWithTheirNumbers_KeepsTheRest_AndIsIdempotent(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson a = await people.AddAsync(new DateOnly(1980, 1, 1));
        TestPerson b = await people.AddAsync(new DateOnly(1985, 1, 1));
        (HttpClient lab, _) = await SignInLabAsync(app, a);
        string day = s_sampled.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        string csv = string.Join("\r\n",
            "ma_mau,ma_mau_gop,ho_ten,nam_sinh,gioi_tinh,so_giay_to,so_dien_thoai,ma_tinh,loai_xet_nghiem,ket_qua,ct,thoi_gian_lay_mau,thoi_gian_tra_ket_qua,ma_phong_xet_nghiem",
            $"C-1,,Nguyễn Văn Thử,1980,Nam,{a.CitizenId},,01,RT-PCR,Dương tính,\"27,5\",{day} 08:00,{day} 14:30,LAB1",
            $"C-2,,\"Nguyễn Văn Thử\",1985,Nam,{b.CitizenId},,01,Test nhanh kháng nguyên,Âm tính,,{day} 08:00,{day} 08:20,LAB1",
            $"C-3,,Ai Đó,1985,Nam,,,01,Xét nghiệm máu,Âm tính,,{day} 08:00,{day} 08:20,LAB1",
            $"C-4,,Ai Đó,1985,Nam,,,01,RT-PCR,Âm tính,,31/02/2021 08:00,{day} 08:20,LAB1",
            "C-5,,\"Ai Đó,1985",
            $"C-6,,Ai Đó,1985,Nam,,,01,RT-PCR,Âm tính,,{day} 10:00,{day} 09:00,LAB1",
            $"C-7,,Ai Đó,1985,Nam,,,01,Test nhanh kháng nguyên,Âm tính,\"20,0\",{day} 08:00,{day} 09:00,LAB1",
            string.Empty);

        JsonElement run = await PostCsvAsync(lab, csv);
        Assert.Equal(7, run.GetProperty("rowsRead").GetInt64());
        Assert.Equal(2, run.GetProperty("inserted").GetInt64());
        Assert.Equal(5, run.GetProperty("rejected").GetInt64());
        Assert.Equal(1, run.GetProperty("casesOpened").GetInt64());
        List<long> lines = run.GetProperty("firstRejections").EnumerateArray().Select(r => r.GetProperty("lineNumber").GetInt64()).ToList();
        Assert.Equal([4L, 5, 6, 7, 8], lines);
        Assert.Contains("test type", run.GetProperty("firstRejections")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);

        JsonElement again = await PostCsvAsync(lab, csv);
        Assert.Equal(0, again.GetProperty("inserted").GetInt64());
        Assert.Equal(2, again.GetProperty("unchanged").GetInt64());
        Assert.Equal(0, again.GetProperty("casesOpened").GetInt64());

        await using PcCovidDbContext db = app.NewDbContext();
        LabResult positive = await db.LabResults.SingleAsync(r => r.SampleId == "C-1");
        Assert.Equal(27.5m, positive.Ct);
        Assert.Equal(a.Id, positive.PersonId);
        Assert.Single(await db.CaseEvents.ToListAsync());
        Assert.Equal(2, await db.LabResults.CountAsync());
    }

    [Theory, BothProviders]
    public async Task Citizen_SeesOwnResults_AndNotSomeoneElses(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson me = await people.AddAsync(new DateOnly(1980, 5, 5), phone: "+84912800001");
        TestPerson other = await people.AddAsync(new DateOnly(1981, 5, 5), Sex.Female);
        (HttpClient lab, _) = await SignInLabAsync(app, me);
        await lab.PostAsJsonAsync("/api/lab/results", Result("M-1", "negative", me.CitizenId));
        await lab.PostAsJsonAsync("/api/lab/results", Result("M-2", "negative", other.CitizenId));

        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, me);
        JsonElement mine = await citizen.GetFromJsonAsync<JsonElement>("/api/me/results");
        JsonElement only = Assert.Single(mine.EnumerateArray());
        Assert.Equal("negative", only.GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync($"/api/me/results?personId={other.Id}")).StatusCode);
    }

    private static async Task<JsonElement> PostCsvAsync(HttpClient lab, string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        HttpResponseMessage response = await lab.PostAsync("/api/lab/results/csv?fileName=ket_qua.csv", content);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
