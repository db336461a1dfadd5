using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PcCovid.Data;
using PcCovid.Web.Features.Demo;

/// <summary>
/// Issue 10's "from a positive lab result submitted to the F1 alerts visible in the app ≤ 60 s while the check-in
/// ingest runs at half its benchmark rate", against a running node (bench/alert-latency.sh). Per round, two citizens
/// signed in through the real flow check in at the same venue (the future F0 and F1); the demo lab submits a
/// positive result for the F0; the F1's notification feed is polled every 100 ms until a new alert shows. Meanwhile
/// a third citizen's check-ins arrive at RATE per second, open loop, at the other venues of POSTERS-FILE.
/// </summary>
internal static class AlertLatencyBenchmark
{
    public static async Task<int> RunAsync(string url, string provider, string connectionString, string outboxFile, string postersFile, int rate, int rounds)
    {
        string[] posters = (await File.ReadAllLinesAsync(postersFile)).Where(l => l.Length > 0).ToArray();
        if (posters.Length < rounds + 1)
        {
            Console.WriteLine($"{posters.Length} posters for {rounds} rounds: one per round and at least one for the ingest are needed");
            return 1;
        }

        List<HomePageBenchmark.Citizen> citizens = await HomePageBenchmark.PickCitizensAsync(provider, connectionString, 1 + 2 * rounds);
        if (citizens.Count < 1 + 2 * rounds)
        {
            Console.WriteLine($"only {citizens.Count} citizens can sign in: {1 + 2 * rounds} needed");
            return 1;
        }

        string labKey = await AuthenticatorKeyAsync(provider, connectionString, DemoAccountsSeeder.UserNamePrefix + "lab");
        using var handler = new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 256, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        string lab = await LoadStaffSessions.SignInAsync(url, DemoAccountsSeeder.UserNamePrefix + "lab", labKey);
        var cookies = new string[citizens.Count];
        for (int i = 0; i < citizens.Count; i++)
        {
            cookies[i] = await HomePageBenchmark.SignInAsync(client, outboxFile, citizens[i]) ?? throw new InvalidOperationException($"citizen {i} could not sign in");
        }

        // The ingest: the first citizen checks in at the venues not used by the rounds, RATE per second, open loop.
        using var stop = new CancellationTokenSource();
        long acknowledged = 0, refused = 0;
        string[] ingestPosters = posters[rounds..];
        Task ingest = Task.Run(async () =>
        {
            var inFlight = new List<Task>();
            long begin = Stopwatch.GetTimestamp();
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                long due = begin + (long)(i * (double)Stopwatch.Frequency / rate);
                long wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                }

                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count >= 200)
                {
                    continue;
                }

                string poster = ingestPosters[i % ingestPosters.Length];
                string key = $"alert-ingest-{i}";
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        using HttpResponseMessage response = await PostAsync(client, "/api/check-ins", cookies[0], new { venueQr = poster, idempotencyKey = key });
                        Interlocked.Increment(ref response.IsSuccessStatusCode ? ref acknowledged : ref refused);
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref refused);
                    }
                }));
            }

            await Task.WhenAll(inFlight);
        });

        await Task.Delay(TimeSpan.FromSeconds(5));
        var latencies = new List<double>();
        long ingestStart = Stopwatch.GetTimestamp();
        long acknowledgedAtStart = Interlocked.Read(ref acknowledged);
        for (int round = 0; round < rounds; round++)
        {
            (HomePageBenchmark.Citizen f0, string f0Cookie) = (citizens[1 + 2 * round], cookies[1 + 2 * round]);
            string f1Cookie = cookies[2 + 2 * round];
            foreach (string cookie in new[] { f0Cookie, f1Cookie })
            {
                using HttpResponseMessage checkedIn = await PostAsync(client, "/api/check-ins", cookie, new { venueQr = posters[round], idempotencyKey = $"alert-round-{round}-{cookie.GetHashCode(StringComparison.Ordinal)}" });
                checkedIn.EnsureSuccessStatusCode();
            }

            long seen = await LatestNotificationAsync(client, f1Cookie);
            await Task.Delay(TimeSpan.FromSeconds(1));
            DateTimeOffset now = TimeProvider.System.GetUtcNow();
            long submitted = Stopwatch.GetTimestamp();
            using (HttpResponseMessage result = await PostAsync(client, "/api/lab/results", lab, new
            {
                sampleId = $"alert-{round}-{Guid.NewGuid():N}",
                fullName = f0.FullName,
                birthYear = f0.BirthYear,
                idNumber = f0.CitizenId,
                testType = "rt-pcr",
                outcome = "positive",
                sampledAt = now,
                reportedAt = now,
            }))
            {
                string body = await result.Content.ReadAsStringAsync();
                if (!result.IsSuccessStatusCode || !body.Contains("\"caseOpened\":true", StringComparison.Ordinal))
                {
                    Console.WriteLine($"round {round}: the lab result answered {(int)result.StatusCode} {body}");
                    return 1;
                }
            }

            double? latency = null;
            while (Stopwatch.GetElapsedTime(submitted) < TimeSpan.FromSeconds(120))
            {
                if (await LatestNotificationAsync(client, f1Cookie) > seen)
                {
                    latency = Stopwatch.GetElapsedTime(submitted).TotalSeconds;
                    break;
                }

                await Task.Delay(100);
            }

            Console.WriteLine(latency is { } s
                ? string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: the F1's alert showed {s:F2} s after the positive result was acknowledged")
                : $"round {round + 1}: no alert within 120 s");
            latencies.Add(latency ?? double.PositiveInfinity);
        }

        double ingestSeconds = Stopwatch.GetElapsedTime(ingestStart).TotalSeconds;
        long ingested = Interlocked.Read(ref acknowledged) - acknowledgedAtStart;
        await stop.CancelAsync();
        await ingest;
        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"alert latency over {rounds} rounds: median {latencies[latencies.Count / 2]:F2} s, max {latencies[^1]:F2} s; check-in ingest meanwhile {ingested / ingestSeconds:F0}/s acknowledged (asked {rate}/s), {Interlocked.Read(ref refused)} refused or failed"));
        return latencies[^1] <= 60 ? 0 : 2;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string cookie, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    /// <summary>The id of the newest notification in the citizen's feed (0 when empty).</summary>
    private static async Task<long> LatestNotificationAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me/notifications?limit=1");
        request.Headers.Add("Cookie", cookie);
        using HttpResponseMessage response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using JsonDocument page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement items = page.RootElement.GetProperty("items");
        return items.GetArrayLength() == 0 ? 0 : items[0].GetProperty("id").GetInt64();
    }

    private static async Task<string> AuthenticatorKeyAsync(string provider, string connectionString, string userName)
    {
        HostApplicationBuilder builder = BenchHost.CreateBuilder(provider, connectionString);
        using IHost host = builder.Build();
        await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        return await (from t in db.UserTokens
                      join a in db.Users on t.UserId equals a.Id
                      where a.UserName == userName && t.Name == "AuthenticatorKey"
                      select t.Value).SingleAsync() ?? throw new InvalidOperationException($"{userName}: no authenticator enrolled");
    }
}
