using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.CheckIns;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Browser;

/// <summary>
/// Not a test: the screenshots of docs/screenshots (phone size, 390×844), taken from the demo as seeded on
/// first start and driven through the pages like the browser tests. Category "Screenshots", left out of
/// scripts/test and CI; run by <c>scripts/screenshots</c>, which sets <see cref="DirectoryVariable"/>.
/// </summary>
[Trait("Category", "Screenshots")]
public sealed class Screenshots
{
    public const string DirectoryVariable = "PCCOVID_SCREENSHOTS_DIR";

    [Fact]
    public async Task MainPagesAtPhoneSize()
    {
        string directory = Environment.GetEnvironmentVariable(DirectoryVariable)
            ?? throw new InvalidOperationException($"Set {DirectoryVariable} (scripts/screenshots does).");
        Directory.CreateDirectory(directory);
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, demoPeople: 400, settings: BrowserSession.Settings);
        // The venue scanner's camera films the demo citizen's phone: a video of their personal QR, written below.
        string video = Path.Combine(Path.GetTempPath(), $"citizen-qr-{Guid.NewGuid():N}.y4m");
        await using BrowserSession browser = await BrowserSession.StartAsync(app,
            ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", $"--use-file-for-fake-video-capture={video}"]);

        // The demo citizen, signed in by phone and the texted code (already linked to their person).
        string phone;
        long person, caseId, venueId, venueFacility;
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            var account = await db.Accounts.Where(a => a.Kind == AccountKind.Citizen && a.PersonId != null).OrderBy(a => a.CreatedAtUtc).Select(a => new { a.PhoneNumber, a.PersonId }).FirstAsync();
            (phone, person) = (account.PhoneNumber!, account.PersonId!.Value);
            caseId = await db.CaseContacts.GroupBy(c => c.CaseId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstAsync();
            var venue = await db.Venues.Where(v => v.Status == VenueStatus.Approved && v.FacilityId != null).OrderBy(v => v.Id).Select(v => new { v.Id, v.FacilityId }).FirstAsync();
            (venueId, venueFacility) = (venue.Id, venue.FacilityId!.Value);
        }

        IPage citizen = browser.Page;
        IAPIRequestContext api = browser.Context.APIRequest;
        Assert.True((await api.PostAsync("/api/auth/citizen/code", new() { DataObject = new { phone } })).Ok);
        Assert.True((await api.PostAsync("/api/auth/citizen/sign-in", new() { DataObject = new { phone, code = TestAccounts.LastCodeTo(app, phone) } })).Ok);
        await ShootAsync(citizen, "/toi", directory, "citizen-card.png");
        await ShootAsync(citizen, "/toi/check-in", directory, "check-in.png");
        await ShootAsync(citizen, "/toi/suc-khoe", directory, "certificates.png");
        await ShootAsync(citizen, "/toi/du-lieu", directory, "my-data.png");

        await using (IBrowserContext context = await StaffContextAsync(browser, app, StaffRole.VenueOperator, AccessScope.Facility(venueFacility)))
        {
            string qr = await app.InScopeAsync(async services =>
                (await services.GetRequiredService<PcCovid.Web.Features.CheckIns.PersonalQr>().IssueAsync(person, printed: false, CancellationToken.None))!.Payload);
            Y4mVideo.WriteQr(video, qr);
            await ShootAsync(await context.NewPageAsync(), $"/diem-den/{venueId}/quet", directory, "venue-scanner.png", "#scan-result:not([hidden])");
        }

        await using (IBrowserContext context = await StaffContextAsync(browser, app, StaffRole.Epidemiologist, AccessScope.National))
        {
            IPage staff = await context.NewPageAsync();
            await ShootAsync(staff, $"/can-bo/ca-benh/{caseId}?purpose=contact-tracing", directory, "case-graph.png", "#graph canvas");
        }

        await using (IBrowserContext context = await browser.Browser.NewContextAsync(PhoneContext(browser)))
        {
            await ShootAsync(await context.NewPageAsync(), "/", directory, "public-dashboard.png");
        }

        File.Delete(video);
        foreach (string file in Directory.GetFiles(directory, "*.png"))
        {
            Assert.True(new FileInfo(file).Length < 150 * 1024, $"{file} is over 150 KB");
        }
    }

    private static BrowserNewContextOptions PhoneContext(BrowserSession browser) => new()
    {
        Locale = "vi-VN",
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        BaseURL = browser.BaseUrl,
    };

    private static async Task<IBrowserContext> StaffContextAsync(BrowserSession browser, PcCovidAppFactory app, StaffRole role, AccessScope scope)
    {
        string userName = await TestAccounts.CreateStaffAsync(app, role, scope);
        IBrowserContext context = await browser.Browser.NewContextAsync(PhoneContext(browser));
        IAPIRequestContext api = context.APIRequest;
        Assert.True((await api.PostAsync("/api/auth/staff/sign-in", new() { DataObject = new { userName, password = TestAccounts.StaffPassword } })).Ok);
        var setup = (await (await api.GetAsync("/api/auth/staff/authenticator")).JsonAsync())!.Value;
        string code = TestAccounts.CurrentTotp(setup.GetProperty("sharedKey").GetString()!);
        Assert.True((await api.PostAsync("/api/auth/staff/authenticator", new() { DataObject = new { code } })).Ok);
        return context;
    }

    /// <summary>The viewport (what a phone shows first), once the page and its scripts have settled.</summary>
    private static async Task ShootAsync(IPage page, string path, string directory, string file, string? waitFor = null)
    {
        IResponse? response = await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.True(response is { Ok: true }, $"{path}: {response?.Status}");
        if (waitFor is not null)
        {
            await page.WaitForSelectorAsync(waitFor);
        }

        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, file), Type = ScreenshotType.Png });
    }
}
