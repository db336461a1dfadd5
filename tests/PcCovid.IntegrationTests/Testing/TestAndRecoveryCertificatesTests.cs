using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Certificates;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Certificates;

namespace PcCovid.IntegrationTests.Testing;

/// <summary>
/// Test and recovery certificates from the lab registry: the citizen downloads them, the public
/// verifier accepts them, and their fields come from the right result and the recovery rule in force.
/// </summary>
public sealed class TestAndRecoveryCertificatesTests
{
    private static object Result(string sampleId, string outcome, string citizenId, DateTimeOffset sampled, string type = "rt-pcr", string? poolId = null) => new
    {
        sampleId,
        poolId,
        fullName = "Phạm Thị Thu",
        idNumber = citizenId,
        testType = type,
        outcome,
        ct = type == "rt-pcr" && outcome == "positive" ? 25m : (decimal?)null,
        sampledAt = sampled,
        reportedAt = sampled.AddHours(6),
    };

    private static async Task<JsonElement> VerifyAsync(PcCovidAppFactory app, string hc1)
    {
        JsonElement verdict = await (await TestAccounts.NewClient(app).PostAsJsonAsync("/api/certificates/verify", new { hc1 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verdict.GetProperty("valid").GetBoolean(), verdict.GetRawText());
        return verdict;
    }

    [Theory, BothProviders]
    public async Task ARecoveredCitizen_GetsATestAndARecoveryCertificate_ThatTheVerifierAccepts(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1988, 11, 2), Sex.Female, phone: "+84912000303", name: "Phạm Thị Thu");
        HttpClient lab = await TestAccounts.SignInLabTechnicianAsync(app, person.CommuneCode);

        // A positive rapid test first, then the confirming RT-PCR a day later (21:30 UTC = the next day
        // in Vietnam), then a negative rapid test: recovery counts from the RT-PCR, the test certificate
        // shows the latest result.
        DateTimeOffset antigen = TimeProvider.System.GetUtcNow().AddDays(-20);
        DateTimeOffset pcr = new DateTimeOffset(antigen.UtcDateTime.Date, TimeSpan.Zero).AddDays(1).AddHours(21.5);
        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync("/api/lab/results", Result("R-1", "positive", person.CitizenId, antigen, "rapid-antigen"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync("/api/lab/results", Result("R-2", "positive", person.CitizenId, pcr))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync("/api/lab/results", Result("R-3", "negative", person.CitizenId, antigen.AddDays(10), "rapid-antigen"))).StatusCode);

        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, person);
        JsonElement test = await citizen.GetFromJsonAsync<JsonElement>("/api/me/certificates/test");
        string testJson = (await VerifyAsync(app, test.GetProperty("hc1").GetString()!)).GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Contains("\"tr\":\"260415000\"", testJson, StringComparison.Ordinal);
        Assert.Contains("\"tt\":\"LP217198-3\"", testJson, StringComparison.Ordinal);

        JsonElement recovery = await citizen.GetFromJsonAsync<JsonElement>("/api/me/certificates/recovery");
        string recoveryJson = (await VerifyAsync(app, recovery.GetProperty("hc1").GetString()!)).GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal);
        DateOnly firstPositive = DateOnly.FromDateTime(VietnamTime.ToVietnam(pcr.UtcDateTime).DateTime);
        Assert.Contains($"\"fr\":\"{firstPositive:yyyy-MM-dd}\"", recoveryJson, StringComparison.Ordinal);
        Assert.Contains($"\"df\":\"{firstPositive.AddDays(11).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"", recoveryJson, StringComparison.Ordinal);
        Assert.Contains($"\"du\":\"{firstPositive.AddDays(180).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"", recoveryJson, StringComparison.Ordinal);
    }

    [Theory, BothProviders]
    public async Task AfterAKeyRotation_OldAndNewCertificatesVerify_AndTheTrustListNamesBothKeys(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1990, 3, 4), Sex.Female, phone: "+84912000304", name: "Phạm Thị Thu");
        HttpClient lab = await TestAccounts.SignInLabTechnicianAsync(app, person.CommuneCode);
        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync("/api/lab/results", Result("K-1", "negative", person.CitizenId, TimeProvider.System.GetUtcNow().AddHours(-10)))).StatusCode);
        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, person);

        string before = (await citizen.GetFromJsonAsync<JsonElement>("/api/me/certificates/test")).GetProperty("hc1").GetString()!;
        await VerifyAsync(app, before);
        string newKid = await app.InScopeAsync(services => services.GetRequiredService<DccKeyStore>().RotateAsync(CancellationToken.None));

        // The new key signs at once and this node trusts it without waiting for a reload; the retired key stays trusted.
        string after = (await citizen.GetFromJsonAsync<JsonElement>("/api/me/certificates/test")).GetProperty("hc1").GetString()!;
        Assert.NotEqual(before, after);
        await VerifyAsync(app, after);
        await VerifyAsync(app, before);
        DccTrustList trusted = await app.InScopeAsync(async services => await services.GetRequiredService<DccKeyStore>().GetTrustListAsync(CancellationToken.None));
        Assert.Contains(newKid, trusted.Signers.Select(s => s.KidBase64));
        Assert.True(trusted.Signers.Count >= 2, $"{trusted.Signers.Count} trusted signers");
    }

    [Theory, BothProviders]
    public async Task NoIndividualResultOrNoRtPcr_MeansNoCertificate(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1990, 1, 1), phone: "+84912000404");
        HttpClient lab = await TestAccounts.SignInLabTechnicianAsync(app, person.CommuneCode);
        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, person);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync("/api/me/certificates/test")).StatusCode);

        // A pooled sample is not an individual result; a case confirmed by rapid tests only certifies no recovery.
        DateTimeOffset sampled = TimeProvider.System.GetUtcNow().AddDays(-3);
        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync("/api/lab/results", Result("P-1", "negative", person.CitizenId, sampled, poolId: "POOL-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync("/api/me/certificates/test")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await lab.PostAsJsonAsync("/api/lab/results", Result("A-1", "positive", person.CitizenId, sampled.AddDays(1), "rapid-antigen"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/api/me/certificates/test")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync("/api/me/certificates/recovery")).StatusCode);
    }
}
