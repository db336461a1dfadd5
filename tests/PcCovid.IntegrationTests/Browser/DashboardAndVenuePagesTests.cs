using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Access;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Cases;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Risk;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.CheckIns;
using PcCovid.Web.Features.Dashboards;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Browser;

/// <summary>
/// The public dashboard and the venue operator's pages in Chromium: the levels map of the 63 provinces and the
/// charts; a venue registered through the form; the scanner showing name and colour for a personal QR typed in,
/// and an offline scan queued in the browser and sent exactly once when the network is back.
/// </summary>
public sealed class DashboardAndVenuePagesTests
{
    [Fact]
    public async Task PublicDashboard_ShowsThe63ProvincesColouredByLevel_AndDrawsTheCharts()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        AdministrativeCatalog catalog = app.Services.GetRequiredService<ReferenceData>().Catalog;
        var monday = new DateOnly(2022, 2, 7);
        var expectedLevels = new Dictionary<string, int>(StringComparer.Ordinal);
        var people = new TestPeople(app);
        var sick = new List<TestPerson>();
        for (int i = 0; i < 6; i++)
        {
            sick.Add(await people.AddAsync(new DateOnly(1985, 3, 1 + i)));
        }

        await using (PcCovidDbContext db = app.NewDbContext())
        {
            int i = 0;
            foreach (ProvinceInfo province in catalog.Provinces)
            {
                int level = (i++ % 4) + 1;
                expectedLevels[province.Unit.Code] = level;
                var inputs = new RiskInputs(100_000, 10, null, null, 80_000, 60_000, 10_000, 8_000, null);
                db.RiskLevels.Add(RiskLevel.Record(province.Unit.Code, AdministrativeLevel.Province, province.Unit.Code, null, monday, inputs,
                    new RiskResult(level, level, "test", 10, 75, 80, "QD218-2022-01-27", ["test"]), TimeProvider.System.GetUtcNow().UtcDateTime));
            }

            // Six cases yesterday (Vietnam time): one bar of the national chart, above the "<5" threshold.
            DateTime yesterday = VietnamTime.StartOfDayUtc(VietnamTime.Today(TimeProvider.System).AddDays(-1)).AddHours(3);
            foreach ((TestPerson person, int n) in sick.Select((p, n) => (p, n)))
            {
                db.Cases.Add(Case.OpenFromResult(person.Id, n + 1, yesterday, TimeProvider.System.GetUtcNow().UtcDateTime));
            }

            await db.SaveChangesAsync();
        }

        await using (AsyncServiceScope scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<FoldDailyCounts>().HandleAsync(immediate: true, CancellationToken.None);
        }

        IPage page = browser.Page;
        await page.GotoAsync("/");
        IReadOnlyList<IElementHandle> tiles = await page.QuerySelectorAllAsync("#levels-map g.tile");
        Assert.Equal(63, tiles.Count);
        var legendColours = new Dictionary<int, string>();
        foreach (IElementHandle item in await page.QuerySelectorAllAsync("#levels-legend li"))
        {
            legendColours[int.Parse((await item.GetAttributeAsync("data-level"))!, System.Globalization.CultureInfo.InvariantCulture)] =
                (await (await item.QuerySelectorAsync("rect"))!.GetAttributeAsync("fill"))!;
        }

