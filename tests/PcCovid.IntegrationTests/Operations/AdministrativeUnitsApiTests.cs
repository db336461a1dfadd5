using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PcCovid.Data;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Operations;

public sealed class AdministrativeUnitsApiTests
{
    [Theory, BothProviders]
    public async Task Resolve_WrittenNamesWithoutDiacritics_GivesTheCodes(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        HttpClient client = app.CreateClient();

        JsonElement resolved = await client.GetFromJsonAsync<JsonElement>("/api/admin-units/resolve?province=Ha%20Noi&district=Quan%20Ba%20Dinh&commune=Phuc%20Xa");

        Assert.Equal("01", resolved.GetProperty("provinceCode").GetString());
        Assert.Equal("001", resolved.GetProperty("districtCode").GetString());
        Assert.Equal("00001", resolved.GetProperty("communeCode").GetString());
    }

    [Theory, BothProviders]
    public async Task Resolve_AnUnknownCommune_IsAProblemDetailsSayingHowFarItGot(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        HttpClient client = app.CreateClient();

        HttpResponseMessage response = await client.GetAsync("/api/admin-units/resolve?province=Hà%20Nội&district=Ba%20Đình&commune=Nowhere");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unknown commune in that district", problem.GetProperty("detail").GetString());
        Assert.Equal("001", problem.GetProperty("districtCode").GetString());
    }

    [Theory, BothProviders]
    public async Task Children_OfAProvince_AreItsDistricts(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        HttpClient client = app.CreateClient();

        JsonElement districts = await client.GetFromJsonAsync<JsonElement>("/api/admin-units/01/children");
        JsonElement provinces = await client.GetFromJsonAsync<JsonElement>("/api/admin-units/provinces");

        Assert.Equal(30, districts.GetArrayLength());
        Assert.Equal(63, provinces.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/admin-units/99/children")).StatusCode);
    }
}
