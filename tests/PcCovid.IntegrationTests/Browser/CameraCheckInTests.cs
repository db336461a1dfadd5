using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PcCovid.Data;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Browser;

/// <summary>
/// The journey of issue 8 as written: the citizen checks in by pointing the phone's camera at a venue poster.
/// Chromium's fake camera plays a Y4M video of the real poster (the payload the app signs for that venue),
/// the page's scanner (jsQR on the camera stream) reads it, and the check-in is stored and listed.
/// </summary>
public sealed class CameraCheckInTests
{
    [Fact]
    public async Task CheckIn_ByScanningTheVenuePosterWithTheCamera_IsStoredAndShown()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        // Chromium opens the video when the page asks for the camera: the file is written once the venue exists
        // (the server starts with the browser, before any data can be added).
        string video = Path.Combine(Path.GetTempPath(), $"poster-{Guid.NewGuid():N}.y4m");
        try
        {
            await using BrowserSession browser = await BrowserSession.StartAsync(app,
                ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", $"--use-file-for-fake-video-capture={video}"]);
            (TestPerson mother, _) = await CitizenAppWorld.AddFamilyAsync(app, "+84987100011");
            (long venue, string poster) = await CitizenAppWorld.AddVenueAsync(app, mother, "Nhà văn hoá Thôn Đông");
            Y4mVideo.WriteQr(video, poster);
            IPage page = browser.Page;
            await CitizenAppWorld.SignInAsync(page, app, mother);
            await page.GotoAsync("/toi/check-in");
            await page.WaitForFunctionAsync("() => !!window.PcCovid && !!window.jsQR");
            Assert.NotNull(await page.QuerySelectorAsync("#no-check-ins"));

            await page.ClickAsync("#scan-start");
            // The scanner stops the camera once it has read a venue code, sends the check-in, and the page reloads with it.
            await page.WaitForSelectorAsync("#check-ins li:has-text('Nhà văn hoá Thôn Đông')", new PageWaitForSelectorOptions { Timeout = 30_000 });
            Assert.True(await page.IsHiddenAsync("#scan-problem"));
            Assert.True(await page.IsHiddenAsync("#scanner"));

            var stored = await app.Services.GetRequiredService<PcCovid.Data.CheckIns.ICheckInStore>()
                .OfPersonAsync(mother.Id, TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1), TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(1), CancellationToken.None);
            Assert.Equal(venue, Assert.Single(stored).VenueId);
        }
        finally
        {
            File.Delete(video);
        }
    }
}
