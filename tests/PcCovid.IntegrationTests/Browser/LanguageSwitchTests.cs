using Microsoft.Playwright;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Data;

namespace PcCovid.IntegrationTests.Browser;

/// <summary>Vietnamese first: a page opens in Vietnamese whatever the browser prefers, and the switch in the header turns it to English and back, staying on the same page.</summary>
public sealed class LanguageSwitchTests
{
    [Fact]
    public async Task APage_OpensInVietnamese_AndTheSwitchTurnsItToEnglishAndBack()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        IPage page = browser.Page;

        await page.GotoAsync("/");
        Assert.Equal("Tình hình dịch COVID-19", await page.TextContentAsync("h1"));
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));

        await page.ClickAsync("#language-switch");
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'en'");
        Assert.Equal("COVID-19 situation", await page.TextContentAsync("h1"));
        Assert.Contains("Home", await page.TextContentAsync("header nav"), StringComparison.Ordinal);
        Assert.EndsWith("/", page.Url, StringComparison.Ordinal);

        // The choice is remembered on the next page.
        await page.GotoAsync("/dang-nhap");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

        await page.ClickAsync("#language-switch");
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'vi'");
        Assert.Contains("Đăng nhập", await page.TextContentAsync("header nav"), StringComparison.Ordinal);
    }
}
