using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.People;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Browser;

/// <summary>The sign-in pages in Chromium: a citizen and a staff member go through every step as people do.</summary>
public sealed class SignInPagesTests
{
    [Fact]
    public async Task Citizen_SignsInByCode_ConfirmsIdentity_AndActsForTheirChild()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        var people = new TestPeople(app);
        TestPerson mother = await people.AddAsync(new DateOnly(1988, 5, 2), Sex.Female, phone: "+84987000001", household: "0010000000777", name: "Trần Thị Mẹ");
        await people.AddAsync(new DateOnly(2016, 9, 1), Sex.Male, household: "0010000000777", relation: HouseholdRelation.Child, name: "Trần Văn Con");
        IPage page = browser.Page;

        await page.GotoAsync("/toi");
        Assert.EndsWith("/dang-nhap?ReturnUrl=%2Ftoi", page.Url, StringComparison.Ordinal);

        await page.FillAsync("#phone", "0987 000 001");
        await page.ClickAsync("main button[type=submit]");
        await page.ArriveAtAsync("/dang-nhap/ma");
        await page.FillAsync("#code", TestAccounts.LastCodeTo(app, "+84987000001"));
        await page.ClickAsync("main button[type=submit]");

        await page.ArriveAtAsync("/dang-nhap/xac-nhan");
        await page.FillAsync("#citizenId", mother.CitizenId);
        await page.FillAsync("#birthDate", "02/05/1988");
        await page.ClickAsync("main button[type=submit]");

        await page.ArriveAtAsync("/toi");
        Assert.Equal("Trần Thị Mẹ", await page.TextContentAsync("h1"));
        Assert.Contains("Trần Văn Con", await page.TextContentAsync("#candidates"), StringComparison.Ordinal);

        await page.ClickAsync("#candidates button");
        await page.WaitForSelectorAsync("#dependants li");
        Assert.Contains("household-minor", await page.TextContentAsync("#dependants"), StringComparison.Ordinal);

        await page.SelectOptionAsync("select[name=personId]", new SelectOptionValue { Label = "Trần Văn Con (2016)" });
        await page.ClickAsync("form[action*=ActFor] button");
        await page.WaitForFunctionAsync("() => document.querySelector('h1').textContent === 'Trần Văn Con'");
        Assert.NotNull(await page.QuerySelectorAsync(".notice"));
    }

    [Fact]
    public async Task Staff_EnrolsAnAuthenticator_ThenFindsAPersonForAStatedPurpose()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        var people = new TestPeople(app);
        TestPerson resident = await people.AddAsync(new DateOnly(1970, 1, 1), name: "Lê Văn Dân");
        await using (AsyncServiceScope scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var catalog = scope.ServiceProvider.GetRequiredService<ReferenceData>().Catalog;
            var account = Account.NewStaff("cdc.quan1", "Cán bộ CDC", null, StaffRole.Epidemiologist, AccessScope.District(resident.DistrictCode), "01", catalog, Guid.Empty, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            Assert.True((await users.CreateAsync(account, TestAccounts.StaffPassword)).Succeeded);
        }

        IPage page = browser.Page;
        await page.GotoAsync("/can-bo/dang-nhap");
        await page.FillAsync("#userName", "cdc.quan1");
        await page.FillAsync("#password", TestAccounts.StaffPassword);
        await page.ClickAsync("main button[type=submit]");

        await page.ArriveAtAsync("/can-bo/dang-ky-xac-thuc");
        Assert.NotNull(await page.QuerySelectorAsync("img.qr"));
        string key = (await page.TextContentAsync("#shared-key"))!;
        await page.FillAsync("#code", TestAccounts.CurrentTotp(key));
        await page.ClickAsync("main button[type=submit]");

        await page.ArriveAtAsync("/can-bo");
        Assert.Contains("Cán bộ dịch tễ", await page.TextContentAsync("#staff-role"), StringComparison.Ordinal);

        await page.GotoAsync("/can-bo/tra-cuu");
        await page.FillAsync("#citizenId", resident.CitizenId);
        await page.SelectOptionAsync("#purpose", "contact-tracing");
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForSelectorAsync("#found");
        Assert.Contains("Lê Văn Dân", await page.TextContentAsync("#found"), StringComparison.Ordinal);

        // The auditor's page is not for an epidemiologist.
        await page.GotoAsync("/Audit");
        Assert.Contains("/khong-co-quyen", page.Url, StringComparison.Ordinal);
    }
}
