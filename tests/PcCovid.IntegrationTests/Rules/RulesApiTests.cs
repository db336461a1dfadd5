using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Audit;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Rules;

namespace PcCovid.IntegrationTests.Rules;

public sealed class RulesApiTests
{
    private static readonly object s_citation = new { field = "*", document = "CV 9999/BYT-DP", date = "2022-06-01", certainty = "V", reference = "test" };

    [Theory, BothProviders]
    public async Task Start_SeedsTheShippedHistory_Once(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        _ = app.Server;
        int shipped = ShippedRuleHistory.Load().Count;

        int addedAgain = await app.InScopeAsync(s => s.GetRequiredService<RuleHistorySeeder>().SeedAsync(CancellationToken.None));

        Assert.Equal(0, addedAgain);
        await using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(shipped, await db.RuleVersions.CountAsync());
        Assert.All(await db.RuleVersions.ToListAsync(), v => Assert.Null(v.CreatedByAccountId));
    }

    [Theory, BothProviders]
    public async Task InForce_AnswersForAProvinceAndADate(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        HttpClient anonymous = app.CreateClient();

        JsonElement khanhHoa = await anonymous.GetFromJsonAsync<JsonElement>("/api/rules/card.colour/in-force?province=56&date=2021-11-01");
        JsonElement hcmc = await anonymous.GetFromJsonAsync<JsonElement>("/api/rules/card.colour/in-force?province=79&date=2021-11-01");
        JsonElement f1 = await anonymous.GetFromJsonAsync<JsonElement>("/api/rules/f1.quarantine/in-force?province=01&date=2022-03-01");

        Assert.True(khanhHoa.GetProperty("provinceOverride").GetBoolean());
        Assert.Equal("red", khanhHoa.GetProperty("version").GetProperty("value").GetProperty("defaultColour").GetString());
        Assert.False(hcmc.GetProperty("provinceOverride").GetBoolean());
        Assert.Equal("pale-green", hcmc.GetProperty("version").GetProperty("value").GetProperty("defaultColour").GetString());
        Assert.Equal("CV 762/BYT-DP", f1.GetProperty("version").GetProperty("sourceDocument").GetString());
        Assert.Equal("V", f1.GetProperty("version").GetProperty("citations")[0].GetProperty("certainty").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/rules/f1.quarantine/in-force?date=2020-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/rules/no.such.rule")).StatusCode);
    }

    [Theory, BothProviders]
    public async Task AddVersion_ClosingTheOpenOne_IsServedAndAudited(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        HttpClient admin = await TestAccounts.SignInStaffAsync(app, StaffRole.Administrator, AccessScope.National);

        HttpResponseMessage response = await admin.PostAsJsonAsync("/api/rules/checkin.assumed-dwell/versions", new
        {
            scope = "national",
            effectiveFrom = "2022-06-01",
            value = new { minutes = 45 },
            citations = new[] { s_citation },
            note = "shorter dwell",
            closeOpenVersion = true,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        JsonElement created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, created.GetProperty("version").GetInt32());
        JsonElement before = await admin.GetFromJsonAsync<JsonElement>("/api/rules/checkin.assumed-dwell/in-force?date=2022-05-31");
        JsonElement after = await admin.GetFromJsonAsync<JsonElement>("/api/rules/checkin.assumed-dwell/in-force?date=2022-06-01");
        Assert.Equal(60, before.GetProperty("version").GetProperty("value").GetProperty("minutes").GetInt32());
        Assert.Equal("2022-06-01", before.GetProperty("version").GetProperty("effectiveTo").GetString());
        Assert.Equal(45, after.GetProperty("version").GetProperty("value").GetProperty("minutes").GetInt32());

        await using PcCovidDbContext db = app.NewDbContext();
        AuditEntry entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.RuleVersionAdd);
        Assert.Null(entry.SubjectPersonId);
        Assert.Equal("administrator", entry.ActorRole);
        Assert.Contains("checkin.assumed-dwell national v2", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("closed v1", entry.Detail, StringComparison.Ordinal);
    }

    [Theory, BothProviders]
    public async Task AddVersion_Overlapping_Is400NamingTheVersion_AndNothingIsSaved(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        HttpClient admin = await TestAccounts.SignInStaffAsync(app, StaffRole.Administrator, AccessScope.National);
        int before;
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            before = await db.RuleVersions.CountAsync();
        }

        HttpResponseMessage response = await admin.PostAsJsonAsync("/api/rules/f1.quarantine/versions", new
        {
            scope = "national",
            effectiveFrom = "2022-01-01",
            effectiveTo = "2022-03-01",
            value = new
            {
                clockStartsAt = "last-exposure",
                fullyVaccinatedOrRecovered = new { quarantineDays = 3, monitoringDays = 3, testDays = new[] { 3 }, tests = new[] { "rat" }, releaseNeedsNegativeTest = true },
                others = new { quarantineDays = 3, monitoringDays = 3, testDays = new[] { 3 }, tests = new[] { "rat" }, releaseNeedsNegativeTest = true },
                eligibility = (object?)null,
            },
            citations = new[] { s_citation },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("overlaps version 2", detail, StringComparison.Ordinal);
        Assert.Contains("CV 10696/BYT-MT", detail, StringComparison.Ordinal);
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(before, await db.RuleVersions.CountAsync());
            Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.RuleVersionAdd));
        }
    }

    [Theory, BothProviders]
    public async Task AddVersion_InvalidValue_OrNotAnAdministrator_IsRefused(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        HttpClient admin = await TestAccounts.SignInStaffAsync(app, StaffRole.Administrator, AccessScope.Province("56"));
        HttpClient epidemiologist = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.National);
        var badValue = new { scope = "province:56", effectiveFrom = "2022-06-01", value = new { minutes = -5 }, citations = new[] { s_citation } };
        var otherProvince = new { scope = "province:79", effectiveFrom = "2022-06-01", value = new { minutes = 30 }, citations = new[] { s_citation } };

        HttpResponseMessage invalid = await admin.PostAsJsonAsync("/api/rules/checkin.assumed-dwell/versions", badValue);
        HttpResponseMessage outside = await admin.PostAsJsonAsync("/api/rules/checkin.assumed-dwell/versions", otherProvince);
        HttpResponseMessage forbidden = await epidemiologist.PostAsJsonAsync("/api/rules/checkin.assumed-dwell/versions", otherProvince);
        HttpResponseMessage anonymous = await app.CreateClient().PostAsJsonAsync("/api/rules/checkin.assumed-dwell/versions", otherProvince);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("minutes", (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.NotEqual(HttpStatusCode.Created, anonymous.StatusCode);
        await using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(ShippedRuleHistory.Load().Count, await db.RuleVersions.CountAsync());
    }

    [Theory, BothProviders]
    public async Task RulesPage_ListsEveryRuleForAdministrators_Only(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        HttpClient admin = await TestAccounts.SignInStaffAsync(app, StaffRole.Administrator, AccessScope.National);

        string page = await admin.GetStringAsync("/quan-tri/quy-tac");
        HttpResponseMessage anonymous = await TestAccounts.NewClient(app).GetAsync("/quan-tri/quy-tac");

        Assert.Contains("Quy tắc phòng chống dịch", page, StringComparison.Ordinal);
        Assert.Contains("province:56", page, StringComparison.Ordinal);
        Assert.Contains("CV 762/BYT-DP", page, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }
}
