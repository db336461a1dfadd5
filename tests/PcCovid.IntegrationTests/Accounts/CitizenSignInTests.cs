using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PcCovid.Data;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Accounts;

public sealed class CitizenSignInTests
{
    private static readonly DateOnly s_adultBirthday = new(1985, 3, 14);

    [Theory, BothProviders]
    public async Task SignIn_WithTheTextedCode_ThenIdentity_LinksTheAccountToThatPerson(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(s_adultBirthday, phone: "+84912000001");

        HttpClient client = TestAccounts.NewClient(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);

        // The number is written the way people type it; the account is keyed by E.164.
        Assert.Equal(HttpStatusCode.Accepted, (await TestAccounts.RequestCodeAsync(client, "0912 000 001")).StatusCode);
        HttpResponseMessage signedIn = await TestAccounts.SendCodeAsync(client, "+84 912 000 001", TestAccounts.LastCodeTo(app, "+84912000001"));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal("confirm-identity", (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("next").GetString());

        // Signed in but not yet confirmed: no personal data.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/me")).StatusCode);
        HttpResponseMessage confirmed = await client.PostAsJsonAsync("/api/auth/citizen/confirm-identity", new { citizenId = person.CitizenId, birthDate = person.BirthDate });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);

        JsonElement me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(person.Id, me.GetProperty("person").GetProperty("id").GetInt64());
    }

