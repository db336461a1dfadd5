using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using PcCovid.Data;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Operations;

/// <summary>
/// Two nodes on one database share the Data Protection key ring (kept in the database): a citizen signed in
/// through node A is recognised by node B with the same cookie; a node on another database (another ring)
/// refuses that cookie, so the test would fail if the ring were per node.
/// </summary>
public sealed class SharedKeysTests
{
    private static readonly Uri s_site = new("https://localhost");

    [Theory, BothProviders]
    public async Task CookieIssuedByNodeA_IsAcceptedByNodeB_OnTheSameDatabase(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var nodeA = new PcCovidAppFactory(database, new Dictionary<string, string?> { ["Jobs:NodeId"] = "node-a" });
        _ = nodeA.Server;
        await using var nodeB = new PcCovidAppFactory(database, new Dictionary<string, string?> { ["Jobs:NodeId"] = "node-b" });
        _ = nodeB.Server;
        TestPerson person = await new TestPeople(nodeA).AddAsync(new DateOnly(1990, 2, 3), phone: "+84912000777");

        var cookies = new CookieContainer();
        HttpClient a = Client(nodeA);
        await SendAsync(a, cookies, HttpMethod.Post, "/api/auth/citizen/code", new { phone = person.Phone }, HttpStatusCode.Accepted);
        await SendAsync(a, cookies, HttpMethod.Post, "/api/auth/citizen/sign-in", new { phone = person.Phone, code = TestAccounts.LastCodeTo(nodeA, person.Phone!) }, HttpStatusCode.OK);
        await SendAsync(a, cookies, HttpMethod.Post, "/api/auth/citizen/confirm-identity", new { citizenId = person.CitizenId, birthDate = person.BirthDate }, HttpStatusCode.OK);
        Assert.NotEmpty(cookies.GetCookies(s_site));

        await SendAsync(a, cookies, HttpMethod.Get, "/api/me", null, HttpStatusCode.OK);
        await SendAsync(Client(nodeB), cookies, HttpMethod.Get, "/api/me", null, HttpStatusCode.OK);

        // Control: a node with its own key ring (another database) does not accept the cookie.
        await using TestDatabase elsewhere = await TestDatabase.CreateAsync(provider);
        await using var stranger = new PcCovidAppFactory(elsewhere);
        HttpResponseMessage refused = await SendAsync(Client(stranger), cookies, HttpMethod.Get, "/api/me", null, null);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static HttpClient Client(PcCovidAppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = s_site });

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, CookieContainer cookies, HttpMethod method, string path, object? body, HttpStatusCode? expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        string header = cookies.GetCookieHeader(s_site);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }

        HttpResponseMessage response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out IEnumerable<string>? set))
        {
            foreach (string cookie in set)
            {
                cookies.SetCookies(s_site, cookie);
            }
        }

        if (expected is { } status)
        {
            Assert.Equal(status, response.StatusCode);
        }

        return response;
    }
}
