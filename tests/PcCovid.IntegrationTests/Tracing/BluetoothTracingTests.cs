using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Migration;
using PcCovid.Domain.Tracing;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Bluetooth;

namespace PcCovid.IntegrationTests.Tracing;

/// <summary>
/// Bluetooth as a contact source: temporary ids issued by the server open only with its key; a case's upload keeps
/// its valid sightings and refuses forged, expired, absurd and malformed ones one by one; an encounter is a contact
/// only above the rule's signal and duration; an epidemiologist uploads only with the case's code; the legacy
/// Bluezone encounters count in both directions. Interview contacts: a named person not known yet stays pending and a
/// later matching resolves it; a free-text one resolved by hand merges into the person's contact.
/// </summary>
public sealed class BluetoothTracingTests
{
    private static readonly Dictionary<string, string?> s_settings = new() { ["Tracing:WorkerEnabled"] = "false" };

    [Theory, BothProviders]
    public async Task Upload_ResolvesTempIds_KeepsValid_RefusesBad_CountsByRule_LegacyAndInterviewContacts(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, s_settings);
        _ = app.Server;
        var people = new TestPeople(app);
        TestPerson f0 = await people.AddAsync(new DateOnly(1980, 1, 1), phone: "+84912000301");
        TestPerson near = await people.AddAsync(new DateOnly(1990, 3, 3), phone: "+84912000302");
        TestPerson weak = await people.AddAsync(new DateOnly(1991, 4, 4));
        TestPerson brief = await people.AddAsync(new DateOnly(1992, 5, 5));
        TestPerson other = await people.AddAsync(new DateOnly(1993, 6, 6));
        TestPerson legacyPeer = await people.AddAsync(new DateOnly(1994, 7, 7));
        TestPerson legacyWeak = await people.AddAsync(new DateOnly(1995, 8, 8));
        TestPerson staffUploaded = await people.AddAsync(new DateOnly(1996, 9, 9));

        // The app's batch: consecutive windows of the rule's validity, each opening to the person it was issued to.
        TempIdKeyRing keys = app.Services.GetRequiredService<TempIdKeyRing>();
        HttpClient nearApp = await TestAccounts.SignInCitizenAsync(app, near);
        JsonElement batch = await nearApp.GetFromJsonAsync<JsonElement>("/api/me/bluetooth/temp-ids?count=3");
        Assert.Equal(15, batch.GetProperty("validityMinutes").GetInt32());
        JsonElement[] issued = [.. batch.GetProperty("tempIds").EnumerateArray()];
        Assert.Equal(3, issued.Length);
        TempIdKeyRing.Ring ring = await keys.GetAsync(CancellationToken.None);
        foreach (JsonElement id in issued)
        {
            Assert.Equal(TempIdProblem.None, BluetoothTempId.TryOpen(id.GetProperty("tempId").GetString(), k => ring.Keys.GetValueOrDefault(k), out OpenedTempId? opened));
            Assert.Equal((near.Id, id.GetProperty("validFromUtc").GetDateTime(), id.GetProperty("validToUtc").GetDateTime()), (opened!.PersonId, opened.ValidFromUtc, opened.ValidToUtc));
        }

        Assert.Equal(issued[0].GetProperty("validToUtc").GetDateTime(), issued[1].GetProperty("validFromUtc").GetDateTime());
        Assert.NotEqual(issued[0].GetProperty("tempId").GetString(), issued[1].GetProperty("tempId").GetString());
        // Not a case: nothing to upload.
        Assert.Equal(HttpStatusCode.NotFound, (await nearApp.PostAsJsonAsync("/api/me/bluetooth/encounters", new { encounters = new[] { new { tempId = "x" } } })).StatusCode);

