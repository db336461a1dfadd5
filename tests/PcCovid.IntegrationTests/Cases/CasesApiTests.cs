using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Access;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Tracing;

namespace PcCovid.IntegrationTests.Cases;

/// <summary>
/// The epidemiologist's cases API: a case entered by hand with an onset date is traced from its onset window by the
/// worker; its status moves only along the allowed transitions; the list is the jurisdiction's, keyset and audited;
/// the detail carries contacts, clusters and the case it came from; clusters group cases and draw their chain.
/// </summary>
public sealed class CasesApiTests
{
    private static readonly Dictionary<string, string?> s_settings = new() { ["Tracing:WorkerEnabled"] = "false" };

    [Theory, BothProviders]
    public async Task ManualCase_TracedFromOnset_StatusTransitions_ListDetailAndClusters(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, s_settings);
        _ = app.Server;
        var people = new TestPeople(app);
        TestPerson f0 = await people.AddAsync(new DateOnly(1980, 1, 1));
        TestPerson colleague = await people.AddAsync(new DateOnly(1990, 3, 3), phone: "+84912000201");
        TestPerson second = await people.AddAsync(new DateOnly(1991, 4, 4));
        TestPerson elsewhere = await people.AddAsync(new DateOnly(1992, 5, 5), district: 1);

        DateTime now = TimeProvider.System.GetUtcNow().UtcDateTime;
        DateOnly today = VietnamTime.Today(TimeProvider.System);
        DateTime at = now.AddDays(-5);
        ICheckInStore store = app.Services.GetRequiredService<ICheckInStore>();
        await store.AppendAsync(
        [
            new CheckIn(11, f0.Id, at, at.AddHours(2), CheckInMethod.CitizenScan, SourceSystems.PcCovid, "f0"),
            new CheckIn(11, colleague.Id, at.AddMinutes(20), at.AddHours(1), CheckInMethod.CitizenScan, SourceSystems.PcCovid, "colleague"),
        ], CancellationToken.None);

