using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PcCovid.Data;
using PcCovid.Domain.People;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Access;

/// <summary>Acting for others: household minors and phoneless elders, and adults who consent; either side ends it.</summary>
public sealed class DependantsTests
{
    private const string Household = "0010000000501";

    [Theory, BothProviders]
    public async Task Guardian_TakesAMinorFromTheHousehold_ActsForIt_ThenDropsIt(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson guardian = await people.AddAsync(new DateOnly(1984, 6, 1), phone: "+84912500001", household: Household);
        TestPerson child = await people.AddAsync(new DateOnly(2014, 9, 2), Sex.Female, household: Household, relation: HouseholdRelation.Child);
        TestPerson adultWithPhone = await people.AddAsync(new DateOnly(1999, 1, 3), phone: "+84912500003", household: Household, relation: HouseholdRelation.Child);
        TestPerson elderWithoutPhone = await people.AddAsync(new DateOnly(1950, 2, 4), Sex.Female, household: Household, relation: HouseholdRelation.Other);
        TestPerson elderWithPhone = await people.AddAsync(new DateOnly(1948, 2, 5), phone: "+84912500005", household: Household, relation: HouseholdRelation.Other);
        HttpClient client = await TestAccounts.SignInCitizenAsync(app, guardian);

        List<long> candidates = (await client.GetFromJsonAsync<JsonElement>("/api/me/dependants/candidates")).EnumerateArray()
            .Select(c => c.GetProperty("personId").GetInt64()).Order().ToList();
        Assert.Equal(new[] { child.Id, elderWithoutPhone.Id }.Order(), candidates);

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/me/dependants", new { personId = adultWithPhone.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/me/dependants", new { personId = elderWithPhone.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/citizen/people/{child.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/me/dependants", new { personId = child.Id })).StatusCode);
        JsonElement record = await client.GetFromJsonAsync<JsonElement>($"/api/citizen/people/{child.Id}");
        Assert.Equal(child.Id, record.GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync("/api/me/acting-for", new { personId = child.Id })).StatusCode);
        JsonElement me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(child.Id, me.GetProperty("actingForPersonId").GetInt64());
        Assert.Contains(me.GetProperty("dependants").EnumerateArray(), d => d.GetProperty("personId").GetInt64() == child.Id && d.GetProperty("basis").GetString() == "household-minor");

        // Already a dependant: no longer a candidate, and a second add is refused.
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/api/me/dependants/candidates")).EnumerateArray(), c => c.GetProperty("personId").GetInt64() == child.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/me/dependants", new { personId = child.Id })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/me/dependants/{child.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/citizen/people/{child.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/me/acting-for", new { personId = child.Id })).StatusCode);
        me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(JsonValueKind.Null, me.GetProperty("actingForPersonId").ValueKind);
        Assert.Empty(me.GetProperty("dependants").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/me/dependants/{child.Id}")).StatusCode);
    }

    [Theory, BothProviders]
    public async Task Adult_ConsentsToAGuardian_ThenWithdraws(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson guardian = await people.AddAsync(new DateOnly(1985, 7, 1), phone: "+84912500011");
        TestPerson parent = await people.AddAsync(new DateOnly(1955, 8, 2), Sex.Female, phone: "+84912500012", district: 1);
        HttpClient guardianClient = await TestAccounts.SignInCitizenAsync(app, guardian);
        HttpClient parentClient = await TestAccounts.SignInCitizenAsync(app, parent);
        Assert.Equal(HttpStatusCode.NotFound, (await guardianClient.GetAsync($"/api/citizen/people/{parent.Id}")).StatusCode);

        // The ID alone, or with another person's phone, names nobody.
        Assert.Equal(HttpStatusCode.NotFound, (await parentClient.PostAsJsonAsync("/api/me/guardians", new { guardianCitizenId = guardian.CitizenId, guardianPhone = "+84912500099" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await parentClient.PostAsJsonAsync("/api/me/guardians", new { guardianCitizenId = guardian.CitizenId, guardianPhone = "0912 500 011" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guardianClient.GetAsync($"/api/citizen/people/{parent.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await guardianClient.PutAsJsonAsync("/api/me/acting-for", new { personId = parent.Id })).StatusCode);
        JsonElement parentMe = await parentClient.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Contains(parentMe.GetProperty("guardians").EnumerateArray(), g => g.GetProperty("personId").GetInt64() == guardian.Id && g.GetProperty("basis").GetString() == "consent");

        Assert.Equal(HttpStatusCode.NoContent, (await parentClient.DeleteAsync($"/api/me/guardians/{guardian.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guardianClient.GetAsync($"/api/citizen/people/{parent.Id}")).StatusCode);
        JsonElement guardianMe = await guardianClient.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(JsonValueKind.Null, guardianMe.GetProperty("actingForPersonId").ValueKind);
    }
}