        DateTime now = TimeProvider.System.GetUtcNow().UtcDateTime;
        DateTime slot = new(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        slot = slot.AddHours(-3);
        string Id(TestPerson person, DateTime from, TimeSpan validity) => BluetoothTempId.Issue(ring.ActiveKey, ring.ActiveKidBytes, person.Id, from, from + validity);
        TimeSpan quarter = TimeSpan.FromMinutes(15);
        string nearId = Id(near, slot, quarter);
        string forged = nearId[..30] + (nearId[30] == 'A' ? 'B' : 'A') + nearId[31..];
        var log = new object[]
        {
            new { tempId = nearId, firstSeenUtc = slot.AddMinutes(1), lastSeenUtc = slot.AddMinutes(18), rssi = -60, txPower = -8 }, // counts
            new { tempId = Id(weak, slot, quarter), firstSeenUtc = slot, lastSeenUtc = slot.AddMinutes(17), rssi = -85, txPower = -8 }, // too weak
            new { tempId = Id(brief, slot, quarter), firstSeenUtc = slot, lastSeenUtc = slot.AddMinutes(5), rssi = -55, txPower = -8 }, // too short
            new { tempId = forged, firstSeenUtc = slot, lastSeenUtc = slot.AddMinutes(16), rssi = -60, txPower = -8 },
            new { tempId = Id(other, slot.AddHours(-7), quarter), firstSeenUtc = slot, lastSeenUtc = slot.AddMinutes(16), rssi = -60, txPower = -8 }, // expired
            new { tempId = Id(other, slot.AddDays(-2), TimeSpan.FromDays(3)), firstSeenUtc = slot.AddDays(-2), lastSeenUtc = slot, rssi = -60, txPower = -8 }, // 48 h
            new { tempId = "not-a-temp-id", firstSeenUtc = slot, lastSeenUtc = slot.AddMinutes(16), rssi = -60, txPower = -8 },
            new { tempId = Id(other, slot, quarter), firstSeenUtc = slot, lastSeenUtc = slot.AddMinutes(16), rssi = (int?)null, txPower = -8 },
            new { tempId = Id(f0, slot, quarter), firstSeenUtc = slot, lastSeenUtc = slot.AddMinutes(16), rssi = -50, txPower = -8 }, // own phone
        };

        long caseId;
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            var opened = Case.OpenFromResult(f0.Id, 1, now.AddHours(-1), now);
            db.Cases.Add(opened);
            await db.SaveChangesAsync();
            caseId = opened.Id;
            // Bluezone: a legacy uploader saw the F0 (the other direction) for 20 minutes, strongly; another weakly.
            db.LegacyEncounters.Add(LegacyEncounter.Record("AAA111", "BBB222", legacyPeer.Id, f0.Id, now.AddDays(-1), now.AddDays(-1).AddMinutes(20), -65, -8, now));
            db.LegacyEncounters.Add(LegacyEncounter.Record("CCC333", "BBB222", legacyWeak.Id, f0.Id, now.AddDays(-1), now.AddDays(-1).AddMinutes(20), -95, -8, now));
            await db.SaveChangesAsync();
        }

