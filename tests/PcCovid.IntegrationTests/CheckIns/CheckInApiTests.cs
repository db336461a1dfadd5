using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Access;
using PcCovid.Domain.CheckIns;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.CheckIns;

namespace PcCovid.IntegrationTests.CheckIns;

/// <summary>Venues, posters, check-ins single and batched, the venue scanner, over HTTP on both providers.</summary>
public sealed class CheckInApiTests
{
    private sealed record World(PcCovidAppFactory App, TestPerson Citizen, HttpClient CitizenClient, HttpClient Operator, long Facility, HttpClient Approver, string Commune);

    private static async Task<World> CreateWorldAsync(PcCovidAppFactory app)
    {
        var people = new TestPeople(app);
        TestPerson citizen = await people.AddAsync(new DateOnly(1985, 4, 2), phone: "+84912800001", name: "Trần Thị Quét");
        (string district, string commune) = people.HanoiDistrict(0);
        long facility = await TestAccounts.AddFacilityAsync(app, FacilityKind.Venue, commune);
        HttpClient op = await TestAccounts.SignInStaffAsync(app, StaffRole.VenueOperator, AccessScope.Facility(facility));
        HttpClient approver = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(district));
        return new World(app, citizen, await TestAccounts.SignInCitizenAsync(app, citizen), op, facility, approver, commune);
    }

    private static async Task<long> RegisterAsync(World world, string name = "Chợ Đồng Xuân")
    {
        HttpResponseMessage created = await world.Operator.PostAsJsonAsync("/api/venues", new { name, kind = "cho", communeCode = world.Commune, address = "Phố Đồng Xuân", latitude = 21.038, longitude = 105.849 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        JsonElement venue = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", venue.GetProperty("status").GetString());
        return venue.GetProperty("id").GetInt64();
    }

    private static async Task<string> PosterPayloadAsync(World world, long venueId) =>
        await world.App.InScopeAsync(services => services.GetRequiredService<VenuePoster>().PayloadAsync(venueId, CancellationToken.None));

    private static async Task<string?> RefusalCodeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem.GetProperty("code").GetString();
    }

    [Theory, BothProviders]
    public async Task Venue_IsPendingUntilItsJurisdictionApproves_AndItsPosterStopsWorkingWhenDisabled(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        World world = await CreateWorldAsync(app);
        long venue = await RegisterAsync(world);
        string poster = await PosterPayloadAsync(world, venue);

        Assert.Equal("venue-pending", await RefusalCodeAsync(await world.CitizenClient.PostAsJsonAsync("/api/check-ins", new { venueQr = poster })));

        // Staff of another district do not see it; staff of its own district approve it.
        HttpClient elsewhere = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(new TestPeople(app).HanoiDistrict(1).District));
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.PostAsync($"/api/venues/{venue}/approve", null)).StatusCode);
        Assert.Empty((await elsewhere.GetFromJsonAsync<JsonElement>("/api/venues/review")).GetProperty("items").EnumerateArray());
        Assert.Contains((await world.Approver.GetFromJsonAsync<JsonElement>("/api/venues/review")).GetProperty("items").EnumerateArray(), v => v.GetProperty("id").GetInt64() == venue);
        HttpResponseMessage approved = await world.Approver.PostAsync($"/api/venues/{venue}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("approved", (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        HttpResponseMessage checkedIn = await world.CitizenClient.PostAsJsonAsync("/api/check-ins", new { venueQr = poster, idempotencyKey = "scan-1" });
        Assert.Equal(HttpStatusCode.Created, checkedIn.StatusCode);
        JsonElement body = await checkedIn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("accepted", world.Citizen.Id, "Chợ Đồng Xuân"), (body.GetProperty("status").GetString(), body.GetProperty("personId").GetInt64(), body.GetProperty("venueName").GetString()));

        // The poster page prints the venue's name; the PNG is a PNG.
        string page = await world.Operator.GetStringAsync($"/api/venues/{venue}/poster");
        Assert.Contains("Chợ Đồng Xuân", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        byte[] png = await world.Operator.GetByteArrayAsync($"/api/venues/{venue}/poster.png");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);

        Assert.Equal(HttpStatusCode.OK, (await world.Approver.PostAsync($"/api/venues/{venue}/disable", null)).StatusCode);
        Assert.Equal("venue-disabled", await RefusalCodeAsync(await world.CitizenClient.PostAsJsonAsync("/api/check-ins", new { venueQr = poster })));
        Assert.Equal(1, await app.Services.GetRequiredService<ICheckInStore>().CountAsync(CancellationToken.None));
    }

    [Theory, BothProviders]
    public async Task ForgedOrUnknownPosters_AreRefusedWithAReason(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        World world = await CreateWorldAsync(app);
        long venue = await RegisterAsync(world);
        Assert.Equal(HttpStatusCode.OK, (await world.Approver.PostAsync($"/api/venues/{venue}/approve", null)).StatusCode);
        string poster = await PosterPayloadAsync(world, venue);

        // Another venue id under the same signature, a changed tag, no signature, garbage: all forged.
        string otherVenue = poster.Replace($"PCV1:{venue}:", $"PCV1:{venue + 1}:", StringComparison.Ordinal);
        string badTag = poster[..^2] + (poster[^2..] == "AA" ? "AB" : "AA");
        foreach (string forged in new[] { otherVenue, badTag, $"PCV1:{venue}", "hello", string.Empty })
        {
            Assert.Equal("invalid-qr", await RefusalCodeAsync(await world.CitizenClient.PostAsJsonAsync("/api/check-ins", new { venueQr = forged })));
        }

        // Correctly signed, but for a venue that does not exist.
        string unknown = await PosterPayloadAsync(world, 987_654);
        Assert.Equal("unknown-venue", await RefusalCodeAsync(await world.CitizenClient.PostAsJsonAsync("/api/check-ins", new { venueQr = unknown })));
        Assert.Equal(0, await app.Services.GetRequiredService<ICheckInStore>().CountAsync(CancellationToken.None));
    }

    [Theory, BothProviders]
    public async Task Batch_AcceptsTheGoodItems_RefusesTheRestWithReasons_AndAResentBatchStoresNothingTwice(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        World world = await CreateWorldAsync(app);
        long venue = await RegisterAsync(world);
        Assert.Equal(HttpStatusCode.OK, (await world.Approver.PostAsync($"/api/venues/{venue}/approve", null)).StatusCode);
        string poster = await PosterPayloadAsync(world, venue);
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        object[] items =
        [
            new { venueQr = poster, checkedInAt = now.AddHours(-30), checkedOutAt = now.AddHours(-29), idempotencyKey = "q-1" },
            new { venueQr = poster, checkedInAt = now.AddHours(-2), idempotencyKey = "q-2" },
            new { venueQr = poster, checkedInAt = now.AddDays(-22), idempotencyKey = "q-old" },
            new { venueQr = poster, checkedInAt = now.AddHours(2), idempotencyKey = "q-future" },
            new { venueQr = poster, checkedInAt = now.AddHours(-1) },
            new { venueQr = "PCV1:1:xx:yy", checkedInAt = now.AddHours(-1), idempotencyKey = "q-forged" },
            new { venueQr = poster, checkedInAt = now.AddHours(-3), personId = world.Citizen.Id + 1000, idempotencyKey = "q-stranger" },
            new { venueQr = poster, checkedInAt = now.AddHours(-2), idempotencyKey = "q-2" },
        ];

        JsonElement first = await (await world.CitizenClient.PostAsJsonAsync("/api/check-ins/batch", new { items })).Content.ReadFromJsonAsync<JsonElement>();
        string[] statuses = first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetString()!).ToArray();
        Assert.Equal(new[] { "accepted", "accepted", "refused", "refused", "refused", "refused", "refused", "duplicate" }, statuses);
        string?[] codes = first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToArray();
        Assert.Equal(new[] { null, null, "too-old", "in-future", "missing-idempotency-key", "invalid-qr", "not-your-dependant", null }, codes);
        Assert.Contains("21", first.GetProperty("items")[2].GetProperty("reason").GetString(), StringComparison.Ordinal);

        JsonElement again = await (await world.CitizenClient.PostAsJsonAsync("/api/check-ins/batch", new { items })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 3), (again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicate").GetInt32()));
        ICheckInStore store = app.Services.GetRequiredService<ICheckInStore>();
        Assert.Equal(2, await store.CountAsync(CancellationToken.None));
        IReadOnlyList<CheckIn> mine = await store.OfPersonAsync(world.Citizen.Id, now.UtcDateTime.AddDays(-2), now.UtcDateTime, CancellationToken.None);
        Assert.Equal(new[] { "q-1", "q-2" }, mine.Select(c => c.SourceRecordId));
        Assert.Equal(now.UtcDateTime.AddHours(-29), mine[0].CheckedOutAtUtc!.Value, TimeSpan.FromMilliseconds(1));

        // Check-out of the second: only its owner can.
        string id = first.GetProperty("items")[1].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await world.CitizenClient.PostAsJsonAsync($"/api/check-ins/{id}/check-out", new { })).StatusCode);
        Assert.NotNull((await store.OfPersonAsync(world.Citizen.Id, now.UtcDateTime.AddHours(-3), now.UtcDateTime, CancellationToken.None))[0].CheckedOutAtUtc);

        // A malformed batch is one ProblemDetails.
        Assert.Equal(HttpStatusCode.BadRequest, (await world.CitizenClient.PostAsJsonAsync("/api/check-ins/batch", new { items = Array.Empty<object>() })).StatusCode);
        using var malformed = new StringContent("{\"items\": [", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await world.CitizenClient.PostAsync("/api/check-ins/batch", malformed)).StatusCode);
    }

    [Theory, BothProviders]
    public async Task VenueScanner_ChecksThePersonIn_RevealsOnlyNameAndColour_AndRefusesReplayedOrRevokedCodes(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        World world = await CreateWorldAsync(app);
        long venue = await RegisterAsync(world);
        long second = await RegisterAsync(world, "Siêu thị Hà Nội");
        foreach (long v in new[] { venue, second })
        {
            Assert.Equal(HttpStatusCode.OK, (await world.Approver.PostAsync($"/api/venues/{v}/approve", null)).StatusCode);
        }

        JsonElement qr = await world.CitizenClient.GetFromJsonAsync<JsonElement>("/api/me/qr");
        string payload = qr.GetProperty("payload").GetString()!;

        HttpResponseMessage scanned = await world.Operator.PostAsJsonAsync($"/api/venues/{venue}/scans", new { qr = payload });
        Assert.Equal(HttpStatusCode.OK, scanned.StatusCode);
        JsonElement result = await scanned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(new[] { "checkInId", "colour", "name", "status" }, result.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Trần Thị Quét", result.GetProperty("name").GetString());
        Assert.Contains(result.GetProperty("colour").GetString(), PcCovid.Domain.Rules.CardColourRule.Colours);
        Assert.Equal("accepted", result.GetProperty("status").GetString());

        // The same code again here is the same check-in; at another venue it is a replayed screenshot.
        JsonElement again = await (await world.Operator.PostAsJsonAsync($"/api/venues/{venue}/scans", new { qr = payload })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("duplicate", again.GetProperty("status").GetString());
        Assert.Equal("replayed-qr", await RefusalCodeAsync(await world.Operator.PostAsJsonAsync($"/api/venues/{second}/scans", new { qr = payload })));

        // A forged code (the name changed) and a code whose signature was cut off are refused.
        string[] parts = payload.Split(':');
        string body = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("Quét", "Giả", StringComparison.Ordinal);
        string forged = $"{parts[0]}:{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(body))}:{parts[2]}:{parts[3]}";
        Assert.Equal("invalid-qr", await RefusalCodeAsync(await world.Operator.PostAsJsonAsync($"/api/venues/{second}/scans", new { qr = forged })));
        Assert.Equal("invalid-qr", await RefusalCodeAsync(await world.Operator.PostAsJsonAsync($"/api/venues/{second}/scans", new { qr = string.Join(':', parts[..3]) })));

        // A venue of another operator is not this operator's to scan at.
        HttpClient otherOperator = await TestAccounts.SignInStaffAsync(app, StaffRole.VenueOperator, AccessScope.Facility(await TestAccounts.AddFacilityAsync(app, FacilityKind.Venue, world.Commune)));
        Assert.Equal(HttpStatusCode.NotFound, (await otherOperator.PostAsJsonAsync($"/api/venues/{venue}/scans", new { qr = payload })).StatusCode);

        // A printed code works many times until revoked.
        HttpResponseMessage printed = await world.CitizenClient.GetAsync("/api/me/qr/printed");
        Assert.Equal("image/png", printed.Content.Headers.ContentType!.MediaType);
        string printedPayload = await app.InScopeAsync(async s => (await s.GetRequiredService<PersonalQr>().IssueAsync(world.Citizen.Id, printed: true, CancellationToken.None))!.Payload);
        Assert.Equal(HttpStatusCode.OK, (await world.Operator.PostAsJsonAsync($"/api/venues/{second}/scans", new { qr = printedPayload })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await world.CitizenClient.PostAsync("/api/me/qr/printed/revoke", null)).StatusCode);
        Assert.Equal("revoked-qr", await RefusalCodeAsync(await world.Operator.PostAsJsonAsync($"/api/venues/{second}/scans", new { qr = printedPayload })));

        // Offline verification: the published key verifies the phone code.
        JsonElement keys = await TestAccounts.NewClient(app).GetFromJsonAsync<JsonElement>("/api/qr/keys");
        JsonElement key = keys.EnumerateArray().Single(k => k.GetProperty("kid").GetString() == parts[2]);
        using var ecdsa = System.Security.Cryptography.ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key.GetProperty("publicKeySpki").GetString()!), out _);
        Assert.Equal(QrRefusal.None, QrPayloads.VerifyPersonal(payload, ecdsa, TimeProvider.System.GetUtcNow(), out PersonalQrClaims? claims));
        Assert.Equal(world.Citizen.Id, claims!.PersonId);
        Assert.Equal(QrRefusal.Expired, QrPayloads.VerifyPersonal(payload, ecdsa, TimeProvider.System.GetUtcNow().AddMinutes(4), out _));

        Assert.Equal(2, await app.Services.GetRequiredService<ICheckInStore>().CountAsync(CancellationToken.None));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("Trần Thị Quét", StringComparison.Ordinal));
    }
}