        Assert.Equal(5, legendColours.Count);
        Assert.Equal(4, legendColours.Where(c => c.Key > 0).Select(c => c.Value).Distinct().Count());
        foreach (IElementHandle tile in tiles)
        {
            string code = (await tile.GetAttributeAsync("data-province"))!;
            int level = int.Parse((await tile.GetAttributeAsync("data-level"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expectedLevels[code], level);
            Assert.Equal(legendColours[level], await (await tile.QuerySelectorAsync("rect"))!.GetAttributeAsync("fill"));
        }

        // The cases chart: one bar per day of the eight weeks, yesterday's drawn.
        IReadOnlyList<IElementHandle> bars = await page.QuerySelectorAllAsync("#chart-cases g.bars rect");
        Assert.Equal(PcCovid.Web.Pages.IndexModel.ChartDays, bars.Count);
        var heights = new List<double>();
        foreach (IElementHandle bar in bars)
        {
            heights.Add(double.Parse((await bar.GetAttributeAsync("height"))!, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.True(heights[^2] > 0, string.Join(", ", heights));
        Assert.Equal(0, heights[^1]);
        Assert.NotNull(await page.QuerySelectorAsync("#chart-tests svg"));
        Assert.NotNull(await page.QuerySelectorAsync("#chart-vaccination polyline"));

        await page.ClickAsync("#language-switch");
        await page.WaitForSelectorAsync("text=Epidemic levels by province");
        Assert.Contains("New cases per day", await page.TextContentAsync("#chart-cases figcaption"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VenueOperator_RegistersAVenue_ScannerShowsNameAndColour_AndAnOfflineScanIsSyncedOnce()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        var people = new TestPeople(app);
        TestPerson first = await people.AddAsync(new DateOnly(1990, 4, 4), name: "Phạm Thị Khách");
        TestPerson second = await people.AddAsync(new DateOnly(1991, 5, 5), name: "Đỗ Văn Vãng Lai");
        long facility = await TestAccounts.AddFacilityAsync(app, FacilityKind.Venue, first.CommuneCode);
        string userName = await TestAccounts.CreateStaffAsync(app, StaffRole.VenueOperator, AccessScope.Facility(facility));
        await SignInStaffAsync(browser, userName);

        IPage page = browser.Page;
        await page.GotoAsync("/diem-den");
        await page.ClickAsync("#register-venue");
        await page.ArriveAtAsync("/diem-den/dang-ky");
        await page.FillAsync("#name", "Chợ Thử Nghiệm");
        await page.SelectOptionAsync("#kind", "cho");
        Assert.Equal(first.CommuneCode, await page.InputValueAsync("#commune"));
        await page.FillAsync("#address", "12 Phố Chợ");
        await page.FillAsync("#latitude", "21,0285");
        await page.FillAsync("#longitude", "105.8542");
        await page.ClickAsync("#venue-submit");
        await page.ArriveAtAsync("/diem-den");
        IElementHandle row = (await page.QuerySelectorAsync("#venues tbody tr"))!;
        Assert.Equal("pending", await row.GetAttributeAsync("data-status"));
        Assert.Contains("Chợ Thử Nghiệm", await row.TextContentAsync(), StringComparison.Ordinal);
        long venueId = long.Parse((await row.GetAttributeAsync("data-venue-id"))!, System.Globalization.CultureInfo.InvariantCulture);
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            Venue stored = await db.Venues.SingleAsync(v => v.Id == venueId);
            Assert.Equal(21.0285, stored.Latitude!.Value, 6);
        }

        await using (AsyncServiceScope scope = app.Services.CreateAsyncScope())
        {
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<VenueRegistry>().DecideAsync(venueId, approve: true, AccessScope.National, Guid.Empty, CancellationToken.None));
        }

        await page.ReloadAsync();
        await page.ClickAsync(".open-scanner");
        await page.WaitForSelectorAsync("#scanner[data-ready=true]");

        // Online: typed in (the camera's fallback), verified on the page, checked in at once.
        (string payload, string name, string colour) = await PersonalQrAsync(app, first.Id);
        Assert.Equal("Phạm Thị Khách", name);
        await page.FillAsync("#manual-qr", payload);
        await page.ClickAsync("#manual button");
        await page.WaitForFunctionAsync("() => document.getElementById('synced-count').textContent === '1'");
        Assert.Equal(name, await page.TextContentAsync("#scan-name"));
        Assert.Equal(colour, await page.GetAttributeAsync("#scan-result", "data-colour"));

        // A forged code: refused on the page, nothing queued.
        await page.FillAsync("#manual-qr", payload[..^4] + (payload.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));
        await page.ClickAsync("#manual button");
        await page.WaitForFunctionAsync("() => document.getElementById('scan-result').dataset.error === 'invalid'");

        // Offline: verified with the cached key, queued in IndexedDB, sent once when the network is back.
        await browser.Context.SetOfflineAsync(true);
        (string offlinePayload, string offlineName, string offlineColour) = await PersonalQrAsync(app, second.Id);
        await page.FillAsync("#manual-qr", offlinePayload);
        await page.ClickAsync("#manual button");
        await page.WaitForFunctionAsync("() => document.getElementById('queue-count').textContent === '1'");
        Assert.Equal(offlineName, await page.TextContentAsync("#scan-name"));
        Assert.Equal(offlineColour, await page.GetAttributeAsync("#scan-result", "data-colour"));
        ICheckInStore store = app.Services.GetRequiredService<ICheckInStore>();
        Assert.Equal(1, await store.CountAsync(CancellationToken.None));

        await browser.Context.SetOfflineAsync(false);
        await page.WaitForFunctionAsync("() => document.getElementById('queue-count').textContent === '0' && document.getElementById('synced-count').textContent === '2'");
        // A reload finds an empty queue: nothing is sent twice.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#scanner[data-ready=true]");
        await page.WaitForFunctionAsync("() => document.getElementById('queue-count').textContent === '0'");
        IReadOnlyList<CheckIn> here = await store.AtVenueAsync(venueId, TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-1), TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(1), CancellationToken.None);
        Assert.Equal(2, here.Count);
        Assert.Equal(1, here.Count(c => c.PersonId == second.Id));
        Assert.All(here, c => Assert.Equal(CheckInMethod.VenueScan, c.Method));
    }

    /// <summary>Signs a staff account in inside the browser's context (cookies shared with the page): password, then an authenticator.</summary>
    private static async Task SignInStaffAsync(BrowserSession browser, string userName)
    {
        IAPIRequestContext api = browser.Context.APIRequest;
        IAPIResponse password = await api.PostAsync("/api/auth/staff/sign-in", new() { DataObject = new { userName, password = TestAccounts.StaffPassword } });
        Assert.True(password.Ok, await password.TextAsync());
        var setup = (await (await api.GetAsync("/api/auth/staff/authenticator")).JsonAsync())!.Value;
        string code = TestAccounts.CurrentTotp(setup.GetProperty("sharedKey").GetString()!);
        IAPIResponse enrolled = await api.PostAsync("/api/auth/staff/authenticator", new() { DataObject = new { code } });
        Assert.True(enrolled.Ok, await enrolled.TextAsync());
    }

    /// <summary>A person's current phone QR, and the name and colour it carries (what the scanner must show).</summary>
    private static async Task<(string Payload, string Name, string Colour)> PersonalQrAsync(PcCovidAppFactory app, long personId)
    {
        await using AsyncServiceScope scope = app.Services.CreateAsyncScope();
        PersonalQrResponse qr = (await scope.ServiceProvider.GetRequiredService<PersonalQr>().IssueAsync(personId, printed: false, CancellationToken.None))!;
        string body = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(qr.Payload.Split(':')[1])));
        string[] fields = body.Split('|');
        return (qr.Payload, fields[5], fields[4]);
    }

    private static string Pad(string base64Url)
    {
        string s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }
}
