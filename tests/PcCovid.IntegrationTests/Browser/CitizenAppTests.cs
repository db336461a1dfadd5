using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PcCovid.Data;
using PcCovid.Domain.Declarations;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.CheckIns;

namespace PcCovid.IntegrationTests.Browser;

/// <summary>
/// The citizen app in Chromium at phone size, against the app on a real port: the card and its rotating
/// QR, a declaration for a dependant (with a field error first), check-in by typed code and by a photo of
/// the poster (decoded by the vendored jsQR), the offline queue, the certificate PNG, the symptom
/// check-in, and English on one page.
/// </summary>
public sealed partial class CitizenAppTests
{
    private static readonly Dictionary<string, string?> s_settings = new(BrowserSession.Settings)
    {
        // A short-lived personal QR so the page fetches the next one within the test (refresh = 10 s).
        ["CheckIns:PersonalQrLifetime"] = "00:00:40",
    };

    [Fact]
    public async Task Home_ShowsTheCardWithAQrThatRotates_AndSpeaksEnglishOnTheSwitch()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, s_settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        (TestPerson mother, _) = await CitizenAppWorld.AddFamilyAsync(app, "+84987100001");
        await CitizenAppWorld.AddDosesAsync(app, browser.BaseUrl, mother);
        IPage page = browser.Page;

        await CitizenAppWorld.SignInAsync(page, app, mother);
        // The colour follows the rule in force for two doses (the card feature decides which); the page names it in Vietnamese.
        string colour = (await page.GetAttributeAsync("#card", "data-colour"))!;
        Assert.Equal(CardColourIn(colour, english: false), (await page.TextContentAsync("#card .card-colour"))!.Trim());
        string first = (await page.GetAttributeAsync("#qr-image", "data-payload"))!;
        Assert.StartsWith("PCP1:", first, StringComparison.Ordinal);
        Assert.StartsWith("data:image/png;base64,", await page.GetAttributeAsync("#qr-image", "src"), StringComparison.Ordinal);

        // The script fetches the next code before this one expires, without reloading the page.
        await page.WaitForFunctionAsync("first => document.getElementById('qr-image').dataset.payload !== first", first, new PageWaitForFunctionOptions { Timeout = 30_000 });
        string second = (await page.GetAttributeAsync("#qr-image", "data-payload"))!;
        Assert.StartsWith("PCP1:", second, StringComparison.Ordinal);
        Assert.NotEqual(first, second);

        await page.ClickAsync("#language-switch");
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'en'");
        Assert.Equal(CardColourIn(colour, english: true), (await page.TextContentAsync("#card .card-colour"))!.Trim());
        Assert.Contains("My data", await page.TextContentAsync(".me-nav"), StringComparison.Ordinal);
        Assert.Contains("Whose data", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declaration_ForADependant_ShowsErrorsNextToTheFields_ThenIsSaved()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        (TestPerson mother, TestPerson child) = await CitizenAppWorld.AddFamilyAsync(app, "+84987100002");
        IPage page = browser.Page;
        await CitizenAppWorld.SignInAsync(page, app, mother);

        await page.GotoAsync("/toi/khai-bao?loai=entry");
        await page.SelectOptionAsync("#person", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#declaration-form button[type=submit]");
        await page.WaitForSelectorAsync("#declaration-errors");
        Assert.Equal("Cần xác nhận cam kết trước khi gửi.", (await page.TextContentAsync("#error-consent"))!.Trim());
        Assert.Equal("Chọn phương tiện.", (await page.TextContentAsync("#error-mode"))!.Trim());
        Assert.NotNull(await page.QuerySelectorAsync("#error-from-country"));
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(0, await db.HealthDeclarations.CountAsync());
        }

        // The dependant chosen is kept on the form with the errors.
        Assert.Equal(child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.InputValueAsync("#person"));
        await page.SelectOptionAsync("#mode", "flight");
        await page.FillAsync("#vehicle", "VN417");
        await page.FillAsync("#departure", "2021-12-01");
        await page.FillAsync("#arrival", "2021-12-02");
        await page.FillAsync("#from-country", "KOR");
        await page.CheckAsync("input[name='Form.Symptoms'][value=fever]");
        await page.CheckAsync("#consent");
        await page.ClickAsync("#declaration-form button[type=submit]");
        await page.WaitForSelectorAsync("#declaration-saved");
        Assert.Contains("Trạm y tế sẽ liên hệ", await page.TextContentAsync("#declaration-saved"), StringComparison.Ordinal);

        await using (PcCovidDbContext db = app.NewDbContext())
        {
            HealthDeclaration saved = await db.HealthDeclarations.SingleAsync();
            Assert.Equal(child.Id, saved.PersonId);
            Assert.Equal(mother.Id, saved.DeclaredByPersonId);
            Assert.Equal(DeclarationKind.Entry, saved.Kind);
            Assert.Equal(["fever"], saved.SymptomList);
            Assert.Equal("KOR", saved.FromCountry);
            Assert.True(saved.NeedsFollowUp);
        }
    }

