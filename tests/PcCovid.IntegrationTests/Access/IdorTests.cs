using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.People;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Access;

/// <summary>Changing an id in a URL or body never reaches another person's data: the answer is 404, as for nobody.</summary>
public sealed class IdorTests
{
    [Theory, BothProviders]
    public async Task Citizen_CannotReachAnotherPerson_ByChangingAnId(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson a = await people.AddAsync(new DateOnly(1980, 1, 1), phone: "+84912400001", household: "0010000000401");
        TestPerson b = await people.AddAsync(new DateOnly(1982, 2, 2), phone: "+84912400002", household: "0010000000402");
        TestPerson bChild = await people.AddAsync(new DateOnly(2016, 3, 3), Sex.Female, household: "0010000000402", relation: HouseholdRelation.Child);

        HttpClient clientB = await TestAccounts.SignInCitizenAsync(app, b);
        Assert.Equal(HttpStatusCode.NoContent, (await clientB.PostAsJsonAsync("/api/me/dependants", new { personId = bChild.Id })).StatusCode);
        HttpClient clientA = await TestAccounts.SignInCitizenAsync(app, a);

        Assert.Equal(HttpStatusCode.NotFound, (await clientA.GetAsync($"/api/citizen/people/{b.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.GetAsync($"/api/citizen/people/{bChild.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.PutAsJsonAsync("/api/me/acting-for", new { personId = b.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.PutAsJsonAsync("/api/me/acting-for", new { personId = bChild.Id })).StatusCode);

        // B's minor child is a dependant candidate for B's household, not for A's.
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.PostAsJsonAsync("/api/me/dependants", new { personId = bChild.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.PostAsJsonAsync("/api/me/dependants", new { personId = b.Id })).StatusCode);

        // B's guardianship of the child is not A's to end, from either side.
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.DeleteAsync($"/api/me/guardians/{b.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.DeleteAsync($"/api/me/dependants/{bChild.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clientB.GetAsync($"/api/citizen/people/{bChild.Id}")).StatusCode);

        // A's record was not switched to anyone else.
        JsonElement me = await clientA.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(a.Id, me.GetProperty("person").GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("actingForPersonId").ValueKind);

        // A staff read of B shows in B's access log and never in A's.
        HttpClient epidemiologist = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(b.DistrictCode));
        Assert.Equal(HttpStatusCode.OK, (await epidemiologist.GetAsync($"/api/staff/people/{b.Id}?purpose=contact-tracing")).StatusCode);
        JsonElement logB = await clientB.GetFromJsonAsync<JsonElement>("/api/me/access-log");
        JsonElement logA = await clientA.GetFromJsonAsync<JsonElement>("/api/me/access-log");
        Assert.Contains(logB.GetProperty("items").EnumerateArray(), i => i.GetProperty("action").GetString() == "person.read");
        Assert.Empty(logA.GetProperty("items").EnumerateArray());
        JsonElement logAFromTheTop = await clientA.GetFromJsonAsync<JsonElement>("/api/me/access-log?before=9223372036854775807&limit=200");
        Assert.Empty(logAFromTheTop.GetProperty("items").EnumerateArray());
    }

    [Theory, BothProviders]
    public async Task DistrictOfficer_SeesOwnDistrictOnly_AndMustStateAPurposeOfTheirRole(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson inside = await people.AddAsync(new DateOnly(1975, 4, 4), district: 0);
        TestPerson outside = await people.AddAsync(new DateOnly(1976, 5, 5), district: 1);
        HttpClient officer = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(inside.DistrictCode));

        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/staff/people/{inside.Id}?purpose=contact-tracing")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync("/api/staff/people/lookup", new { citizenId = inside.CitizenId, purpose = "contact-tracing" })).StatusCode);

        HttpResponseMessage record = await officer.GetAsync($"/api/staff/people/{outside.Id}?purpose=contact-tracing");
        HttpResponseMessage nobody = await officer.GetAsync("/api/staff/people/987654321?purpose=contact-tracing");
        Assert.Equal(HttpStatusCode.NotFound, record.StatusCode);
        Assert.Equal(await WithoutTraceIdAsync(nobody), await WithoutTraceIdAsync(record));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.PostAsJsonAsync("/api/staff/people/lookup", new { citizenId = outside.CitizenId, purpose = "contact-tracing" })).StatusCode);

        foreach (string query in new[] { string.Empty, "?purpose=", "?purpose=vaccination", "?purpose=curiosity", "?purpose=identity-resolution" })
        {
            HttpResponseMessage response = await officer.GetAsync($"/api/staff/people/{inside.Id}{query}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync("/api/staff/people/lookup", new { citizenId = inside.CitizenId, purpose = "lab-result-entry" })).StatusCode);

        // A lab may look a person up by exact ID for its work, never open a record.
        long lab = await TestAccounts.AddFacilityAsync(app, FacilityKind.Lab, inside.CommuneCode);
        HttpClient labClient = await TestAccounts.SignInStaffAsync(app, StaffRole.Lab, AccessScope.Facility(lab));
        Assert.Equal(HttpStatusCode.Forbidden, (await labClient.GetAsync($"/api/staff/people/{inside.Id}?purpose=lab-result-entry")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await labClient.PostAsJsonAsync("/api/staff/people/lookup", new { citizenId = outside.CitizenId, purpose = "lab-result-entry" })).StatusCode);
    }

    private static async Task<string> WithoutTraceIdAsync(HttpResponseMessage response) =>
        System.Text.RegularExpressions.Regex.Replace(await response.Content.ReadAsStringAsync(), "\"traceId\":\"[^\"]*\"", string.Empty);
}
