using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.People;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.CheckIns;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Browser;

/// <summary>What the citizen-app tests share: a mother with a child in her household, signed in through the pages, and approved venues with their posters.</summary>
internal static class CitizenAppWorld
{
    public static async Task<(TestPerson Mother, TestPerson Child)> AddFamilyAsync(PcCovidAppFactory app, string phone)
    {
        var people = new TestPeople(app);
        string household = "00100" + phone[^8..];
        TestPerson mother = await people.AddAsync(new DateOnly(1988, 5, 2), Sex.Female, phone: phone, household: household, name: "Trần Thị Mẹ");
        TestPerson child = await people.AddAsync(new DateOnly(2016, 9, 1), Sex.Male, household: household, relation: HouseholdRelation.Child, name: "Trần Văn Con");
        await using PcCovidDbContext db = app.NewDbContext();
        db.Guardianships.Add(Guardianship.Grant(mother.Id, child.Id, GuardianshipBasis.HouseholdMinor, TimeProvider.System.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
        return (mother, child);
    }

    /// <summary>Signs in through the pages as people do: phone, the texted code, then the first-time identity check.</summary>
    public static async Task SignInAsync(IPage page, PcCovidAppFactory app, TestPerson person)
    {
        await page.GotoAsync("/dang-nhap");
        await page.FillAsync("#phone", "0" + person.Phone![3..]);
        await page.ClickAsync("main button[type=submit]");
        await page.ArriveAtAsync("/dang-nhap/ma");
        await page.FillAsync("#code", TestAccounts.LastCodeTo(app, person.Phone!));
        await page.ClickAsync("main button[type=submit]");
        await page.ArriveAtAsync("/dang-nhap/xac-nhan");
        await page.FillAsync("#citizenId", person.CitizenId);
        await page.FillAsync("#birthDate", person.BirthDate);
        await page.ClickAsync("main button[type=submit]");
        await page.ArriveAtAsync("/toi");
    }

    /// <summary>An approved venue in the person's commune and its signed poster payload.</summary>
    public static async Task<(long VenueId, string Poster)> AddVenueAsync(PcCovidAppFactory app, TestPerson near, string name)
    {
        long facility = await TestAccounts.AddFacilityAsync(app, FacilityKind.Venue, near.CommuneCode);
        long id;
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            var catalog = app.Services.GetRequiredService<ReferenceData>().Catalog;
            var venue = Venue.Register(facility, name, VenueKind.Market, near.CommuneCode, "1 Phố Thử", null, null, catalog, TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1));
            venue.Approve(Guid.Empty, TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1));
            db.Venues.Add(venue);
            await db.SaveChangesAsync();
            id = venue.Id;
        }

        string poster = await app.InScopeAsync(services => services.GetRequiredService<VenuePoster>().PayloadAsync(id, CancellationToken.None));
        return (id, poster);
    }

    /// <summary>
    /// A staff member signed in with both factors over the real port (once the browser session has started
    /// Kestrel, the factory's in-memory clients no longer reach the app).
    /// </summary>
    public static async Task<HttpClient> StaffClientAsync(PcCovidAppFactory app, string baseUrl, StaffRole role, AccessScope scope)
    {
        string userName = await TestAccounts.CreateStaffAsync(app, role, scope);
#pragma warning disable CA2000 // the client owns its handler
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new System.Net.CookieContainer() }, disposeHandler: true) { BaseAddress = new Uri(baseUrl) };
#pragma warning restore CA2000
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/staff/sign-in", new { userName, password = TestAccounts.StaffPassword })).StatusCode);
        System.Text.Json.JsonElement setup = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/staff/authenticator");
        string code = TestAccounts.CurrentTotp(setup.GetProperty("sharedKey").GetString()!);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/staff/authenticator", new { code })).StatusCode);
        return client;
    }

    /// <summary>Two doses recorded by a vaccination site (so the card is green and a certificate exists).</summary>
    public static async Task AddDosesAsync(PcCovidAppFactory app, string baseUrl, TestPerson person)
    {
        long site = await TestAccounts.AddFacilityAsync(app, FacilityKind.VaccinationSite, person.CommuneCode);
        using HttpClient staff = await StaffClientAsync(app, baseUrl, StaffRole.VaccinationSite, AccessScope.Facility(site));
        foreach ((int dose, string on) in new[] { (1, "2021-07-01"), (2, "2021-08-05") })
        {
            HttpResponseMessage recorded = await staff.PostAsJsonAsync("/api/vaccination/doses", new { citizenId = person.CitizenId, doseNumber = dose, vaccine = "AstraZeneca", lot = "ABV1234", administeredOn = on });
            Assert.Equal(System.Net.HttpStatusCode.Created, recorded.StatusCode);
        }
    }

    public static async Task<long> CheckInCountAsync(PcCovidAppFactory app, long personId) =>
        (await app.Services.GetRequiredService<PcCovid.Data.CheckIns.ICheckInStore>().OfPersonAsync(personId, TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1), TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(1), CancellationToken.None)).Count;
}