    [Fact]
    public async Task CheckIn_ByTheTypedCode_AndByAPhotoOfThePosterDecodedInTheBrowser()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        (TestPerson mother, _) = await CitizenAppWorld.AddFamilyAsync(app, "+84987100003");
        (long market, string marketPoster) = await CitizenAppWorld.AddVenueAsync(app, mother, "Chợ Hôm");
        (long school, string schoolPoster) = await CitizenAppWorld.AddVenueAsync(app, mother, "Trường Kim Đồng");
        IPage page = browser.Page;
        await CitizenAppWorld.SignInAsync(page, app, mother);

        await page.GotoAsync("/toi/check-in");
        await page.FillAsync("#venue-code", marketPoster);
        await page.ClickAsync("#check-in-form button[type=submit]");
        await page.WaitForSelectorAsync("#check-ins li:has-text('Chợ Hôm')");

        // The photo path: a PNG of the other poster, read by jsQR in the page.
        string photo = Path.Combine(Path.GetTempPath(), $"poster-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(photo, VenuePoster.Png(schoolPoster));
        try
        {
            await page.SetInputFilesAsync("#scan-file", photo);
            await page.WaitForSelectorAsync("#check-ins li:has-text('Trường Kim Đồng')");
        }
        finally
        {
            File.Delete(photo);
        }

        var venues = (await app.Services.GetRequiredService<PcCovid.Data.CheckIns.ICheckInStore>()
            .OfPersonAsync(mother.Id, TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1), TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(1), CancellationToken.None)).Select(c => c.VenueId).Order().ToList();
        Assert.Equal(new[] { market, school }.Order(), venues);

        // A photo without a venue code says so and stores nothing.
        string other = Path.Combine(Path.GetTempPath(), $"not-a-poster-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(other, VenuePoster.Png("https://example.invalid/"));
        try
        {
            await page.SetInputFilesAsync("#scan-file", other);
            await page.WaitForSelectorAsync("#scan-problem:not([hidden])");
        }
        finally
        {
            File.Delete(other);
        }

        Assert.Equal(2, await CitizenAppWorld.CheckInCountAsync(app, mother.Id));
    }

    [Fact]
    public async Task Offline_ACheckInWaitsInTheQueue_AndIsStoredExactlyOnceWhenTheNetworkIsBack()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        (TestPerson mother, _) = await CitizenAppWorld.AddFamilyAsync(app, "+84987100004");
        (_, string poster) = await CitizenAppWorld.AddVenueAsync(app, mother, "Siêu thị Mini");
        IPage page = browser.Page;
        await CitizenAppWorld.SignInAsync(page, app, mother);
        await page.GotoAsync("/toi/check-in");
        await page.WaitForFunctionAsync("() => !!window.PcCovid");

        await browser.Context.SetOfflineAsync(true);
        await page.FillAsync("#venue-code", poster);
        await page.ClickAsync("#check-in-form button[type=submit]");
        await page.WaitForSelectorAsync("#queue:not([hidden])");
        Assert.Equal("1", (await page.TextContentAsync("#queue [data-queue-count]"))!.Trim());
        Assert.Contains("Chưa có mạng", await page.TextContentAsync("#check-in-result"), StringComparison.Ordinal);
        Assert.Equal(0, await CitizenAppWorld.CheckInCountAsync(app, mother.Id));

