using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Declarations;

public sealed class DeclarationsTests
{
    [Theory, BothProviders]
    public async Task ADeclarationWithSymptoms_PutsThePersonOnTheirCommunesFollowUpList_ImpossibleDatesSaveNothing_AndOthersAreRefused(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson citizen = await people.AddAsync(new DateOnly(1988, 5, 6), phone: "+84912000333", name: "Đỗ Thị Lan");
        TestPerson stranger = await people.AddAsync(new DateOnly(1960, 1, 1), name: "Người Lạ");
        HttpClient client = await TestAccounts.SignInCitizenAsync(app, citizen);

        HttpResponseMessage created = await client.PostAsJsonAsync("/api/me/declarations", new
        {
            kind = "domestic",
            symptoms = new[] { "fever", "cough" },
            exposures = new[] { "contact-with-case" },
            underlyingConditions = new[] { "diabetes" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        HttpResponseMessage movement = await client.PostAsJsonAsync("/api/me/declarations", new
        {
            kind = "domestic-movement",
            travel = new { mode = "bus", vehicleNumber = "29B-12345", departureDate = "2021-10-02", arrivalDate = "2021-10-02", fromProvinceCode = "79" },
        });
        Assert.Equal(HttpStatusCode.Created, movement.StatusCode);

        // Impossible input: an arrival before the departure, a port of entry on a domestic form, an unknown symptom,
        // a contact commune outside its district, someone who is not a dependant.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/me/declarations", new
        {
            kind = "entry",
            travel = new { mode = "flight", departureDate = "2021-10-05", arrivalDate = "2021-10-02", fromCountry = "KOR", portOfEntry = "SGN" },
        })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/me/declarations", new
        {
            kind = "domestic-movement",
            travel = new { mode = "car", departureDate = "2021-10-05", portOfEntry = "SGN" },
        })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/me/declarations", new { kind = "domestic", symptoms = new[] { "sneezing" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/me/declarations", new
        {
            kind = "domestic",
            address = new { provinceCode = "79", districtCode = citizen.DistrictCode, communeCode = citizen.CommuneCode },
        })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/me/declarations", new { personId = stranger.Id, kind = "domestic" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/me/declarations?personId={stranger.Id}")).StatusCode);

        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(2, await db.HealthDeclarations.CountAsync());
            Assert.Equal(1, await db.FollowUpEntries.CountAsync());
        }

        // The citizen's list, newest first, by key.
        JsonElement page = await client.GetFromJsonAsync<JsonElement>("/api/me/declarations?limit=1");
        Assert.Equal("domestic-movement", page.GetProperty("items")[0].GetProperty("kind").GetString());
        string next = page.GetProperty("next").GetString()!;
        JsonElement second = await client.GetFromJsonAsync<JsonElement>("/api/me/declarations" + next);
        JsonElement first = second.GetProperty("items")[0];
        Assert.Equal(["cough", "fever"], first.GetProperty("symptoms").EnumerateArray().Select(s => s.GetString()));
        Assert.True(first.GetProperty("needsFollowUp").GetBoolean());
        Assert.Equal("pccovid", first.GetProperty("sourceSystem").GetString());

        // The local CDC: its commune's list with a purpose, audited; another province sees nothing.
        HttpClient cdc = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.Province("01"));
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.GetAsync($"/api/staff/follow-up?commune={citizen.CommuneCode}")).StatusCode);
        JsonElement list = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/follow-up?commune={citizen.CommuneCode}&purpose=quarantine-follow-up");
        JsonElement entry = Assert.Single(list.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal(citizen.Id, entry.GetProperty("personId").GetInt64());
        Assert.Contains("fever", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
        HttpClient elsewhere = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.Province("79"));
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.GetAsync($"/api/staff/follow-up?commune={citizen.CommuneCode}&purpose=quarantine-follow-up")).StatusCode);
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "follow-up.read" && a.SubjectPersonId == citizen.Id));
        }
    }
}
