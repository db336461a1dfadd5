using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PcCovid.Data;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Card;

public sealed class CardApiTests
{
    [Theory, BothProviders]
    public async Task Card_ComesFromTheRuleOfTheProvinceInForce_AndOnlyForMeOrMyDependants(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson me = await people.AddAsync(new DateOnly(1980, 1, 1), phone: "+84912800001");
        TestPerson stranger = await people.AddAsync(new DateOnly(1981, 1, 1), phone: "+84912800002");
        HttpClient client = await TestAccounts.SignInCitizenAsync(app, me);

        // Hà Nội has no provincial card rule: the national neutral rule gives the pale-green card.
        JsonElement card = await client.GetFromJsonAsync<JsonElement>("/api/me/card");
        Assert.Equal("pale-green", card.GetProperty("colour").GetString());
        Assert.Equal("national", card.GetProperty("ruleScope").GetString());
        Assert.False(string.IsNullOrEmpty(card.GetProperty("whyVietnamese").GetString()));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/me/card?personId={stranger.Id}")).StatusCode);
    }
}