        await browser.Context.SetOfflineAsync(false);
        await page.WaitForSelectorAsync("#queue[hidden]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        Assert.Equal(1, await CitizenAppWorld.CheckInCountAsync(app, mother.Id));

        // Sending again (another flush, a reload) stores nothing more: the queue is empty and a re-sent key is a duplicate.
        await page.EvaluateAsync("() => window.PcCovid.flush()");
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#check-ins li");
        Assert.Equal(1, await CitizenAppWorld.CheckInCountAsync(app, mother.Id));
    }

    [Fact]
    public async Task Certificate_QrIsShownAndDownloadableAsAPng()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        (TestPerson mother, _) = await CitizenAppWorld.AddFamilyAsync(app, "+84987100005");
        await CitizenAppWorld.AddDosesAsync(app, browser.BaseUrl, mother);
        IPage page = browser.Page;
        await CitizenAppWorld.SignInAsync(page, app, mother);

        await page.GotoAsync("/toi/suc-khoe");
        Assert.NotNull(await page.QuerySelectorAsync("#certificate-vaccination img.qr-big"));
        Assert.Equal(2, (await page.QuerySelectorAllAsync("#doses tbody tr")).Count);
        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-vaccination"));
        Assert.Equal("chung-nhan-tiem-chung.png", download.SuggestedFilename);
        byte[] png = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.StartsWith("HC1:", PcCovid.Web.Features.Certificates.QrImageReader.TryRead(png), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quarantine_ShowsDaysLeft_AndTakesTheDailySymptomCheckIn()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        (TestPerson mother, _) = await CitizenAppWorld.AddFamilyAsync(app, "+84987100006");
        using HttpClient staff = await CitizenAppWorld.StaffClientAsync(app, browser.BaseUrl, PcCovid.Domain.Access.StaffRole.Epidemiologist, PcCovid.Domain.Access.AccessScope.Province("01"));
        DateOnly today = PcCovid.Domain.Common.VietnamTime.Today(TimeProvider.System);
        HttpResponseMessage issued = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(staff, "/api/staff/quarantine-orders",
            new { kind = "f0", citizenIds = new[] { mother.CitizenId }, positiveSampleOn = today.AddDays(-1), purpose = "quarantine-follow-up" });
        Assert.True(issued.StatusCode == System.Net.HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        IPage page = browser.Page;
        await CitizenAppWorld.SignInAsync(page, app, mother);

        await page.GotoAsync("/toi/canh-bao");
        string daysLeft = (await page.TextContentAsync("[id^=days-left-]"))!;
        Assert.Matches(DaysLeft(), daysLeft);
        Assert.Contains("ngày còn lại", daysLeft, StringComparison.Ordinal);
        await page.CheckAsync("form.symptoms input[value=fever]");
        await page.CheckAsync("form.symptoms input[value=cough]");
        await page.FillAsync("form.symptoms input[name=temperature]", "37,8");
        await page.ClickAsync("form.symptoms button[type=submit]");
        await page.WaitForSelectorAsync("#alerts-message");
        Assert.Contains("Đã gửi báo cáo", await page.TextContentAsync("#alerts-message"), StringComparison.Ordinal);
        string reports = (await page.TextContentAsync("ul.reports"))!;
        Assert.Contains("Sốt", reports, StringComparison.Ordinal);
        Assert.Contains("Ho", reports, StringComparison.Ordinal);
        Assert.Contains("37,8 °C", reports, StringComparison.Ordinal);

        await using PcCovidDbContext db = app.NewDbContext();
        var report = await db.SymptomCheckIns.SingleAsync();
        Assert.Equal(37.8m, report.TemperatureCelsius);
        Assert.Equal(today, report.Day);
    }

    private static string CardColourIn(string colour, bool english) => colour switch
    {
        "green" => english ? "Green" : "Xanh",
        "yellow" => english ? "Yellow" : "Vàng",
        "red" => english ? "Red" : "Đỏ",
        "pale-green" => english ? "Pale green" : "Xanh nhạt",
        _ => colour,
    };

    [GeneratedRegex(@"\d+")]
    private static partial Regex DaysLeft();
}
