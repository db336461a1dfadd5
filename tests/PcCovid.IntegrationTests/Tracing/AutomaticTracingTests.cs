using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Domain.Tracing;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Tracing;

namespace PcCovid.IntegrationTests.Tracing;

/// <summary>
/// A new case is traced from the outbox without anyone pressing a button: venue contacts and household members
/// become F1 with their evidence, each F1 gets one alert with what to do, the CDC reads the list; processing the
/// same event again (at-least-once) changes nothing; a contact who becomes a case is linked.
/// </summary>
public sealed class AutomaticTracingTests
{
    private static readonly Dictionary<string, string?> s_settings = new() { ["Tracing:WorkerEnabled"] = "false" };

    [Theory, BothProviders]
    public async Task CaseOpened_IsTraced_ContactsWrittenOnce_F1Alerted_CdcReadsTheList(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, s_settings);
        _ = app.Server;
        var people = new TestPeople(app);
        TestPerson f0 = await people.AddAsync(new DateOnly(1980, 1, 1), household: "0019876543210");
        TestPerson spouse = await people.AddAsync(new DateOnly(1982, 2, 2), household: "0019876543210", relation: HouseholdRelation.Child, phone: "+84912000101");
        TestPerson colleague = await people.AddAsync(new DateOnly(1990, 3, 3), phone: "+84912000102");
        TestPerson passerBy = await people.AddAsync(new DateOnly(1991, 4, 4));
        TestPerson longAgo = await people.AddAsync(new DateOnly(1992, 5, 5));

        DateTime now = TimeProvider.System.GetUtcNow().UtcDateTime;
        DateTime sampled = now.AddHours(-6);
        ICheckInStore store = app.Services.GetRequiredService<ICheckInStore>();
        DateTime at = now.AddDays(-1);
        await store.AppendAsync(
        [
            new CheckIn(7, f0.Id, at, at.AddHours(2), CheckInMethod.CitizenScan, SourceSystems.PcCovid, "f0"),
            new CheckIn(7, colleague.Id, at.AddMinutes(30), null, CheckInMethod.CitizenScan, SourceSystems.PcCovid, "colleague"), // assumed dwell
            new CheckIn(7, passerBy.Id, at.AddHours(2).AddMinutes(10), at.AddHours(3), CheckInMethod.CitizenScan, SourceSystems.PcCovid, "passer"), // 5 min in the buffer only
            new CheckIn(7, longAgo.Id, now.AddDays(-9), null, CheckInMethod.CitizenScan, SourceSystems.PcCovid, "old-f0-peer"),
            new CheckIn(7, f0.Id, now.AddDays(-9), null, CheckInMethod.CitizenScan, SourceSystems.PcCovid, "old-f0"), // before the window
        ], CancellationToken.None);

        long caseId = await OpenCaseAsync(app, f0.Id, sampled);
        CaseTracingWorker worker = app.Services.GetRequiredService<CaseTracingWorker>();
        Assert.Equal(1, await worker.ProcessPendingAsync(CancellationToken.None));
        Assert.Equal(0, await worker.ProcessPendingAsync(CancellationToken.None));

