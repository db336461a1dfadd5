using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Access;

/// <summary>The web basics: security headers, no dev SMS outbox in production, HTTPS only, bounded request bodies.</summary>
public sealed class WebSecurityTests
{
    [Fact]
    public async Task PagesAndApiAnswers_CarryTheSecurityHeaders()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database);
        HttpClient client = TestAccounts.NewClient(app);

        HttpResponseMessage page = await client.GetAsync("/");
        HttpResponseMessage api = await client.GetAsync("/api/admin-units/provinces");
        HttpResponseMessage denied = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        foreach (HttpResponseMessage response in new[] { page, api, denied })
        {
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }

        string policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_WithTheDevSmsOutbox_RefusesToStart()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database);
        await using WebApplicationFactory<Program> production = app.WithWebHostBuilder(b => b.UseEnvironment("Production"));

        Exception? failure = Record.Exception(() => production.Server);

        Assert.NotNull(failure);
        Assert.Contains("dev-outbox", Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_RedirectsHttpToHttps_AndSendsHsts()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database);
        await using WebApplicationFactory<Program> production = app.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Sms:Gateway", "http");
            b.UseSetting("Sms:Url", "https://sms.invalid/send");
            b.UseSetting("https_port", "443");
        });

        HttpClient plain = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://pccovid.example") });
        plain.BaseAddress = new Uri("http://pccovid.example");
        HttpResponseMessage redirected = await plain.GetAsync("/api/admin-units/provinces");
        Assert.True(redirected.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently, redirected.StatusCode.ToString());
        Assert.Equal("https://pccovid.example/api/admin-units/provinces", redirected.Headers.Location?.ToString());

        // HSTS is not sent to localhost (the middleware's default exclusion): ask as the public host name.
        HttpClient secure = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        secure.BaseAddress = new Uri("https://pccovid.example");
        HttpResponseMessage answer = await secure.GetAsync("/api/admin-units/provinces");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        string hsts = Assert.Single(answer.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains("max-age=31536000", hsts, StringComparison.Ordinal);
        Assert.Contains("includeSubDomains", hsts, StringComparison.Ordinal);
    }

    /// <summary>
    /// The body limit is Kestrel's (TestServer enforces none), so this test runs the host on a real
    /// Kestrel listener on a free loopback port.
    /// </summary>
    [Fact]
    public async Task RequestBodiesOverTheLimit_AreRefused()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?> { ["Limits:MaxRequestBodyBytes"] = "2048" });
        app.UseKestrel(0);
        app.StartServer();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        HttpResponseMessage small = await client.PostAsJsonAsync("/api/auth/citizen/code", new { phone = "+84912800001" });
        HttpResponseMessage large = await client.PostAsJsonAsync("/api/auth/citizen/code", new { phone = "+84912800002", padding = new string('x', 10_000) });

        Assert.Equal(HttpStatusCode.Accepted, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join("\n", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is { } inner ? "\n" + Flatten(inner) : string.Empty);
}