    [Theory, BothProviders]
    public async Task Confirmation_NeedsIdBirthDateAndPhoneToAgree(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson owner = await people.AddAsync(s_adultBirthday, phone: "+84912000002");
        TestPerson stranger = await people.AddAsync(new DateOnly(1990, 1, 2), phone: "+84912000099");

        HttpClient client = TestAccounts.NewClient(app);
        await TestAccounts.RequestCodeAsync(client, owner.Phone!);
        HttpResponseMessage signedIn = await TestAccounts.SendCodeAsync(client, owner.Phone!, TestAccounts.LastCodeTo(app, owner.Phone!));
        Assert.True(signedIn.StatusCode == HttpStatusCode.OK, await signedIn.Content.ReadAsStringAsync() + app.Logs.Errors);

        // Someone else's ID and birthday are not enough without their phone; a wrong birthday fails too.
        HttpResponseMessage other = await client.PostAsJsonAsync("/api/auth/citizen/confirm-identity", new { citizenId = stranger.CitizenId, birthDate = stranger.BirthDate });
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        HttpResponseMessage wrongDay = await client.PostAsJsonAsync("/api/auth/citizen/confirm-identity", new { citizenId = owner.CitizenId, birthDate = "15/03/1985" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongDay.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Theory, BothProviders]
    public async Task SharedFamilyPhone_LinksOnlyThePersonWhoConfirms(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson father = await people.AddAsync(s_adultBirthday, phone: "+84912000003", household: "0010000000001");
        TestPerson daughter = await people.AddAsync(new DateOnly(2001, 6, 1), Domain.People.Sex.Female, phone: "+84912000003", household: "0010000000001", relation: Domain.People.HouseholdRelation.Child);

        HttpClient client = await TestAccounts.SignInCitizenAsync(app, daughter);
        JsonElement me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(daughter.Id, me.GetProperty("person").GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/citizen/people/{father.Id}")).StatusCode);
    }

    [Theory, BothProviders]
    public async Task UnknownAndKnownNumbers_GetTheSameAnswers(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        await new TestPeople(app).AddAsync(s_adultBirthday, phone: "+84912000004");
        HttpClient client = TestAccounts.NewClient(app);

        HttpResponseMessage known = await TestAccounts.RequestCodeAsync(client, "+84912000004");
        HttpResponseMessage unknown = await TestAccounts.RequestCodeAsync(client, "+84912999999");
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());

        // Never asked for a code, and asked but wrong: one wording.
        HttpResponseMessage neverAsked = await TestAccounts.SendCodeAsync(client, "+84912888888", "123456");
        HttpResponseMessage wrong = await TestAccounts.SendCodeAsync(client, "+84912000004", Wrong(TestAccounts.LastCodeTo(app, "+84912000004")));
        Assert.Equal(HttpStatusCode.BadRequest, neverAsked.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(await Detail(neverAsked), await Detail(wrong));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("+1 202 555 0100")]
    [InlineData("09123456789012")]
    [InlineData("không có số")]
    public async Task MalformedNumbers_AreRefusedWithAReason(string phone)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database);
        HttpResponseMessage response = await TestAccounts.RequestCodeAsync(TestAccounts.NewClient(app), phone);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Not a valid phone number", await Detail(response), StringComparison.Ordinal);
    }

    [Theory, BothProviders]
    public async Task Code_WorksOnce(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(s_adultBirthday, phone: "+84912000005");
        HttpClient first = TestAccounts.NewClient(app);
        await TestAccounts.RequestCodeAsync(first, person.Phone!);
        string code = TestAccounts.LastCodeTo(app, person.Phone!);
        Assert.Equal(HttpStatusCode.OK, (await TestAccounts.SendCodeAsync(first, person.Phone!, code)).StatusCode);

        HttpResponseMessage replay = await TestAccounts.SendCodeAsync(TestAccounts.NewClient(app), person.Phone!, code);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
    }

    [Theory, BothProviders]
    public async Task Code_ExpiresOnThePlatformClock(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?> { ["SignIn:CodeLifetime"] = "00:05:00" }, clock);
        TestPerson person = await new TestPeople(app).AddAsync(s_adultBirthday, phone: "+84912000006");
        HttpClient client = TestAccounts.NewClient(app);
        await TestAccounts.RequestCodeAsync(client, person.Phone!);
        string code = TestAccounts.LastCodeTo(app, person.Phone!);

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.BadRequest, (await TestAccounts.SendCodeAsync(client, person.Phone!, code)).StatusCode);
    }

    [Theory, BothProviders]
    public async Task GuessingCodes_VoidsTheCodeThenLocksTheAccount(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?>
        {
            ["SignIn:MaxAttemptsPerCode"] = "3",
            ["SignIn:LockoutAfterFailures"] = "5",
        }, clock);
        TestPerson person = await new TestPeople(app).AddAsync(s_adultBirthday, phone: "+84912000007");
        HttpClient client = TestAccounts.NewClient(app);

        await TestAccounts.RequestCodeAsync(client, person.Phone!);
        string code = TestAccounts.LastCodeTo(app, person.Phone!);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await TestAccounts.SendCodeAsync(client, person.Phone!, Wrong(code))).StatusCode);
        }

        // The right code after three wrong ones: the code is void.
        Assert.Equal(HttpStatusCode.BadRequest, (await TestAccounts.SendCodeAsync(client, person.Phone!, code)).StatusCode);

        // Two more wrong guesses on a new code reach five failures: locked out, even with the right code.
        clock.Advance(TimeSpan.FromMinutes(2));
        await TestAccounts.RequestCodeAsync(client, person.Phone!);
        string second = TestAccounts.LastCodeTo(app, person.Phone!);
        await TestAccounts.SendCodeAsync(client, person.Phone!, Wrong(second));
        await TestAccounts.SendCodeAsync(client, person.Phone!, Wrong(second));
        Assert.Equal(HttpStatusCode.BadRequest, (await TestAccounts.SendCodeAsync(client, person.Phone!, second)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Theory, BothProviders]
    public async Task Resending_IsLimitedPerNumber(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?> { ["SignIn:MaxCodesPerHour"] = "2" }, clock);
        HttpClient client = TestAccounts.NewClient(app);

        HttpResponseMessage first = await TestAccounts.RequestCodeAsync(client, "+84912000008");
        Assert.True(first.StatusCode == HttpStatusCode.Accepted, app.Logs.Errors);
        HttpResponseMessage tooSoon = await TestAccounts.RequestCodeAsync(client, "+84912000008");
        Assert.True(tooSoon.StatusCode == HttpStatusCode.TooManyRequests, app.Logs.Errors);
        Assert.True((await tooSoon.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("retryAfterSeconds").GetInt32() > 0);

        clock.Advance(TimeSpan.FromMinutes(2));
        HttpResponseMessage third = await TestAccounts.RequestCodeAsync(client, "+84912000008");
        Assert.True(third.StatusCode == HttpStatusCode.Accepted, app.Logs.Errors);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TestAccounts.RequestCodeAsync(client, "+84912000008")).StatusCode);

        // Another number is not held back by the first one's limit.
        Assert.Equal(HttpStatusCode.Accepted, (await TestAccounts.RequestCodeAsync(client, "+84912000009")).StatusCode);
    }

    [Fact]
    public async Task SignInRequests_AreLimitedPerClientAddress()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?> { ["SignIn:RequestsPerAddressPerMinute"] = "3" });
        HttpClient client = TestAccounts.NewClient(app);

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            statuses.Add((await TestAccounts.RequestCodeAsync(client, $"+8491200010{i}")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
    }

    private static string Wrong(string code) => code == "000000" ? "111111" : "000000";

    private static async Task<string> Detail(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? string.Empty;
}
