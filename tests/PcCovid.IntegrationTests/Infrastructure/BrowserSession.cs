using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace PcCovid.IntegrationTests.Infrastructure;

/// <summary>
/// The host on a real Kestrel port and Debian's Chromium driven by Playwright: pages are tested as a
/// phone's browser sees them (cookies, redirects, antiforgery, the content policy). A missing browser
/// fails the test; it is never skipped.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumVariable = "PCCOVID_CHROMIUM";

    /// <summary>The test server speaks plain HTTP on localhost: cookies may not demand TLS there.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Security:SecureCookies"] = "false" };

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, string baseUrl)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
        BaseUrl = baseUrl;
    }

    public IBrowserContext Context { get; }

    /// <summary>The browser, for a test that needs a second context (a fresh cache with the same cookies).</summary>
    public IBrowser Browser => _browser;

    public IPage Page { get; }

    public string BaseUrl { get; }

    /// <summary>
    /// Starts the app on a free localhost port and opens a phone-sized browser page on it. <paramref name="chromiumArgs"/>
    /// are added to this launch only (the camera test feeds Chromium's fake camera from a file).
    /// </summary>
    public static async Task<BrowserSession> StartAsync(PcCovidAppFactory app, IEnumerable<string>? chromiumArgs = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        string chromium = Environment.GetEnvironmentVariable(ChromiumVariable) ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium not found at {chromium}: install it (apt-get install -y chromium) or set {ChromiumVariable}.");
        }

        int port = FreePort();
        app.UseKestrel(kestrel => kestrel.ListenLocalhost(port));
        app.StartServer();

        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", .. chromiumArgs ?? []],
        });
        IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "vi-VN",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            BaseURL = $"http://localhost:{port}",
        });
        IPage page = await context.NewPageAsync();
        return new BrowserSession(playwright, browser, context, page, $"http://localhost:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