        HttpClient cdc = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(f0.DistrictCode));
        const string Purpose = "case-investigation";

        // Bad input: no dates, an unknown person, a person outside the jurisdiction, a future onset.
        HttpResponseMessage noDates = await cdc.PostAsJsonAsync("/api/staff/cases", new { citizenId = f0.CitizenId, purpose = Purpose });
        Assert.Equal(HttpStatusCode.BadRequest, noDates.StatusCode);
        Assert.Contains("invalid-case", await noDates.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.PostAsJsonAsync("/api/staff/cases", new { citizenId = "001099000002", onsetOn = today, purpose = Purpose })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.PostAsJsonAsync("/api/staff/cases", new { citizenId = elsewhere.CitizenId, onsetOn = today, purpose = Purpose })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.PostAsJsonAsync("/api/staff/cases", new { citizenId = f0.CitizenId, onsetOn = today.AddDays(1), purpose = Purpose })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.PostAsJsonAsync("/api/staff/cases", new { citizenId = f0.CitizenId, onsetOn = today })).StatusCode);

        // Onset four days ago: the window opens six days ago and takes in the stay of five days ago.
        HttpResponseMessage opened = await cdc.PostAsJsonAsync("/api/staff/cases", new { citizenId = f0.CitizenId, onsetOn = today.AddDays(-4), purpose = Purpose });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        JsonElement created = await opened.Content.ReadFromJsonAsync<JsonElement>();
        long caseId = created.GetProperty("id").GetInt64();
        Assert.True(created.GetProperty("enteredByHand").GetBoolean());
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("firstPositiveSampledAtUtc").ValueKind);
        HttpResponseMessage twice = await cdc.PostAsJsonAsync("/api/staff/cases", new { personId = f0.Id, sampledOn = today, purpose = Purpose });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

        CaseTracingWorker worker = app.Services.GetRequiredService<CaseTracingWorker>();
        Assert.Equal(1, await worker.ProcessPendingAsync(CancellationToken.None));
        JsonElement detail = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/cases/{caseId}?purpose={Purpose}");
        JsonElement contact = Assert.Single(detail.GetProperty("contacts").EnumerateArray());
        Assert.Equal(colleague.Id, contact.GetProperty("personId").GetInt64());
        Assert.Equal("venue", contact.GetProperty("evidence")[0].GetProperty("source").GetString());
        Assert.Equal(["recovered", "died", "not-a-case"], detail.GetProperty("allowedNextStatuses").EnumerateArray().Select(s => s.GetString()));

        // The colleague becomes a case by hand (sample today): the chain is kept, the detail says where it came from.
        JsonElement secondCase = await (await cdc.PostAsJsonAsync("/api/staff/cases", new { citizenId = colleague.CitizenId, sampledOn = today, purpose = Purpose }))
            .Content.ReadFromJsonAsync<JsonElement>();
        long colleagueCase = secondCase.GetProperty("id").GetInt64();
        Assert.Equal(1, await worker.ProcessPendingAsync(CancellationToken.None));
        JsonElement colleagueDetail = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/cases/{colleagueCase}?purpose={Purpose}");
        JsonElement source = Assert.Single(colleagueDetail.GetProperty("infectedBy").EnumerateArray());
        Assert.Equal(caseId, source.GetProperty("caseId").GetInt64());

        // Status: recovered, then only "not a case"; never back to active; a dead case stays dead.
        Assert.Equal(HttpStatusCode.OK, (await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/status", new { status = "recovered", purpose = Purpose })).StatusCode);
        HttpResponseMessage back = await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/status", new { status = "active", purpose = Purpose });
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        Assert.Contains("transition-not-allowed", await back.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/status", new { status = "died", purpose = Purpose })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/status", new { status = "cured", purpose = Purpose })).StatusCode);
        JsonElement third = await (await cdc.PostAsJsonAsync("/api/staff/cases", new { citizenId = second.CitizenId, sampledOn = today.AddDays(-1), purpose = Purpose }))
            .Content.ReadFromJsonAsync<JsonElement>();
        long thirdCase = third.GetProperty("id").GetInt64();

        // The list: newest first, keyset pages of 2, filtered by status; another district is refused; a commune of it is fine.
        JsonElement page1 = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/cases?purpose={Purpose}&limit=2");
        Assert.Equal([thirdCase, colleagueCase], page1.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        string next = page1.GetProperty("next").GetString()!;
        JsonElement page2 = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/cases{next}&purpose={Purpose}");
        Assert.Equal([caseId], page2.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next").ValueKind);
        JsonElement active = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/cases?purpose={Purpose}&status=active&commune={f0.CommuneCode}");
        Assert.Equal([thirdCase, colleagueCase], active.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        JsonElement recovered = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/cases?purpose={Purpose}&status=recovered");
        Assert.Equal(1, Assert.Single(recovered.GetProperty("items").EnumerateArray()).GetProperty("contacts").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.GetAsync($"/api/staff/cases?purpose={Purpose}&district={elsewhere.DistrictCode}")).StatusCode);
        HttpClient other = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(elsewhere.DistrictCode));
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>($"/api/staff/cases?purpose={Purpose}")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/staff/cases/{caseId}?purpose={Purpose}")).StatusCode);

        // Clusters: create in the jurisdiction, add cases (twice is once), list with counts, graph with the chain, remove.
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.PostAsJsonAsync("/api/staff/clusters",
            new { name = "Chợ", kind = "market", communeCode = elsewhere.CommuneCode, purpose = Purpose })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.PostAsJsonAsync("/api/staff/clusters",
            new { name = "Chợ", kind = "bazaar", communeCode = f0.CommuneCode, purpose = Purpose })).StatusCode);
        HttpResponseMessage made = await cdc.PostAsJsonAsync("/api/staff/clusters",
            new { name = "Chợ đầu mối", kind = "market", communeCode = f0.CommuneCode, startedOn = today.AddDays(-6), purpose = Purpose });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        long clusterId = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        foreach (long member in new[] { caseId, colleagueCase, colleagueCase, thirdCase })
        {
            Assert.Equal(HttpStatusCode.OK, (await cdc.PostAsJsonAsync($"/api/staff/clusters/{clusterId}/cases", new { caseId = member, purpose = Purpose })).StatusCode);
        }

        JsonElement clusters = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/clusters?district={f0.DistrictCode}");
        JsonElement summary = Assert.Single(clusters.GetProperty("items").EnumerateArray());
        Assert.Equal((3, 2), (summary.GetProperty("cases").GetInt32(), summary.GetProperty("activeCases").GetInt32()));
        JsonElement graph = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/clusters/{clusterId}/graph?purpose={Purpose}");
        Assert.Equal(4, graph.GetProperty("nodes").GetArrayLength());
        JsonElement infected = Assert.Single(graph.GetProperty("edges").EnumerateArray(), e => e.GetProperty("kind").GetString() == "infected");
        Assert.Equal(($"case:{caseId}", $"case:{colleagueCase}"), (infected.GetProperty("from").GetString(), infected.GetProperty("to").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await cdc.DeleteAsync($"/api/staff/clusters/{clusterId}/cases/{thirdCase}?purpose={Purpose}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cdc.DeleteAsync($"/api/staff/clusters/{clusterId}/cases/{thirdCase}?purpose={Purpose}")).StatusCode);
        JsonElement cluster = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/clusters/{clusterId}?purpose={Purpose}");
        Assert.Equal([caseId, colleagueCase], cluster.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("caseId").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/staff/clusters/{clusterId}?purpose={Purpose}")).StatusCode);
        JsonElement withCluster = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/cases/{caseId}?purpose={Purpose}");
        Assert.Equal(clusterId, Assert.Single(withCluster.GetProperty("clusters").EnumerateArray()).GetProperty("id").GetInt64());

        // Every read of personal data was audited with its purpose.
        await using PcCovidDbContext db = app.NewDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "case.list" && a.SubjectPersonId == f0.Id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "case.detail" && a.SubjectPersonId == colleague.Id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "case.status-changed" && a.SubjectPersonId == f0.Id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "cluster.detail" && a.SubjectPersonId == colleague.Id));
    }
}
