using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.Vaccination;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Risk;

/// <summary>
/// The weekly assessment end to end on both databases: inputs gathered from people, doses and cases,
/// levels stored for communes, districts and the province, served publicly with small counts hidden,
/// and the capacity rule carrying a level into the next week.
/// </summary>
public sealed class RiskLevelsTests
{
    // A week under Decision 4800 (elderly = aged ≥ 50 from November 2021).
    private static readonly DateOnly s_monday = new(2021, 11, 15);

    [Theory, BothProviders]
    public async Task AWeeksAssessment_UsesCasesAndCoverage_StoresEveryLevel_AndCapacityNotMetHoldsTheLevel(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        VaccineProduct pfizer = app.Services.GetRequiredService<ReferenceData>().Vaccines.Require("Pfizer");

        // Commune A (district 0): 10 adults born 1980, 7 with one dose, one case in the week → 10,000 / 100k: band 4.
        // Commune B (district 1): 10 adults, 9 fully vaccinated, no case → level 1.
        var a = new List<TestPerson>();
        var b = new List<TestPerson>();
        for (int i = 0; i < 10; i++)
        {
            a.Add(await people.AddAsync(new DateOnly(1980, 1, 1 + i), district: 0));
            b.Add(await people.AddAsync(new DateOnly(1960, 1, 1 + i), district: 1));
        }

        await using (PcCovidDbContext db = app.NewDbContext())
        {
            var received = new DateTime(2021, 12, 1, 0, 0, 0, DateTimeKind.Utc);
            Provenance Source(string id) => new("pccovid", id, received, isAuthoritative: true);
            var today = new DateOnly(2026, 1, 1);
            foreach (TestPerson person in a.Take(7))
            {
                db.Doses.Add(Dose.Record(person.Id, 1, pfizer, "L1", new DateOnly(2021, 9, 1), today, null, null, null, null, Source("a" + person.Id), null, null));
            }

            foreach (TestPerson person in b.Take(9))
            {
                db.Doses.Add(Dose.Record(person.Id, 1, pfizer, "L1", new DateOnly(2021, 8, 1), today, null, null, null, null, Source("b1-" + person.Id), null, null));
                db.Doses.Add(Dose.Record(person.Id, 2, pfizer, "L2", new DateOnly(2021, 8, 29), today, null, null, null, null, Source("b2-" + person.Id), null, null));
            }

            // Sampled on Sunday 21/11 at 20:00 Vietnam time = 13:00 UTC: inside the week.
            db.Cases.Add(Case.OpenFromResult(a[0].Id, 1, new DateTime(2021, 11, 21, 13, 0, 0, DateTimeKind.Utc), received));
            // Sampled on Monday 22/11 at 06:00 Vietnam time (23:00 UTC on the 21st): the next week.
            db.Cases.Add(Case.OpenFromResult(b[0].Id, 2, new DateTime(2021, 11, 21, 23, 0, 0, DateTimeKind.Utc), received));
            await db.SaveChangesAsync();
        }

        HttpClient provincial = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.Province("01"));
        Assert.Equal(HttpStatusCode.Forbidden, (await provincial.PostAsJsonAsync("/api/risk/assessments", new { date = s_monday })).StatusCode);
        HttpClient national = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.National);
        HttpResponseMessage assessed = await national.PostAsJsonAsync("/api/risk/assessments", new { date = s_monday.AddDays(3) });
        Assert.True(assessed.StatusCode == HttpStatusCode.OK, await assessed.Content.ReadAsStringAsync() + app.Logs.Errors);

        JsonElement levels = await TestAccounts.NewClient(app).GetFromJsonAsync<JsonElement>($"/api/risk/levels?week={s_monday:yyyy-MM-dd}&province=01");
        JsonElement[] units = levels.GetProperty("units").EnumerateArray().ToArray();
        JsonElement communeA = units.Single(u => u.GetProperty("code").GetString() == a[0].CommuneCode);
        JsonElement communeB = units.Single(u => u.GetProperty("code").GetString() == b[0].CommuneCode);
        Assert.Equal(4, communeA.GetProperty("level").GetInt32());
        Assert.Equal("#D32F2F", communeA.GetProperty("colour").GetString());
        Assert.Equal("< 5", communeA.GetProperty("communityCases").GetString());
        Assert.Equal(JsonValueKind.Null, communeA.GetProperty("casesPer100k").ValueKind);
        Assert.Equal(70m, communeA.GetProperty("coveragePercent").GetDecimal());
        Assert.Equal(1, communeB.GetProperty("level").GetInt32());
        Assert.Equal(90m, communeB.GetProperty("elderlyFullDosePercent").GetDecimal());
        Assert.Equal("QD4800-2021-10-12", communeB.GetProperty("ruleSetId").GetString());
        Assert.Contains(units, u => u.GetProperty("unitLevelName").GetString() == "province" && u.GetProperty("code").GetString() == "01");
        Assert.Equal(2, units.Count(u => u.GetProperty("unitLevelName").GetString() == "district"));

        // The next week: capacity "low" entered for Hà Nội, no new case in commune A: its level may not fall.
        Assert.Equal(HttpStatusCode.NoContent, (await provincial.PostAsJsonAsync("/api/risk/capacity", new { provinceCode = "01", weekStart = s_monday.AddDays(7), level = "low" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await provincial.PostAsJsonAsync("/api/risk/capacity", new { provinceCode = "79", weekStart = s_monday.AddDays(7), level = "low" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await provincial.PostAsJsonAsync("/api/risk/capacity", new { provinceCode = "01", weekStart = s_monday.AddDays(7), level = "plenty" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await national.PostAsJsonAsync("/api/risk/assessments", new { date = s_monday.AddDays(7) })).StatusCode);

        await using (PcCovidDbContext db = app.NewDbContext())
        {
            var nextA = await db.RiskLevels.SingleAsync(r => r.UnitCode == a[0].CommuneCode && r.WeekStart == s_monday.AddDays(7));
            Assert.Equal(4, nextA.Level);
            Assert.Contains("capacity not met", nextA.Steps, StringComparison.Ordinal);
            Assert.Equal(0, nextA.CommunityCases);
            var nextB = await db.RiskLevels.SingleAsync(r => r.UnitCode == b[0].CommuneCode && r.WeekStart == s_monday.AddDays(7));
            Assert.Equal(1, nextB.CommunityCases);
            // Re-assessing a week replaces its rows rather than adding to them.
            int rows = await db.RiskLevels.CountAsync(r => r.WeekStart == s_monday);
            Assert.Equal(2 + 2 + 1, rows);
            Assert.Equal(1, await db.RiskLevels.CountAsync(r => r.WeekStart == s_monday && r.UnitLevel == AdministrativeLevel.Province));
        }

        Assert.Equal(HttpStatusCode.OK, (await national.PostAsJsonAsync("/api/risk/assessments", new { date = s_monday })).StatusCode);
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(5, await db.RiskLevels.CountAsync(r => r.WeekStart == s_monday));
        }

        JsonElement history = await TestAccounts.NewClient(app).GetFromJsonAsync<JsonElement>($"/api/risk/units/{a[0].CommuneCode}/history");
        Assert.Equal(2, history.GetArrayLength());
        JsonElement weeks = await TestAccounts.NewClient(app).GetFromJsonAsync<JsonElement>("/api/risk/weeks");
        Assert.Equal(2, weeks.GetArrayLength());
    }
}