        HttpClient f0App = await TestAccounts.SignInCitizenAsync(app, f0);
        HttpResponseMessage uploaded = await f0App.PostAsJsonAsync("/api/me/bluetooth/encounters", new { encounters = log });
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        JsonElement outcome = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((9, 3, 0), (outcome.GetProperty("received").GetInt32(), outcome.GetProperty("accepted").GetInt32(), outcome.GetProperty("alreadyUploaded").GetInt32()));
        Assert.Equal(
            [(3, "forged-temp-id"), (4, "expired-temp-id"), (5, "absurd-duration"), (6, "forged-temp-id"), (7, "missing-field"), (8, "invalid-encounter")],
            outcome.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("code").GetString())));
        // Traced again at once: the strong, long encounter and the strong legacy one are F1; the weak and brief ones are kept but are not contacts.
        Assert.Equal((2, 2), (outcome.GetProperty("f1").GetInt32(), outcome.GetProperty("newAlerts").GetInt32()));
        JsonElement again = await (await f0App.PostAsJsonAsync("/api/me/bluetooth/encounters", new { encounters = log })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 3), (again.GetProperty("accepted").GetInt32(), again.GetProperty("alreadyUploaded").GetInt32()));

        HttpClient cdc = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(f0.DistrictCode));
        JsonElement contacts = await cdc.GetFromJsonAsync<JsonElement>($"/api/staff/cases/{caseId}/contacts?purpose=contact-tracing");
        var byPerson = contacts.GetProperty("contacts").EnumerateArray().ToDictionary(c => c.GetProperty("personId").GetInt64());
        Assert.Equal(new[] { near.Id, legacyPeer.Id }.Order(), byPerson.Keys.Order());
        JsonElement nearEvidence = Assert.Single(byPerson[near.Id].GetProperty("evidence").EnumerateArray());
        Assert.Equal(("bluetooth", -60, "pccovid"), (nearEvidence.GetProperty("source").GetString(), nearEvidence.GetProperty("rssi").GetInt32(), nearEvidence.GetProperty("sourceSystem").GetString()));
        Assert.Equal("bluezone", Assert.Single(byPerson[legacyPeer.Id].GetProperty("evidence").EnumerateArray()).GetProperty("sourceSystem").GetString());
        JsonElement alert = Assert.Single((await nearApp.GetFromJsonAsync<JsonElement>("/api/me/notifications")).GetProperty("items").EnumerateArray());
        Assert.Contains("Bluetooth", alert.GetProperty("body").GetString(), StringComparison.Ordinal);

        // An epidemiologist uploads for the case only with the code the case's person reads in the app.
        var staffLog = new { tempId = Id(staffUploaded, slot, quarter), firstSeenUtc = slot, lastSeenUtc = slot.AddMinutes(16), rssi = -62, txPower = -8 };
        HttpResponseMessage wrongCode = await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/bluetooth/encounters",
            new { uploadCode = "AAAAAAAA", encounters = new[] { staffLog }, purpose = "contact-tracing" });
        Assert.Equal(HttpStatusCode.Forbidden, wrongCode.StatusCode);
        string code = (await f0App.GetFromJsonAsync<JsonElement>("/api/me/bluetooth/upload-code")).GetProperty("code").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await nearApp.GetAsync("/api/me/bluetooth/upload-code")).StatusCode);
        JsonElement byStaff = await (await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/bluetooth/encounters",
            new { uploadCode = code, encounters = new[] { staffLog }, purpose = "contact-tracing" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 3), (byStaff.GetProperty("accepted").GetInt32(), byStaff.GetProperty("f1").GetInt32()));

        // Interviews: a named person nobody matches yet stays pending; once registered, the later matching finds them.
        JsonElement pending = await (await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/contacts",
            new { fullName = "Trần Thị Hoa", phone = "0912 000 399", birthYear = 1985, note = "Bán rau cạnh nhà", purpose = "contact-tracing" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(pending.GetProperty("pending").GetBoolean());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("personId").ValueKind);
        JsonElement none = await (await cdc.PostAsync($"/api/staff/cases/{caseId}/contacts/match-pending?purpose=contact-tracing", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 0), (none.GetProperty("pending").GetInt32(), none.GetProperty("matched").GetInt32()));
        TestPerson hoa = await people.AddAsync(new DateOnly(1985, 2, 2), phone: "+84912000399", name: "Trần Thị Hoa");
        JsonElement found = await (await cdc.PostAsync($"/api/staff/cases/{caseId}/contacts/match-pending?purpose=contact-tracing", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (found.GetProperty("pending").GetInt32(), found.GetProperty("matched").GetInt32()));

        // A named person the registry already knows is matched at once.
        JsonElement direct = await (await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/contacts",
            new { fullName = "Trần Thị Hoa", phone = "+84912000399", birthYear = 1985, purpose = "contact-tracing" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(hoa.Id, direct.GetProperty("personId").GetInt64());

        // Free text resolved by hand to someone who is already a contact: merged, every piece of evidence kept.
        JsonElement freeText = await (await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/contacts",
            new { freeText = "Người đi cùng thang máy", note = "Thang máy tầng 3", purpose = "contact-tracing" })).Content.ReadFromJsonAsync<JsonElement>();
        long freeId = freeText.GetProperty("id").GetInt64();
        HttpResponseMessage matched = await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/contacts/{freeId}/match", new { citizenId = near.CitizenId, purpose = "contact-tracing" });
        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        JsonElement merged = await matched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["investigator", "bluetooth"], merged.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await cdc.PostAsJsonAsync($"/api/staff/cases/{caseId}/contacts/{freeId}/match", new { citizenId = near.CitizenId, purpose = "contact-tracing" })).StatusCode);

        await using PcCovidDbContext check = app.NewDbContext();
        Assert.Equal(4, await check.BluetoothEncounters.CountAsync(e => e.CaseId == caseId));
        Assert.Equal(0, await check.CaseContacts.CountAsync(c => c.CaseId == caseId && c.PersonId == null));
        Assert.Equal(4, await check.CaseContacts.CountAsync(c => c.CaseId == caseId));
    }
}
