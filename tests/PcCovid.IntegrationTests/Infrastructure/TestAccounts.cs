using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using PcCovid.Domain.Access;
using PcCovid.Web.Features.Accounts.Sms;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Infrastructure;

/// <summary>
/// Signs test clients in through the real flows: a citizen by the code the dev outbox received, a
/// staff member by password and a TOTP computed from the enrolled key (as an authenticator app does).
/// </summary>
public static partial class TestAccounts
{
    public const string StaffPassword = "correct-horse-battery-42";

    public static HttpClient NewClient(PcCovidAppFactory app) =>
        app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });

    /// <summary>The code last texted to a number, read from the dev outbox.</summary>
    public static string LastCodeTo(PcCovidAppFactory app, string e164)
    {
        OutboxMessage message = app.Services.GetRequiredService<DevSmsOutbox>().LatestTo(e164)
            ?? throw new InvalidOperationException($"No message was sent to {e164}.");
        return SixDigits().Match(message.Text).Value;
    }

    public static async Task<HttpResponseMessage> RequestCodeAsync(HttpClient client, string phone) =>
        await client.PostAsJsonAsync("/api/auth/citizen/code", new { phone });

    public static async Task<HttpResponseMessage> SendCodeAsync(HttpClient client, string phone, string code) =>
        await client.PostAsJsonAsync("/api/auth/citizen/sign-in", new { phone, code });

    /// <summary>A citizen signed in and confirmed as the given person.</summary>
    public static async Task<HttpClient> SignInCitizenAsync(PcCovidAppFactory app, TestPerson person)
    {
        HttpClient client = NewClient(app);
        string phone = person.Phone ?? throw new ArgumentException("The person needs a phone to sign in.", nameof(person));
        Assert.Equal(HttpStatusCode.Accepted, (await RequestCodeAsync(client, phone)).StatusCode);
        HttpResponseMessage signedIn = await SendCodeAsync(client, phone, LastCodeTo(app, phone));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        HttpResponseMessage confirmed = await client.PostAsJsonAsync("/api/auth/citizen/confirm-identity", new { citizenId = person.CitizenId, birthDate = person.BirthDate });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        return client;
    }

    /// <summary>Creates a staff account (as an administrator would) and signs it in with both factors.</summary>
    /// <summary>A lab registered in the commune and a technician of it signed in (password and authenticator).</summary>
    public static async Task<HttpClient> SignInLabTechnicianAsync(PcCovidAppFactory app, string communeCode) =>
        await SignInStaffAsync(app, StaffRole.Lab, AccessScope.Facility(await AddFacilityAsync(app, FacilityKind.Lab, communeCode)));

    public static async Task<HttpClient> SignInStaffAsync(PcCovidAppFactory app, StaffRole role, AccessScope scope) =>
        (await SignInStaffAccountAsync(app, role, scope)).Client;

    /// <summary>As <see cref="SignInStaffAsync"/>, with the new account's id.</summary>
    public static async Task<(Guid AccountId, HttpClient Client)> SignInStaffAccountAsync(PcCovidAppFactory app, StaffRole role, AccessScope scope)
    {
        string userName = await CreateStaffAsync(app, role, scope);
        Guid accountId;
        await using (AsyncServiceScope services = app.Services.CreateAsyncScope())
        {
            accountId = (await services.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByNameAsync(userName))!.Id;
        }

        HttpClient client = NewClient(app);
        HttpResponseMessage password = await client.PostAsJsonAsync("/api/auth/staff/sign-in", new { userName, password = StaffPassword });
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
        JsonElement setup = await client.GetFromJsonAsync<JsonElement>("/api/auth/staff/authenticator");
        string code = CurrentTotp(setup.GetProperty("sharedKey").GetString()!);
        HttpResponseMessage enrolled = await client.PostAsJsonAsync("/api/auth/staff/authenticator", new { code });
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        return (accountId, client);
    }

    /// <summary>Creates a staff account with <see cref="StaffPassword"/> and no second factor yet; returns its user name.</summary>
    public static async Task<string> CreateStaffAsync(PcCovidAppFactory app, StaffRole role, AccessScope scope)
    {
        string userName = $"{role.Code()}-{Guid.NewGuid():N}"[..30];
        await using (AsyncServiceScope services = app.Services.CreateAsyncScope())
        {
            UserManager<Account> users = services.ServiceProvider.GetRequiredService<UserManager<Account>>();
            ReferenceData reference = services.ServiceProvider.GetRequiredService<ReferenceData>();
            var account = Account.NewStaff(userName, "Cán bộ Thử", null, role, scope, scope.Kind == ScopeKind.Province ? scope.Code : null, reference.Catalog, Guid.Empty, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            IdentityResult created = await users.CreateAsync(account, StaffPassword);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        return userName;
    }

    /// <summary>A facility registered through the domain, for facility-scoped staff.</summary>
    public static async Task<long> AddFacilityAsync(PcCovidAppFactory app, FacilityKind kind, string communeCode)
    {
        await using AsyncServiceScope services = app.Services.CreateAsyncScope();
        PcCovid.Data.PcCovidDbContext db = services.ServiceProvider.GetRequiredService<PcCovid.Data.PcCovidDbContext>();
        var facility = Facility.Register(kind, $"Cơ sở thử {kind}", communeCode, services.ServiceProvider.GetRequiredService<ReferenceData>().Catalog, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        return facility.Id;
    }

    public static string CurrentTotp(string sharedKey) =>
        new Totp(Base32Encoding.ToBytes(sharedKey.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant())).ComputeTotp();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