        await using (PcCovidDbContext db = app.NewDbContext())
        {
            List<CaseContact> contacts = await db.CaseContacts.Include(c => c.Evidence).Where(c => c.CaseId == caseId).OrderBy(c => c.PersonId).ToListAsync();
            Assert.Equal(new long?[] { spouse.Id, colleague.Id }.Order(), contacts.Select(c => c.PersonId));
            CaseContact venue = contacts.Single(c => c.PersonId == colleague.Id);
            Assert.Equal((ContactSources.Venue, 1), (venue.Sources, venue.Degree));
            ContactEvidence evidence = Assert.Single(venue.Evidence);
            Assert.Equal((7L, at.AddMinutes(30), at.AddMinutes(90)), (evidence.VenueId!.Value, evidence.OverlapStartUtc!.Value, evidence.OverlapEndUtc!.Value), new TimeTolerance());
            Assert.Equal("0019876543210", Assert.Single(contacts.Single(c => c.PersonId == spouse.Id).Evidence).HouseholdCode);
            Assert.Equal(2, await db.Notifications.CountAsync(n => n.Kind == Notification.F1Alert));
            Assert.NotNull((await db.CaseEvents.SingleAsync(e => e.CaseId == caseId)).ProcessedAtUtc);

            // At-least-once: the same event delivered again (processed mark lost) writes nothing twice.
            await db.CaseEvents.Where(e => e.CaseId == caseId).ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAtUtc, (DateTime?)null));
        }

        Assert.Equal(1, await worker.ProcessPendingAsync(CancellationToken.None));
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(2, await db.CaseContacts.CountAsync(c => c.CaseId == caseId));
            Assert.Equal(2, await db.ContactEvidence.CountAsync());
            Assert.Equal(2, await db.Notifications.CountAsync());
        }

        // The F1 sees the alert with what to do; the SMS went to the dev outbox.
        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, colleague);
        JsonElement feed = await citizen.GetFromJsonAsync<JsonElement>("/api/me/notifications");
        JsonElement alert = Assert.Single(feed.GetProperty("items").EnumerateArray());
        Assert.Contains("F1", alert.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("cùng địa điểm", alert.GetProperty("body").GetString(), StringComparison.Ordinal);

        // The local CDC: purpose required, jurisdiction applied, the list with evidence, CSV for the commune.
        HttpClient cdc = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(f0.DistrictCode));
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.GetAsync($"/api/staff/cases/{caseId}/contacts")).StatusCode);
        JsonElement list = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/cases/{caseId}/contacts?purpose=contact-tracing");
        Assert.Equal(2, list.GetProperty("contacts").GetArrayLength());
        string csv = await cdc.GetStringAsync($"/api/staff/cases/{caseId}/contacts?purpose=contact-tracing&format=csv");
        Assert.Equal(3, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        string otherDistrict = people.HanoiDistrict(f0.DistrictCode == people.HanoiDistrict(1).District ? 2 : 1).District;
        HttpClient elsewhere = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(otherDistrict));
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.GetAsync($"/api/staff/cases/{caseId}/contacts?purpose=contact-tracing")).StatusCode);

        // An investigator adds a named contact and a free-text one; an unknown citizen ID is a clear error.
        Assert.Equal(HttpStatusCode.Created, (await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/contacts",
            new { citizenId = passerBy.CitizenId, note = "Ăn trưa cùng bàn", purpose = "contact-tracing" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/contacts",
            new { freeText = "Người bán hàng ở chợ, khoảng 50 tuổi", purpose = "contact-tracing" })).StatusCode);
        HttpResponseMessage unknown = await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/contacts", new { citizenId = "001099000001", purpose = "contact-tracing" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        // The colleague tests positive: their case is linked to the contact (the chain is kept).
        long second = await OpenCaseAsync(app, colleague.Id, TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-1));
        Assert.Equal(1, await worker.ProcessPendingAsync(CancellationToken.None));
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(second, (await db.CaseContacts.SingleAsync(c => c.CaseId == caseId && c.PersonId == colleague.Id)).BecameCaseId);
            Assert.Equal(4, await db.CaseContacts.CountAsync(c => c.CaseId == caseId));
        }

        // The graph: the case, four contacts, the case the colleague became; edges carry the evidence.
        JsonElement graph = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/cases/{caseId}/graph?purpose=contact-tracing");
        Assert.Equal(6, graph.GetProperty("nodes").GetArrayLength());
        Assert.Contains(graph.GetProperty("edges").EnumerateArray(), e => e.GetProperty("kind").GetString() == "became-case" && e.GetProperty("from").GetString() == $"person:{colleague.Id}");
        Assert.Contains(graph.GetProperty("edges").EnumerateArray(), e => e.GetProperty("evidence").EnumerateArray().Any(v => v.GetProperty("venueId").ValueKind == JsonValueKind.Number));
    }

    private static async Task<long> OpenCaseAsync(PcCovidAppFactory app, long personId, DateTime sampledUtc)
    {
        await using PcCovidDbContext db = app.NewDbContext();
        var opened = Case.OpenFromResult(personId, 1, sampledUtc, TimeProvider.System.GetUtcNow().UtcDateTime);
        db.Cases.Add(opened);
        await db.SaveChangesAsync();
        db.CaseEvents.Add(CaseEvent.Opened(opened, TimeProvider.System.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
        return opened.Id;
    }

    private sealed class TimeTolerance : IEqualityComparer<(long, DateTime, DateTime)>
    {
        public bool Equals((long, DateTime, DateTime) x, (long, DateTime, DateTime) y) =>
            x.Item1 == y.Item1 && Math.Abs((x.Item2 - y.Item2).TotalMilliseconds) < 1 && Math.Abs((x.Item3 - y.Item3).TotalMilliseconds) < 1;

        public int GetHashCode((long, DateTime, DateTime) obj) => obj.Item1.GetHashCode();
    }
}
