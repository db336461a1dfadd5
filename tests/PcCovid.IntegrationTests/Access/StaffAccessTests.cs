using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Access;

/// <summary>Staff act only after password and authenticator; administrators create staff within their reach and can end an account.</summary>
public sealed class StaffAccessTests
{
    [Theory, BothProviders]
    public async Task PasswordAlone_OnlyEnrols_AndLaterSignInsNeedTheSecondFactor(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        string userName = await TestAccounts.CreateStaffAsync(app, StaffRole.Administrator, AccessScope.National);

        HttpClient client = TestAccounts.NewClient(app);
        HttpResponseMessage password = await client.PostAsJsonAsync("/api/auth/staff/sign-in", new { userName, password = TestAccounts.StaffPassword });
        Assert.Equal("enroll-authenticator", (await password.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("next").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/staff")).StatusCode);

        JsonElement setup = await client.GetFromJsonAsync<JsonElement>("/api/auth/staff/authenticator");
        string key = setup.GetProperty("sharedKey").GetString()!;
        string right = TestAccounts.CurrentTotp(key);
        string wrong = right == "000000" ? "111111" : "000000";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/auth/staff/authenticator", new { code = wrong })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/staff")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/staff/authenticator", new { code = right })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/staff")).StatusCode);

        // Enrolled: the key is not shown again, and a new sign-in stops after the password.
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync("/api/auth/staff/authenticator")).StatusCode);
        HttpClient second = TestAccounts.NewClient(app);
        HttpResponseMessage again = await second.PostAsJsonAsync("/api/auth/staff/sign-in", new { userName, password = TestAccounts.StaffPassword });
        Assert.Equal("second-factor", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("next").GetString());
        Assert.True((await second.GetAsync("/api/admin/staff")).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
        Assert.True((await second.GetAsync("/api/auth/staff/authenticator")).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.PostAsJsonAsync("/api/auth/staff/second-factor", new { code = wrong })).StatusCode);
        Assert.True((await second.GetAsync("/api/admin/staff")).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsJsonAsync("/api/auth/staff/second-factor", new { code = TestAccounts.CurrentTotp(key) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/admin/staff")).StatusCode);

        // The second factor alone, without the password step, signs nobody in.
        HttpClient stranger = TestAccounts.NewClient(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsJsonAsync("/api/auth/staff/second-factor", new { code = TestAccounts.CurrentTotp(key) })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/admin/staff")).StatusCode);
    }

    [Theory, BothProviders]
    public async Task WrongPasswords_LockTheAccountOut(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?> { ["SignIn:LockoutAfterFailures"] = "3" });
        string userName = await TestAccounts.CreateStaffAsync(app, StaffRole.Epidemiologist, AccessScope.National);
        HttpClient client = TestAccounts.NewClient(app);

        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/staff/sign-in", new { userName, password = "wrong-password-" + i })).StatusCode);
        }

        HttpResponseMessage third = await client.PostAsJsonAsync("/api/auth/staff/sign-in", new { userName, password = "wrong-password-3" });
        Assert.Equal(HttpStatusCode.Unauthorized, third.StatusCode);
        HttpResponseMessage right = await client.PostAsJsonAsync("/api/auth/staff/sign-in", new { userName, password = TestAccounts.StaffPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/staff/authenticator")).StatusCode);
    }

    [Theory, BothProviders]
    public async Task Administrator_CreatesStaffWithinReach_AndDisablesThem(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        string district = new TestPeople(app).HanoiDistrict(0).District;
        HttpClient national = await TestAccounts.SignInStaffAsync(app, StaffRole.Administrator, AccessScope.National);
        HttpClient hanoi = await TestAccounts.SignInStaffAsync(app, StaffRole.Administrator, AccessScope.Province("01"));

        HttpResponseMessage created = await national.PostAsJsonAsync("/api/admin/staff", NewStaff("epi-hanoi-1", "epidemiologist", $"district:{district}"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync() + app.Logs.Errors);
        Guid id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        foreach ((string role, string scope) in new[]
        {
            ("surgeon", "national"),
            ("epidemiologist", "galaxy:1"),
            ("epidemiologist", "district:zzz"),
            ("lab", $"district:{district}"),
            ("auditor", "facility:1"),
        })
        {
            HttpResponseMessage refused = await national.PostAsJsonAsync("/api/admin/staff", NewStaff("bad-" + Guid.NewGuid().ToString("N")[..8], role, scope));
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{role} {scope}: {refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        // A provincial administrator of Hà Nội creates in Hà Nội, not in Hồ Chí Minh City.
        HttpResponseMessage outside = await hanoi.PostAsJsonAsync("/api/admin/staff", NewStaff("epi-hcm-1", "epidemiologist", "province:79"));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Equal("application/problem+json", outside.Content.Headers.ContentType?.MediaType);
        HttpResponseMessage nationalScope = await hanoi.PostAsJsonAsync("/api/admin/staff", NewStaff("epi-vn-1", "epidemiologist", "national"));
        Assert.Equal(HttpStatusCode.BadRequest, nationalScope.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await hanoi.PostAsJsonAsync("/api/admin/staff", NewStaff("epi-hanoi-2", "epidemiologist", "province:01"))).StatusCode);
        JsonElement hanoiList = await hanoi.GetFromJsonAsync<JsonElement>("/api/admin/staff?limit=200");
        Assert.DoesNotContain(hanoiList.GetProperty("items").EnumerateArray(), s => s.GetProperty("userName").GetString() is "epi-hcm-1" or "epi-vn-1");

        // The new member signs in with the initial password; once disabled, no longer.
        HttpClient member = TestAccounts.NewClient(app);
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsJsonAsync("/api/auth/staff/sign-in", new { userName = "epi-hanoi-1", password = TestAccounts.StaffPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await national.PostAsync($"/api/admin/staff/{id}/disable", null)).StatusCode);
        HttpResponseMessage afterDisable = await TestAccounts.NewClient(app).PostAsJsonAsync("/api/auth/staff/sign-in", new { userName = "epi-hanoi-1", password = TestAccounts.StaffPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, afterDisable.StatusCode);
        JsonElement list = await national.GetFromJsonAsync<JsonElement>("/api/admin/staff?limit=200");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), s => s.GetProperty("userName").GetString() == "epi-hanoi-1" && s.GetProperty("disabled").GetBoolean());
    }

    [Theory, BothProviders]
    public async Task StaffSession_OutlivesTheSecurityStampCheck_UntilTheAccountIsDisabled(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);

        // The sealer ticks every second on the platform clock; these tests advance it by minutes.
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?> { ["Audit:SealerEnabled"] = "false" }, clock);
        HttpClient administrator = await TestAccounts.SignInStaffAsync(app, StaffRole.Administrator, AccessScope.National);
        HttpClient officer = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.National);
        Assert.Equal(HttpStatusCode.OK, (await administrator.GetAsync("/api/admin/staff")).StatusCode);

        // Past the one-minute stamp check the session is rebuilt from the account: it must stay a two-factor session.
        clock.Advance(TimeSpan.FromMinutes(2));
        HttpResponseMessage later = await administrator.GetAsync("/api/admin/staff");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.GetAsync("/api/staff/people/1")).StatusCode);

        // Disabled: the open session ends at the next stamp check.
        JsonElement staff = await administrator.GetFromJsonAsync<JsonElement>("/api/admin/staff?limit=200");
        Guid officerId = staff.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("role").GetString() == "epidemiologist").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await administrator.PostAsync($"/api/admin/staff/{officerId}/disable", null)).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync("/api/staff/people/1?purpose=contact-tracing")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await administrator.GetAsync("/api/admin/staff")).StatusCode);
    }

    private static object NewStaff(string userName, string role, string scope) =>
        new { userName, displayName = "Cán bộ Mới", email = (string?)null, role, scope, initialPassword = TestAccounts.StaffPassword };
}
