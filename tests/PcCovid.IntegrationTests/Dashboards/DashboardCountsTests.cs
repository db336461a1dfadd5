using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.Testing;
using PcCovid.Domain.Vaccination;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Dashboards;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Dashboards;

/// <summary>
/// The dashboard counts on both databases: after a fold they equal a brute-force count of the facts (per
/// day and per nation, province, district and commune of residence), a new fact moves only its rows, and the
/// public API shows counts of 1–4 as "&lt;5".
/// </summary>
public sealed class DashboardCountsTests
{
    private static readonly DateTime s_received = new(2021, 12, 20, 0, 0, 0, DateTimeKind.Utc);

    [Theory, BothProviders]
    public async Task Fold_EqualsABruteForceCount_ThenAddsOnlyNewFacts_AndPublicCountsUnderFiveAreSuppressed(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        VaccineProduct pfizer = app.Services.GetRequiredService<ReferenceData>().Vaccines.Require("Pfizer");
        var a = new List<TestPerson>();
        var b = new List<TestPerson>();
        for (int i = 0; i < 8; i++)
        {
            a.Add(await people.AddAsync(new DateOnly(1980, 1, 1 + i), district: 0));
            b.Add(await people.AddAsync(new DateOnly(1970, 1, 1 + i), district: 1));
        }

        long lab = await TestAccounts.AddFacilityAsync(app, FacilityKind.Lab, a[0].CommuneCode);
        int serial = 0;
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            // Commune A, 10/12/2021 (Vietnam): 7 tests, 2 individual positives and one positive pool member.
            // 23:30 Vietnam time is 16:30 UTC: still the 10th. 00:30 on the 11th (17:30 UTC on the 10th) is the 11th.
            for (int i = 0; i < 7; i++)
            {
                LabOutcome result = i < 3 ? LabOutcome.Positive : LabOutcome.Negative;
                db.LabResults.Add(Result(lab, ++serial, i == 2 ? "POOL-1" : null, a[i].Id, result, new DateTime(2021, 12, 10, 16, 30, 0, DateTimeKind.Utc)));
            }

            db.LabResults.Add(Result(lab, ++serial, null, b[0].Id, LabOutcome.Positive, new DateTime(2021, 12, 10, 17, 30, 0, DateTimeKind.Utc)));
            db.LabResults.Add(Result(lab, ++serial, null, null, LabOutcome.Negative, new DateTime(2021, 12, 9, 3, 0, 0, DateTimeKind.Utc)));
            db.Cases.Add(Case.OpenFromResult(a[0].Id, 1, new DateTime(2021, 12, 10, 16, 30, 0, DateTimeKind.Utc), s_received));
            db.Cases.Add(Case.OpenFromResult(a[1].Id, 2, new DateTime(2021, 12, 10, 16, 30, 0, DateTimeKind.Utc), s_received));
            db.Cases.Add(Case.OpenFromResult(b[0].Id, 3, new DateTime(2021, 12, 10, 17, 30, 0, DateTimeKind.Utc), s_received));
            for (int i = 0; i < 6; i++)
            {
                db.Doses.Add(DoseOf(a[i], 1, pfizer, new DateOnly(2021, 9, 1)));
                db.Doses.Add(DoseOf(b[i], 1, pfizer, new DateOnly(2021, 9, 1)));
                db.Doses.Add(DoseOf(b[i], 2, pfizer, new DateOnly(2021, 9, 29)));
            }

            db.Doses.Add(DoseOf(b[0], 3, pfizer, new DateOnly(2021, 12, 10)));
            await db.SaveChangesAsync();
        }

