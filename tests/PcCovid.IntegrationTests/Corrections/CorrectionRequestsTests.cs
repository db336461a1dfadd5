using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.People;
using PcCovid.IntegrationTests.Browser;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Corrections;

/// <summary>
/// Citizens' correction requests, staff side: the data steward's list (purpose, jurisdiction, keyset, audited),
/// the answer (accepted with what was changed, refused with a reason) and the citizen reading it on "my data".
/// </summary>
public sealed partial class CorrectionRequestsTests
{
    [Theory, BothProviders]
    public async Task Steward_ListsTheRequestsOfTheJurisdiction_WithAPurpose_AndEachReadIsAudited(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson here = await people.AddAsync(new DateOnly(1980, 1, 1), district: 0);
        TestPerson there = await people.AddAsync(new DateOnly(1981, 1, 1), district: 1);
        long[] mine = await AddRequestsAsync(app, here.Id, 3);
        await AddRequestsAsync(app, there.Id, 1);

        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.National);
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.GetAsync("/api/staff/corrections")).StatusCode);
        // A purpose of another role is refused as a missing one is.
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.GetAsync("/api/staff/corrections?purpose=contact-tracing")).StatusCode);

        // One commune of the jurisdiction, two at a time: the keyset walks all three, oldest first.
        JsonElement first = await steward.GetFromJsonAsync<JsonElement>($"/api/staff/corrections?purpose=data-correction&commune={here.CommuneCode}&limit=2");
        Assert.Equal([mine[0], mine[1]], Ids(first));
        string next = first.GetProperty("next").GetString()!;
        JsonElement second = await steward.GetFromJsonAsync<JsonElement>("/api/staff/corrections" + next);
        Assert.Equal([mine[2]], Ids(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal(4, Ids(await steward.GetFromJsonAsync<JsonElement>("/api/staff/corrections?purpose=data-correction")).Count);

        // A provincial steward elsewhere sees none of them and cannot name a commune outside the province.
        HttpClient elsewhere = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.Province("79"));
        Assert.Empty(Ids(await elsewhere.GetFromJsonAsync<JsonElement>("/api/staff/corrections?purpose=data-correction")));
        Assert.Equal(HttpStatusCode.BadRequest, (await elsewhere.GetAsync($"/api/staff/corrections?purpose=data-correction&commune={here.CommuneCode}")).StatusCode);

        await using PcCovidDbContext db = app.NewDbContext();
        var audited = await db.AuditEntries.Where(a => a.Action == "correction.list").ToListAsync();
        Assert.Contains(audited, a => a.SubjectPersonId == here.Id && a.Purpose == "data-correction" && a.ActorRole == "data-steward");
        Assert.Contains(audited, a => a.SubjectPersonId == there.Id);
    }

    [Theory, BothProviders]
    public async Task Steward_AcceptsOrRefuses_AndTheCitizenReadsTheAnswerOnMyData(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        (TestPerson mother, _) = await CitizenAppWorld.AddFamilyAsync(app, "+84987300001");
        long[] ids = await AddRequestsAsync(app, mother.Id, 2);
        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.Province("01"));
        HttpClient elsewhere = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.Province("79"));

        // Outside the jurisdiction: the same 404 as a request that does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.PostAsJsonAsync($"/api/staff/corrections/{ids[0]}/answer", new { decision = "accept", text = "x", purpose = "data-correction" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await steward.PostAsJsonAsync("/api/staff/corrections/999999/answer", new { decision = "accept", text = "x", purpose = "data-correction" })).StatusCode);
        // A refusal needs its reason; no purpose, no answer.
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.PostAsJsonAsync($"/api/staff/corrections/{ids[1]}/answer", new { decision = "refuse", text = "  ", purpose = "data-correction" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.PostAsJsonAsync($"/api/staff/corrections/{ids[1]}/answer", new { decision = "refuse", text = "Đúng theo CSDL dân cư" })).StatusCode);

        HttpResponseMessage accepted = await steward.PostAsJsonAsync($"/api/staff/corrections/{ids[0]}/answer",
            new { decision = "accept", text = "Đã sửa số lô mũi 2 thành ABV5678 tại điểm tiêm.", purpose = "data-correction" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("accepted", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        // Answered once: a second answer is refused and the first stands.
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.PostAsJsonAsync($"/api/staff/corrections/{ids[0]}/answer", new { decision = "refuse", text = "Không", purpose = "data-correction" })).StatusCode);

        // The page's form (antiforgery, the purpose carried) refuses the other one with its reason.
        string page = await steward.GetStringAsync("/can-bo/yeu-cau-sua?purpose=data-correction");
        Assert.Contains($"data-id=\"{ids[1]}\" data-status=\"open\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-id=\"{ids[0]}\"", page, StringComparison.Ordinal);
        var form = new FormUrlEncodedContent([new("id", ids[1].ToString(System.Globalization.CultureInfo.InvariantCulture)), new("decision", "refuse"),
            new("text", "Ngày sinh khớp với CSDL quốc gia về dân cư."), new("purpose", "data-correction"), new("__RequestVerificationToken", Token().Match(page).Groups[1].Value)]);
        HttpResponseMessage posted = await steward.PostAsync("/can-bo/yeu-cau-sua?handler=Answer", form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        string answered = await steward.GetStringAsync("/can-bo/yeu-cau-sua?purpose=data-correction&status=answered");
        Assert.Contains($"data-id=\"{ids[1]}\" data-status=\"refused\"", answered, StringComparison.Ordinal);
        Assert.Contains($"data-id=\"{ids[0]}\" data-status=\"accepted\"", answered, StringComparison.Ordinal);

        await using (PcCovidDbContext db = app.NewDbContext())
        {
            CorrectionRequest done = await db.CorrectionRequests.SingleAsync(r => r.Id == ids[0]);
            Assert.Equal(CorrectionStatus.Done, done.Status);
            Assert.Equal("Đã sửa số lô mũi 2 thành ABV5678 tại điểm tiêm.", done.Answer);
            Assert.NotNull(done.AnsweredByAccountId);
            Assert.Equal(CorrectionStatus.Refused, (await db.CorrectionRequests.SingleAsync(r => r.Id == ids[1])).Status);
            Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "correction.answered" && a.SubjectPersonId == mother.Id && a.Purpose == "data-correction"));
        }

        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, mother);
        string myData = await citizen.GetStringAsync("/toi/du-lieu");
        Assert.Contains($"data-id=\"{ids[0]}\" data-status=\"accepted\"", myData, StringComparison.Ordinal);
        Assert.Contains("Đã sửa số lô mũi 2 thành ABV5678 tại điểm tiêm.", myData, StringComparison.Ordinal);
        Assert.Contains($"data-id=\"{ids[1]}\" data-status=\"refused\"", myData, StringComparison.Ordinal);
        Assert.Contains("Ngày sinh khớp với CSDL quốc gia về dân cư.", myData, StringComparison.Ordinal);
    }

    [Theory, BothProviders]
    public async Task Demo_HasOneOpenRequestForTheDataSteward(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, demoPeople: 400);
        await using PcCovidDbContext db = app.NewDbContext();
        CorrectionRequest open = await db.CorrectionRequests.SingleAsync();
        Assert.Equal(CorrectionStatus.Open, open.Status);
        long citizen = (await db.Accounts.Where(a => a.Kind == AccountKind.Citizen && a.PersonId != null).OrderBy(a => a.CreatedAtUtc).Select(a => a.PersonId).FirstAsync())!.Value;
        Assert.Equal(citizen, open.PersonId);

        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.National);
        Assert.Equal([open.Id], Ids(await steward.GetFromJsonAsync<JsonElement>("/api/staff/corrections?purpose=data-correction")));
    }

    private static async Task<long[]> AddRequestsAsync(PcCovidAppFactory app, long personId, int count)
    {
        await using PcCovidDbContext db = app.NewDbContext();
        var requests = Enumerable.Range(1, count)
            .Select(i => CorrectionRequest.Open(personId, personId, "identity", $"Sửa giúp tôi điều số {i}", TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-10 + i))).ToList();
        foreach (CorrectionRequest request in requests)
        {
            db.CorrectionRequests.Add(request);
            await db.SaveChangesAsync();
        }

        return requests.Select(r => r.Id).ToArray();
    }

    private static List<long> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
