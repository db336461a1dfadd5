using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.People;
using PcCovid.IntegrationTests.Browser;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.CitizenApp;

/// <summary>The citizen pages as a browser without script uses them (forms, antiforgery, redirects), on both providers.</summary>
public sealed partial class CitizenPagesTests
{
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string handler, IEnumerable<KeyValuePair<string, string>> fields)
    {
        string html = await client.GetStringAsync(page);
        string token = Token().Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the page has no antiforgery token");
        var form = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", token) };
        string separator = page.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return await client.PostAsync(handler.Length == 0 ? page : $"{page}{separator}handler={handler}", new FormUrlEncodedContent(form));
    }

    [Theory, BothProviders]
    public async Task MyData_ShowsWhereEachFactCameFrom_AndStoresACorrectionRequest(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        (TestPerson mother, _) = await CitizenAppWorld.AddFamilyAsync(app, "+84987200001");
        HttpClient client = await TestAccounts.SignInCitizenAsync(app, mother);

        string page = await client.GetStringAsync("/toi/du-lieu");
        Assert.Contains("id=\"held-facts\"", page, StringComparison.Ordinal);
        Assert.Contains("dan-cu", page, StringComparison.Ordinal);

        HttpResponseMessage empty = await PostFormAsync(client, "/toi/du-lieu", "Correction", [new("about", "identity"), new("text", "   ")]);
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        HttpResponseMessage saved = await PostFormAsync(client, "/toi/du-lieu", "Correction", [new("about", "identity"), new("text", "Ngày sinh đúng là 03/05/1988")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        await using (PcCovidDbContext db = app.NewDbContext())
        {
            CorrectionRequest request = await db.CorrectionRequests.SingleAsync();
            Assert.Equal(mother.Id, request.PersonId);
            Assert.Equal(mother.Id, request.RequestedByPersonId);
            Assert.Equal("identity", request.About);
            Assert.Equal("Ngày sinh đúng là 03/05/1988", request.Text);
            Assert.Equal(CorrectionStatus.Open, request.Status);
        }

        Assert.Contains("Ngày sinh đúng là 03/05/1988", await client.GetStringAsync("/toi/du-lieu"), StringComparison.Ordinal);
    }

    [Theory, BothProviders]
    public async Task Declarations_WithoutTheCommitment_AreRefusedNextToTheField_AndWithItAreStored(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        (TestPerson mother, TestPerson child) = await CitizenAppWorld.AddFamilyAsync(app, "+84987200002");
        HttpClient client = await TestAccounts.SignInCitizenAsync(app, mother);
        string person = child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        HttpResponseMessage refused = await PostFormAsync(client, "/toi/khai-bao?loai=domestic-movement", "",
            [new("loai", "domestic-movement"), new("Form.PersonId", person), new("Form.Mode", "bus"), new("Form.DepartureDate", "2021-11-02"), new("Form.ArrivalDate", "2021-11-01")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        string html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"error-consent\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"error-arrival\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"error-from-province\"", html, StringComparison.Ordinal);

        HttpResponseMessage stored = await PostFormAsync(client, "/toi/khai-bao?loai=domestic-movement", "",
            [new("loai", "domestic-movement"), new("Form.PersonId", person), new("Form.Mode", "bus"), new("Form.DepartureDate", "2021-11-01"), new("Form.ArrivalDate", "2021-11-02"),
             new("Form.FromProvince", "79"), new("Form.Consent", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, stored.StatusCode);
        await using PcCovidDbContext db = app.NewDbContext();
        var declaration = await db.HealthDeclarations.SingleAsync();
        Assert.Equal(child.Id, declaration.PersonId);
        Assert.Equal("79", declaration.FromProvinceCode);
        Assert.False(declaration.NeedsFollowUp);
    }

    [Theory, BothProviders]
    public async Task CheckInPage_WithoutScript_StoresTheTypedCode_AndChecksOut(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        (TestPerson mother, _) = await CitizenAppWorld.AddFamilyAsync(app, "+84987200003");
        (_, string poster) = await CitizenAppWorld.AddVenueAsync(app, mother, "Chợ Bưởi");
        HttpClient client = await TestAccounts.SignInCitizenAsync(app, mother);

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, "/toi/check-in", "CheckIn", [new("venueCode", poster)])).StatusCode);
        string page = await client.GetStringAsync("/toi/check-in");
        Assert.Contains("Chợ Bưởi", page, StringComparison.Ordinal);
        Assert.Equal(1, await CitizenAppWorld.CheckInCountAsync(app, mother.Id));

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, "/toi/check-in", "CheckIn", [new("venueCode", "PCV1:1:zz:forged")])).StatusCode);
        Assert.Contains("không hợp lệ", await client.GetStringAsync("/toi/check-in"), StringComparison.Ordinal);
        Assert.Equal(1, await CitizenAppWorld.CheckInCountAsync(app, mother.Id));

        string id = CheckInId().Match(page).Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, "/toi/check-in", "CheckOut", [new("checkInId", id)])).StatusCode);
        var stored = await app.Services.GetRequiredService<PcCovid.Data.CheckIns.ICheckInStore>().OfPersonAsync(mother.Id, TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1), TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(1), CancellationToken.None);
        Assert.NotNull(Assert.Single(stored).CheckedOutAtUtc);
    }

    [Theory, BothProviders]
    public async Task Demo_TheDemoCitizenFindsACardQrCertificateAlertCheckInsAndAClaim(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, demoPeople: 400);
        string phone;
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            phone = (await db.Accounts.Where(a => a.Kind == AccountKind.Citizen && a.PersonId != null).OrderBy(a => a.CreatedAtUtc).Select(a => a.PhoneNumber).FirstAsync())!;
        }

        HttpClient client = TestAccounts.NewClient(app);
        Assert.Equal(HttpStatusCode.Accepted, (await TestAccounts.RequestCodeAsync(client, phone)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TestAccounts.SendCodeAsync(client, phone, TestAccounts.LastCodeTo(app, phone))).StatusCode);

        string home = await client.GetStringAsync("/toi");
        Assert.Contains("id=\"card\"", home, StringComparison.Ordinal);
        Assert.Contains("id=\"qr-image\"", home, StringComparison.Ordinal);
        Assert.Contains("id=\"certificate-vaccination\"", await client.GetStringAsync("/toi/suc-khoe"), StringComparison.Ordinal);
        string alerts = await client.GetStringAsync("/toi/canh-bao");
        Assert.True(alerts.Contains("class=\"alert\"", StringComparison.Ordinal), string.Join("\n", app.Logs.Lines.Where(l => l.Contains("Demo", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Warn", StringComparison.Ordinal))));
        Assert.Matches("<li data-id=", await client.GetStringAsync("/toi/check-in"));
        Assert.Matches("name=\"claimId\"", await client.GetStringAsync("/toi/du-lieu"));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<li data-id=\"([^\"]+)\"")]
    private static partial Regex CheckInId();
}
