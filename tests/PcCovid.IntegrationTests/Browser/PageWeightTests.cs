using System.Collections.Concurrent;
using Microsoft.Playwright;
using PcCovid.Data;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Browser;

/// <summary>
/// Issue 8's weight limit for the citizen home page, measured as a phone's browser pays it: every response
/// of the browser context (the page's and the service worker's own fetches, which precache the app shell),
/// its encoded (compressed) body plus headers as they came over the wire. First load with an empty cache
/// ≤ 150 KB; a later load (HTTP cache and service worker warm) ≤ 50 KB. A size, not a timing.
/// </summary>
public sealed class PageWeightTests(ITestOutputHelper output)
{
    public const int FirstLoadLimit = 150 * 1024;
    public const int LaterLoadLimit = 50 * 1024;

    [Fact]
    public async Task CitizenHome_FirstLoadAtMost150KB_LaterLoadsAtMost50KB()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, BrowserSession.Settings);
        await using BrowserSession browser = await BrowserSession.StartAsync(app);
        (TestPerson mother, _) = await CitizenAppWorld.AddFamilyAsync(app, "+84987100021");
        await CitizenAppWorld.AddDosesAsync(app, browser.BaseUrl, mother);
        await CitizenAppWorld.SignInAsync(browser.Page, app, mother);

        // A fresh context with only the sign-in cookie: nothing cached, no service worker yet.
        string state = await browser.Context.StorageStateAsync();
        await using IBrowserContext fresh = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "vi-VN",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            BaseURL = browser.BaseUrl,
            StorageState = state,
        });
        var meter = new TransferMeter(fresh);
        IPage page = await fresh.NewPageAsync();

        await page.GotoAsync("/toi", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.NotNull(await page.QuerySelectorAsync("#card"));
        // The service worker installs (precaching the app shell) and takes control: its fetches count too.
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        (long first, IReadOnlyList<string> firstLines) = await meter.TakeAsync();
        output.WriteLine($"first load: {first} bytes\n{string.Join('\n', firstLines)}");

        await page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.NotNull(await page.QuerySelectorAsync("#card"));
        (long later, IReadOnlyList<string> laterLines) = await meter.TakeAsync();
        output.WriteLine($"later load: {later} bytes\n{string.Join('\n', laterLines)}");

        // The page itself came over the network both times (it is never cached: it carries the personal QR).
        Assert.Contains(firstLines, l => l.Contains(" /toi ", StringComparison.Ordinal));
        Assert.Contains(laterLines, l => l.Contains(" /toi ", StringComparison.Ordinal));
        Assert.True(first <= FirstLoadLimit, $"first load {first} bytes > {FirstLoadLimit}:\n{string.Join('\n', firstLines)}");
        Assert.True(later <= LaterLoadLimit, $"later load {later} bytes > {LaterLoadLimit}:\n{string.Join('\n', laterLines)}");
    }

    /// <summary>Sums the bytes each response of a context took on the wire (answers a service worker gave the page from its cache cost nothing).</summary>
    private sealed class TransferMeter
    {
        private readonly ConcurrentQueue<Task<(long Bytes, string Line)>> _pending = new();

        public TransferMeter(IBrowserContext context)
        {
            context.Response += (_, response) => _pending.Enqueue(MeasureAsync(response));
        }

        public async Task<(long Total, IReadOnlyList<string> Lines)> TakeAsync()
        {
            var taken = new List<(long Bytes, string Line)>();
            while (_pending.TryDequeue(out Task<(long Bytes, string Line)>? next))
            {
                taken.Add(await next);
            }

            return (taken.Sum(t => t.Bytes), taken.Select(t => t.Line).ToList());
        }

        private static async Task<(long, string)> MeasureAsync(IResponse response)
        {
            var url = new Uri(response.Url);
            string where = url.Scheme is "data" ? "data:" : url.AbsolutePath;
            if (response.FromServiceWorker || url.Scheme is "data")
            {
                return (0, $"0 {where} (service worker cache)");
            }

            RequestSizesResult sizes;
            try
            {
                await response.FinishedAsync();
                sizes = await response.Request.SizesAsync();
            }
            catch (PlaywrightException)
            {
                return (0, $"0 {where} (no sizes)");
            }

            long bytes = sizes.ResponseBodySize + sizes.ResponseHeadersSize;
            string encoding = await response.HeaderValueAsync("content-encoding") ?? "-";
            return (bytes, $"{bytes} {where} {response.Status} {encoding}");
        }
    }
}
