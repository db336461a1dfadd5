using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Domain.Quarantine;
using PcCovid.Domain.Vaccination;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Accounts.Sms;
using PcCovid.Web.Features.Quarantine;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Quarantine;

/// <summary>
/// Quarantine orders under the rule in force for the person's province: Hà Nội re-applies CV 762/BYT-DP
/// as a province override (a fully vaccinated F1 quarantines 5 days from the last exposure and tests on
/// day 5; others 7 days, test on day 7), added the way an administrator would. A building's orders are
/// issued at once, all or nothing; the citizen sees days left, the test day and what to do, reports
/// symptoms and prints the order; the test-day SMS goes once; release needs the negative test.
/// </summary>
public sealed class QuarantineOrdersTests
{
    [Theory, BothProviders]
    public async Task AHouseholdsOrders_FollowEachPersonsVaccination_AndTheCitizenReportsPrintsAndIsReleased(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        // 10:00 in Viet Nam today (the browser-side cookie jar keeps real time: the clock stays near it).
        DateOnly today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var clock = new FakeTimeProvider(new DateTimeOffset(today.ToDateTime(new TimeOnly(3, 0)), TimeSpan.Zero));
        DateTimeOffset At(DateOnly day, int hourUtc) => new(day.ToDateTime(new TimeOnly(hourUtc, 0)), TimeSpan.Zero);
        static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?>(), clock);
        var people = new TestPeople(app);
        TestPerson vaccinated = await people.AddAsync(new DateOnly(1985, 4, 4), Sex.Female, phone: "+84912000505", household: "0100100000777", name: "Đỗ Thị Hạnh");
        TestPerson child = await people.AddAsync(new DateOnly(2015, 6, 6), household: "0100100000777", relation: HouseholdRelation.Child, name: "Đỗ Minh Khoa");
        VaccineProduct pfizer = app.Services.GetRequiredService<ReferenceData>().Vaccines.Require("Pfizer");
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            var received = today.AddDays(-20).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            db.Doses.Add(Dose.Record(vaccinated.Id, 1, pfizer, "A1", today.AddDays(-90), today, null, null, null, null, new Provenance("pccovid", "q1", received, true), null, null));
            db.Doses.Add(Dose.Record(vaccinated.Id, 2, pfizer, "A2", today.AddDays(-60), today, null, null, null, null, new Provenance("pccovid", "q2", received, true), null, null));
            await db.SaveChangesAsync();
        }

        HttpClient admin = await TestAccounts.SignInStaffAsync(app, StaffRole.Administrator, AccessScope.National);
        HttpResponseMessage rule = await admin.PostAsJsonAsync("/api/rules/f1.quarantine/versions", new
        {
            scope = "province:01",
            effectiveFrom = Iso(today.AddDays(-10)),
            value = new
            {
                clockStartsAt = "last-exposure",
                fullyVaccinatedOrRecovered = new { quarantineDays = 5, monitoringDays = 5, testDays = new[] { 5 }, tests = new[] { "rt-pcr", "rat" }, releaseNeedsNegativeTest = true },
                others = new { quarantineDays = 7, monitoringDays = 3, testDays = new[] { 7 }, tests = new[] { "rt-pcr", "rat" }, releaseNeedsNegativeTest = true },
                eligibility = new { primaryDoses = 2, singleDoseProductDoses = 1, minDaysSinceLastDose = 14, maxMonthsSinceLastDose = (int?)null, recoveredWithinMonths = 3 },
            },
            citations = new[] { new { field = "*", document = "CV 762/BYT-DP (re-applied by the province)", date = "2022-02-21", certainty = "V", reference = "test" } },
            note = "outbreak: the province re-applies CV 762",
            closeOpenVersion = false,
        });
        Assert.True(rule.StatusCode == HttpStatusCode.Created, await rule.Content.ReadAsStringAsync());

        HttpClient staff = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.Province("01"));
        DateOnly exposure = today.AddDays(-2);

        // An unknown ID in the request: nothing is issued for the household either.
        HttpResponseMessage refused = await staff.PostAsJsonAsync("/api/staff/quarantine-orders", new
        {
            kind = "f1", householdCodes = new[] { "0100100000777" }, citizenIds = new[] { "001099999999" }, lastExposureOn = exposure, purpose = "quarantine-follow-up",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("9999", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(0, await db.QuarantineOrders.CountAsync());
        }

        HttpResponseMessage issued = await staff.PostAsJsonAsync("/api/staff/quarantine-orders", new
        {
            kind = "f1", householdCodes = new[] { "0100100000777" }, lastExposureOn = exposure, purpose = "quarantine-follow-up",
        });
        Assert.True(issued.StatusCode == HttpStatusCode.Created, await issued.Content.ReadAsStringAsync() + app.Logs.Errors);
        JsonElement result = await issued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(JsonValueKind.Null, result.GetProperty("batchId").ValueKind);
        JsonElement[] orders = result.GetProperty("orders").EnumerateArray().ToArray();
        JsonElement adult = orders.Single(o => o.GetProperty("personId").GetInt64() == vaccinated.Id);
        JsonElement kid = orders.Single(o => o.GetProperty("personId").GetInt64() == child.Id);
        Assert.Equal(Iso(exposure.AddDays(5)), adult.GetProperty("releaseOn").GetString());
        Assert.Equal([Iso(exposure.AddDays(4))], adult.GetProperty("testDates").EnumerateArray().Select(d => d.GetString()!));
        Assert.True(adult.GetProperty("fullyVaccinatedOrRecovered").GetBoolean());
        Assert.Equal(Iso(exposure.AddDays(7)), kid.GetProperty("releaseOn").GetString());
        Assert.Equal([Iso(exposure.AddDays(6))], kid.GetProperty("testDates").EnumerateArray().Select(d => d.GetString()!));

        // A second order of the same kind for the same person is refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync("/api/staff/quarantine-orders", new
        {
            kind = "f1", citizenIds = new[] { vaccinated.CitizenId }, lastExposureOn = exposure, purpose = "quarantine-follow-up",
        })).StatusCode);

        // The mother sees her own order and her child's, reports for the child, prints hers.
        HttpClient mother = await TestAccounts.SignInCitizenAsync(app, vaccinated);
        JsonElement mine = (await mother.GetFromJsonAsync<JsonElement>("/api/me/quarantine"))[0];
        Assert.Equal(3, mine.GetProperty("daysLeft").GetInt32());
        Assert.Equal(Iso(exposure.AddDays(4)), mine.GetProperty("nextTestOn").GetString());
        Assert.Contains(exposure.AddDays(4).ToString("dd/MM", System.Globalization.CultureInfo.InvariantCulture), mine.GetProperty("instructionsVi").GetString(), StringComparison.Ordinal);
        long kidOrder = kid.GetProperty("orderId").GetInt64();
        Assert.Equal(HttpStatusCode.NotFound, (await mother.PostAsJsonAsync($"/api/me/quarantine/{kidOrder}/symptoms", new { symptoms = new[] { "cough" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await mother.PostAsJsonAsync("/api/me/dependants", new { personId = child.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await mother.PostAsJsonAsync($"/api/me/quarantine/{kidOrder}/symptoms", new { symptoms = new[] { "cough" }, temperatureCelsius = 38.2m })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await mother.PostAsJsonAsync($"/api/me/quarantine/{kidOrder}/symptoms", new { symptoms = new[] { "hiccups" } })).StatusCode);
        string document = await mother.GetStringAsync($"/toi/lenh-cach-ly/{adult.GetProperty("orderId").GetInt64()}");
        Assert.Contains("QUYẾT ĐỊNH CÁCH LY Y TẾ (F1)", document, StringComparison.Ordinal);
        Assert.Contains("Đỗ Thị Hạnh", document, StringComparison.Ordinal);
        Assert.Contains(exposure.AddDays(4).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), document, StringComparison.Ordinal);

        // The commune's list shows both, with the child's report.
        JsonElement list = await staff.GetFromJsonAsync<JsonElement>($"/api/staff/quarantine-orders?commune={vaccinated.CommuneCode}&purpose=quarantine-follow-up");
        JsonElement kidRow = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("personId").GetInt64() == child.Id);
        Assert.True(kidRow.GetProperty("lastReportHadSymptoms").GetBoolean());

        // Test day: one SMS to the mother's phone, not two.
        clock.SetUtcNow(At(exposure.AddDays(4), 1));
        var reminders = app.Services.GetRequiredService<TestDayReminderJob>();
        Assert.Equal(1, await reminders.SendDueAsync(CancellationToken.None));
        Assert.Equal(0, await reminders.SendDueAsync(CancellationToken.None));
        Assert.Equal(TestDayReminderJob.Text, app.Services.GetRequiredService<DevSmsOutbox>().LatestTo(vaccinated.Phone!)!.Text);

        // Release day: the rule needs the negative test first.
        clock.SetUtcNow(At(exposure.AddDays(5), 2));
        staff = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.Province("01")); // a staff session lasts hours, not days
        long adultOrder = adult.GetProperty("orderId").GetInt64();
        HttpResponseMessage early = await staff.PostAsJsonAsync($"/api/staff/quarantine-orders/{adultOrder}/changes", new { action = "release", purpose = "quarantine-follow-up" });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        long labId = await TestAccounts.AddFacilityAsync(app, FacilityKind.Lab, vaccinated.CommuneCode);
        HttpClient lab = await TestAccounts.SignInStaffAsync(app, StaffRole.Lab, AccessScope.Facility(labId));
        DateTimeOffset sampled = At(exposure.AddDays(4), 2);
        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync("/api/lab/results", new
        {
            sampleId = "Q-1", fullName = "Đỗ Thị Hạnh", idNumber = vaccinated.CitizenId, testType = "rapid-antigen", outcome = "negative", sampledAt = sampled, reportedAt = sampled.AddHours(1),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/staff/quarantine-orders/{adultOrder}/changes", new { action = "release", purpose = "quarantine-follow-up" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/staff/quarantine-orders/{kidOrder}/changes", new { action = "extend", days = 3, reason = "Còn ho / still coughing", purpose = "quarantine-follow-up" })).StatusCode);

        await using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(QuarantineStatus.Released, (await db.QuarantineOrders.SingleAsync(o => o.Id == adultOrder)).Status);
            QuarantineOrder extended = await db.QuarantineOrders.SingleAsync(o => o.Id == kidOrder);
            Assert.Equal(exposure.AddDays(10), extended.ReleaseOn);
            Assert.Contains(exposure.AddDays(9), extended.TestDateList);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.SubjectPersonId == child.Id && a.Action == "quarantine.order.f1"));
        }
    }
}
