using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Audit;

namespace PcCovid.IntegrationTests.Access;

/// <summary>A staff read over HTTP lands in the audit log, the auditor finds it, the citizen sees it without the reader's account, and the chain verifies.</summary>
public sealed class AuditOverHttpTests
{
    [Theory, BothProviders]
    public async Task StaffRead_IsAudited_SeenByAuditorAndCitizen_AndTheChainVerifies(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1978, 11, 12), phone: "+84912600001");
        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, person);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/api/citizen/people/{person.Id}")).StatusCode);

        HttpClient epidemiologist = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(person.DistrictCode));
        Assert.Equal(HttpStatusCode.OK, (await epidemiologist.GetAsync($"/api/staff/people/{person.Id}?purpose=case-investigation")).StatusCode);

        HttpClient auditor = await TestAccounts.SignInStaffAsync(app, StaffRole.Auditor, AccessScope.National);
        JsonElement found = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?subjectPersonId={person.Id}&action=person.read");
        JsonElement read = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal("epidemiologist", read.GetProperty("actorRole").GetString());
        Assert.Equal($"district:{person.DistrictCode}", read.GetProperty("actorScope").GetString());
        Assert.Equal(person.Id, read.GetProperty("subjectPersonId").GetInt64());
        Assert.Equal("case-investigation", read.GetProperty("purpose").GetString());
        string staffAccount = read.GetProperty("actorAccountId").GetString()!;
        Assert.NotEqual(Guid.Empty, Guid.Parse(staffAccount));

        HttpResponseMessage logResponse = await citizen.GetAsync("/api/me/access-log");
        string logText = await logResponse.Content.ReadAsStringAsync();
        JsonElement[] items = JsonDocument.Parse(logText).RootElement.GetProperty("items").EnumerateArray().ToArray();
        JsonElement seen = Assert.Single(items, i => i.GetProperty("action").GetString() == "person.read");
        Assert.Equal("epidemiologist", seen.GetProperty("actorRole").GetString());
        Assert.Equal("case-investigation", seen.GetProperty("purpose").GetString());
        Assert.Equal("Điều tra ca bệnh", seen.GetProperty("purposeVietnamese").GetString());
        Assert.DoesNotContain(staffAccount, logText, StringComparison.OrdinalIgnoreCase);
        Assert.False(seen.TryGetProperty("actorAccountId", out _));
        Assert.False(seen.TryGetProperty("sourceAddress", out _));

        // The citizen's own account's entries (the identity link at first sign-in) are not "someone read my data".
        Assert.DoesNotContain(items, i => i.GetProperty("actorRole").GetString() == "citizen");
        Assert.DoesNotContain(items, i => i.GetProperty("action").GetString() == "account.link");

        await using (AsyncServiceScope scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SealAuditChain>().SealPendingAsync(CancellationToken.None);
        }

        JsonElement verified = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verified.GetProperty("intact").GetBoolean(), verified.ToString());
        Assert.True(verified.GetProperty("entriesChecked").GetInt64() >= 3, verified.ToString());
    }
}