        await FoldAsync(app);
        await AssertEqualsBruteForceAsync(app);
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            DailyCount communeA = await db.DailyCounts.SingleAsync(c => c.UnitCode == a[0].CommuneCode && c.Day == new DateOnly(2021, 12, 10));
            Assert.Equal((2, 7, 2), (communeA.NewCases, communeA.Tests, communeA.TestsPositive));
            DailyCount nation = await db.DailyCounts.SingleAsync(c => c.UnitCode == DailyCount.NationCode && c.Day == new DateOnly(2021, 12, 9));
            Assert.Equal(1, nation.Tests);
            Assert.Equal(12, (await db.DailyCounts.SingleAsync(c => c.UnitCode == "01" && c.Day == new DateOnly(2021, 9, 1))).Dose1);
        }

        // A new case and a new dose: folded in, the other rows untouched, the watermark at the new facts.
        DailyCount before = await SingleAsync(app, b[0].DistrictCode, new DateOnly(2021, 9, 1));
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            db.Cases.Add(Case.OpenFromResult(a[2].Id, 4, new DateTime(2021, 12, 10, 16, 30, 0, DateTimeKind.Utc), s_received));
            db.Doses.Add(DoseOf(a[7], 1, pfizer, new DateOnly(2021, 12, 10)));
            await db.SaveChangesAsync();
        }

        FoldDailyCounts.Outcome outcome = await FoldAsync(app);
        Assert.Equal((1, 0, 1), (outcome.Cases, outcome.LabResults, outcome.Doses));
        await AssertEqualsBruteForceAsync(app);
        Assert.Equal(3, (await SingleAsync(app, a[0].CommuneCode, new DateOnly(2021, 12, 10))).NewCases);
        Assert.Equal(1, (await SingleAsync(app, a[0].CommuneCode, new DateOnly(2021, 12, 10))).Dose1);
        Assert.Equivalent(before, await SingleAsync(app, b[0].DistrictCode, new DateOnly(2021, 9, 1)));
        Assert.Equal(0, (await FoldAsync(app)).Cases);

        // Public: commune A's 10/12 has 3 cases and 2 positives (shown "<5") and 7 tests (shown "7").
        HttpClient anonymous = TestAccounts.NewClient(app);
        JsonElement series = await anonymous.GetFromJsonAsync<JsonElement>($"/api/dashboards/series?unit={a[0].CommuneCode}&from=2021-12-09&to=2021-12-11");
        JsonElement[] days = series.GetProperty("days").EnumerateArray().ToArray();
        Assert.Equal(3, days.Length);
        JsonElement tenth = days.Single(d => d.GetProperty("day").GetString() == "2021-12-10");
        Assert.Equal("<5", tenth.GetProperty("newCases").GetString());
        Assert.Equal("<5", tenth.GetProperty("testsPositive").GetString());
        Assert.Equal("7", tenth.GetProperty("tests").GetString());
        Assert.Equal("7", tenth.GetProperty("peopleVaccinated").GetString());
        Assert.Equal("0", days[0].GetProperty("tests").GetString());
        JsonElement totals = await anonymous.GetFromJsonAsync<JsonElement>("/api/dashboards/totals?province=01&from=2021-12-01&to=2021-12-31");
        JsonElement districtB = totals.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("code").GetString() == b[0].DistrictCode);
        Assert.Equal("<5", districtB.GetProperty("newCases").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/dashboards/series?unit=99999")).StatusCode);

        // The staff area dashboard of district B's epidemiologist: its numbers and its name.
        HttpClient staff = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(b[0].DistrictCode));
        string dashboard = await staff.GetStringAsync("/can-bo/bang-tin");
        Assert.Contains("id=\"staff-f1\"", dashboard, StringComparison.Ordinal);
        Assert.Contains(people.Catalog.FindDistrict(b[0].DistrictCode)!.Name, dashboard, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/dashboards/series?from=2020-01-01&to=2023-01-01")).StatusCode);
    }

    [Theory, BothProviders]
    public async Task TheJob_OnPostgres_FoldsOnlyUpToTheIdsSeenAtThePreviousRun(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1990, 5, 5));
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            db.Cases.Add(Case.OpenFromResult(person.Id, 1, new DateTime(2021, 12, 10, 3, 0, 0, DateTimeKind.Utc), s_received));
            await db.SaveChangesAsync();
        }

        // SQLite serialises writers: the highest id is safe at once. PostgreSQL waits one run for transactions in flight.
        long first = (await FoldAsync(app, immediate: false)).Cases;
        long second = (await FoldAsync(app, immediate: false)).Cases;
        Assert.Equal(provider == DatabaseProvider.Sqlite ? (1, 0) : (0, 1), (first, second));
        await AssertEqualsBruteForceAsync(app);
    }

    private static LabResult Result(long lab, int serial, string? pool, long? personId, LabOutcome outcome, DateTime sampledUtc)
    {
        LabResult result = LabResult.Record(lab, $"S-{serial}", pool, LabTestType.RtPcr, outcome, null, sampledUtc, sampledUtc.AddHours(6),
            new Provenance("pccovid", $"lab-{serial}", s_received, isAuthoritative: true), s_received, null);
        if (personId is { } id)
        {
            result.MatchTo(id);
        }

        return result;
    }

    private static Dose DoseOf(TestPerson person, int number, VaccineProduct product, DateOnly on) =>
        Dose.Record(person.Id, number, product, "L" + number, on, new DateOnly(2026, 1, 1), null, null, null, null,
            new Provenance("pccovid", $"d{person.Id}-{number}-{on:yyyyMMdd}", s_received, isAuthoritative: true), null, null);

    private static async Task<FoldDailyCounts.Outcome> FoldAsync(PcCovidAppFactory app, bool immediate = true)
    {
        await using AsyncServiceScope scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FoldDailyCounts>().HandleAsync(immediate, CancellationToken.None);
    }

    private static async Task<DailyCount> SingleAsync(PcCovidAppFactory app, string unit, DateOnly day)
    {
        await using PcCovidDbContext db = app.NewDbContext();
        return await db.DailyCounts.AsNoTracking().SingleAsync(c => c.UnitCode == unit && c.Day == day);
    }

    /// <summary>Counts every fact again in memory, by day and unit, and compares with the stored counts row by row.</summary>
    private static async Task AssertEqualsBruteForceAsync(PcCovidAppFactory app)
    {
        await using PcCovidDbContext db = app.NewDbContext();
        var residence = await db.People.AsNoTracking().ToDictionaryAsync(p => p.Id, p => (p.ProvinceCode, p.DistrictCode, p.CommuneCode));
        var expected = new Dictionary<(string, DateOnly), long[]>();
        void Count(long? personId, DateOnly day, int column)
        {
            var units = new List<string> { DailyCount.NationCode };
            if (personId is { } id && residence.TryGetValue(id, out var r))
            {
                units.AddRange(new[] { r.ProvinceCode, r.DistrictCode, r.CommuneCode }.OfType<string>());
            }

            foreach (string unit in units)
            {
                long[] row = expected.TryGetValue((unit, day), out long[]? found) ? found : expected[(unit, day)] = new long[6];
                row[column]++;
            }
        }

        DateOnly Day(DateTime utc) => DateOnly.FromDateTime(VietnamTime.ToVietnam(utc).DateTime);
        foreach (Case c in await db.Cases.AsNoTracking().ToListAsync())
        {
            Count(c.PersonId, c.FirstPositiveSampledAtUtc is { } sampled ? Day(sampled) : c.OnsetOn ?? Day(c.OpenedAtUtc), 0);
        }

        foreach (LabResult r in await db.LabResults.AsNoTracking().ToListAsync())
        {
            Count(r.PersonId, Day(r.SampledAtUtc), 1);
            if (r.Outcome == LabOutcome.Positive && r.PoolId is null)
            {
                Count(r.PersonId, Day(r.SampledAtUtc), 2);
            }
        }

        foreach (Dose d in await db.Doses.AsNoTracking().ToListAsync())
        {
            Count(d.PersonId, d.AdministeredOn, Math.Min(d.DoseNumber, 3) + 2);
        }

        var stored = (await db.DailyCounts.AsNoTracking().ToListAsync())
            .ToDictionary(c => (c.UnitCode, c.Day), c => new[] { c.NewCases, c.Tests, c.TestsPositive, c.Dose1, c.Dose2, c.Dose3Plus });
        Assert.Equal(expected.Count, stored.Count);
        foreach (var (key, row) in expected)
        {
            Assert.True(stored.TryGetValue(key, out long[]? found), $"no row for {key}");
            Assert.Equal(row, found);
        }
    }
}
