using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Quarantine;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.IntegrationTests.StaffConsole;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Browser;

/// <summary>The staff console in Chromium: each role's key journey, as staff do it.</summary>
public sealed class StaffConsolePagesTests
{
    [Fact]
    public async Task Epidemiologist_StatesAPurpose_SeesTheCaseGraph_AndOrdersQuarantineForTwoF1s()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        // September 2021: the F1 rule in force then quarantines contacts (later rules only ask them to watch for symptoms).
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2021, 9, 20, 3, 0, 0, TimeSpan.Zero));
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings, clock);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        (long caseId, TestPerson patient, TestPerson[] contacts) = await StaffConsoleFixtures.CaseWithHouseholdAsync(app, "0010000000901");
        IPage page = browser.Page;
        await StaffConsoleFixtures.SignInAsync(app, page, StaffRole.Epidemiologist, AccessScope.District(patient.DistrictCode));
        Assert.NotNull(await page.QuerySelectorAsync("#staff-menu a[href='/can-bo/ca-benh']"));

        // Nothing personal before a purpose: the case page asks for one.
        await page.GotoAsync($"/can-bo/ca-benh/{caseId}");
        Assert.NotNull(await page.QuerySelectorAsync("#purpose-required"));
        Assert.Null(await page.QuerySelectorAsync("#graph"));

        await page.SelectOptionAsync("#purpose", "contact-tracing");
        await page.ClickAsync("#purpose-form button");
        await page.WaitForSelectorAsync("#graph[data-nodes]");
        // The case and its two household F1s are drawn, linked by two edges.
        Assert.Equal("3", await page.GetAttributeAsync("#graph", "data-nodes"));
        Assert.Equal("2", await page.GetAttributeAsync("#graph", "data-edges"));
        Assert.NotNull(await page.QuerySelectorAsync("#graph canvas"));
        Assert.Contains("household", await page.TextContentAsync("#contacts"), StringComparison.Ordinal);

        // Bulk order: both F1s selected, one submit.
        foreach (ILocator box in await page.Locator("#contacts input[name=PersonIds]").AllAsync())
        {
            await box.CheckAsync();
        }

        await page.ClickAsync("#issue-orders");
        await page.WaitForSelectorAsync("#order-result");
        Assert.True((await page.TextContentAsync("#order-result"))!.Contains(" 2 ", StringComparison.Ordinal), await page.TextContentAsync("main"));
        using (PcCovidDbContext db = app.NewDbContext())
        {
            List<long> ids = [.. contacts.Select(c => c.Id)];
            Assert.Equal(2, await db.QuarantineOrders.CountAsync(o => ids.Contains(o.PersonId) && o.Kind == QuarantineKind.F1Quarantine && o.Status == QuarantineStatus.Active));
        }

        // They now show on the commune's quarantine list with their days left.
        await page.GotoAsync($"/can-bo/cach-ly?commune={patient.CommuneCode}&purpose=quarantine-follow-up");
        Assert.Equal(2, await page.Locator("#quarantine tbody tr").CountAsync());
        Assert.Contains("Lê Thị Vợ", await page.TextContentAsync("#quarantine"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonPage_AsksForAPurpose_BeforeShowingTheRecord()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        TestPerson resident = await new TestPeople(app).AddAsync(new DateOnly(1966, 6, 6), name: "Đỗ Văn Dân");
        IPage page = browser.Page;
        await StaffConsoleFixtures.SignInAsync(app, page, StaffRole.Epidemiologist, AccessScope.District(resident.DistrictCode));

        await page.GotoAsync($"/can-bo/nguoi/{resident.Id}");
        Assert.NotNull(await page.QuerySelectorAsync("#purpose-required"));
        Assert.DoesNotContain("Đỗ Văn Dân", await page.ContentAsync(), StringComparison.Ordinal);
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.False(await db.AuditEntries.AnyAsync(a => a.SubjectPersonId == resident.Id));
        }

        await page.SelectOptionAsync("#purpose", "case-investigation");
        await page.ClickAsync("#purpose-form button");
        await page.WaitForSelectorAsync("h1");
        Assert.Equal("Đỗ Văn Dân", await page.TextContentAsync("h1"));
    }

    [Fact]
    public async Task DataSteward_ComparesARecordSideBySide_AndLinksIt()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        TestPerson binh = await new TestPeople(app).AddAsync(new DateOnly(1975, 6, 7), name: "Hoàng Văn Bình");
        await StaffConsoleFixtures.ReviewItemsAsync(app, binh.Id);
        IPage page = browser.Page;
        await StaffConsoleFixtures.SignInAsync(app, page, StaffRole.DataSteward, AccessScope.National);

        await page.GotoAsync("/can-bo/chuyen-doi");
        Assert.Equal(1, await page.Locator("#migration-runs tbody tr").CountAsync());
        Assert.Equal(2, await page.Locator("#review-queue tbody tr").CountAsync());
        await page.ClickAsync("#review-queue tbody tr:first-child a");
        await page.WaitForSelectorAsync("#comparison");
        Assert.Equal("agree", await page.GetAttributeAsync("#comparison tr[data-field=name]", "data-verdict"));
        Assert.Equal("agree", await page.GetAttributeAsync("#comparison tr[data-field=birth]", "data-verdict"));
        Assert.Contains("Hoàng Văn Bình", await page.TextContentAsync("#comparison"), StringComparison.Ordinal);

        await page.ClickAsync("#accept");
        await page.WaitForSelectorAsync("#decision");
        Assert.Equal("linked", await page.GetAttributeAsync("#decision", "data-outcome"));
        Assert.Null(await page.QuerySelectorAsync("#accept"));
        using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(1, await db.LegacyLinks.CountAsync(l => l.Outcome == LinkOutcome.Linked && l.PersonId == binh.Id));
        Assert.Equal(1, await db.LegacyLinks.CountAsync(l => l.Outcome == LinkOutcome.Review));
    }

    [Fact]
    public async Task Lab_UploadsACsv_AndWatchesProgress_WithTheRefusedLineAndItsNumber()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        TestPerson a = await new TestPeople(app).AddAsync(new DateOnly(1980, 1, 1));
        long lab = await TestAccounts.AddFacilityAsync(app, FacilityKind.Lab, a.CommuneCode);
        IPage page = browser.Page;
        await StaffConsoleFixtures.SignInAsync(app, page, StaffRole.Lab, AccessScope.Facility(lab));

        string day = TimeProvider.System.GetUtcNow().AddDays(-1).ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        string csv = string.Join("\r\n",
            Web.Features.Testing.XetNghiemCsv.Header,
            $"U-1,,Nguyễn Văn Thử,1980,Nam,{a.CitizenId},,01,RT-PCR,Âm tính,,{day} 08:00,{day} 14:30,LAB1",
            $"U-2,,Ai Đó,1985,Nam,,,01,Xét nghiệm máu,Âm tính,,{day} 08:00,{day} 08:20,LAB1",
            $"U-3,,Ai Đó,1985,Nam,,,01,RT-PCR,Âm tính,,{day} 08:00,{day} 09:20,LAB1",
            string.Empty);
        await page.GotoAsync("/can-bo/xet-nghiem/tai-len");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "ket_qua.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.ClickAsync("#upload-form button");
        await page.WaitForSelectorAsync("#upload-status[data-status=completed]");
        Assert.Equal("3", await page.TextContentAsync("#rows-read"));
        Assert.Equal("2", await page.TextContentAsync("#rows-accepted"));
        Assert.Equal("1", await page.TextContentAsync("#rows-rejected"));
        Assert.Equal("3", await page.TextContentAsync("#rejections td.line-number"));
    }

    [Fact]
    public async Task DataSteward_StartsAMigrationOnThePage_AndWatchesItToTheReport()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        var people = new TestPeople(app);
        var lines = new List<string> { string.Join(',', Web.Features.Migration.Sources.NcoviSource.Header) };
        for (int i = 0; i < 2; i++)
        {
            TestPerson person = await people.AddAsync(new DateOnly(1970 + i, 5, 6), name: "Vũ Văn Trang");
            lines.Add($"NCB{i},Vũ Văn Trang,{1970 + i},Nam,Việt Nam,{person.CitizenId},,,Hà Nội,,,Số 1,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,20/08/2021 08:30");
        }

        lines.Add("NCB9,Lê Văn Cột,1990");
        IPage page = browser.Page;
        await StaffConsoleFixtures.SignInAsync(app, page, StaffRole.DataSteward, AccessScope.National);

        await page.GotoAsync("/can-bo/chuyen-doi");
        await page.SelectOptionAsync("#source", "ncovi");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "khai_bao.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n") });
        await page.ClickAsync("#migrate-form button");
        await page.WaitForSelectorAsync("#job-status[data-status=done]");
        Assert.Equal("3", await page.TextContentAsync("#job-read"));
        Assert.Equal("2", await page.TextContentAsync("#job-linked"));
        Assert.Equal("1", await page.TextContentAsync("#job-rejected"));
        Assert.Equal("2", await page.TextContentAsync("#job-facts"));
        Assert.True(await page.IsVisibleAsync("#job-report"));
        Assert.Equal("4", await page.TextContentAsync("#job-rejections td.key"));
        Assert.Equal("khớp", await page.TextContentAsync("#job-accounted"));
    }

    [Fact]
    public async Task Epidemiologist_ApprovesAPendingVenueOfTheDistrict()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        var people = new TestPeople(app);
        (string district, string commune) = people.HanoiDistrict(0);
        long facility = await TestAccounts.AddFacilityAsync(app, FacilityKind.Venue, commune);
        long venueId;
        await using (AsyncServiceScope scope = app.Services.CreateAsyncScope())
        {
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            var venue = Venue.Register(facility, "Quán Phở Thử", VenueKind.Restaurant, commune, "1 Phố Thử", null, null,
                scope.ServiceProvider.GetRequiredService<ReferenceData>().Catalog, TimeProvider.System.GetUtcNow().UtcDateTime);
            db.Venues.Add(venue);
            await db.SaveChangesAsync();
            venueId = venue.Id;
        }

        IPage page = browser.Page;
        await StaffConsoleFixtures.SignInAsync(app, page, StaffRole.Epidemiologist, AccessScope.District(district));
        await page.GotoAsync("/can-bo/dia-diem");
        Assert.Contains("Quán Phở Thử", await page.TextContentAsync("#venues"), StringComparison.Ordinal);
        await page.ClickAsync($"#venues tr[data-venue='{venueId}'] button.approve");
        await page.WaitForSelectorAsync("#venue-result");
        Assert.Equal(0, await page.Locator($"#venues tr[data-venue='{venueId}']").CountAsync());
        using PcCovidDbContext check = app.NewDbContext();
        Assert.Equal(VenueStatus.Approved, (await check.Venues.SingleAsync(v => v.Id == venueId)).Status);
    }
}
