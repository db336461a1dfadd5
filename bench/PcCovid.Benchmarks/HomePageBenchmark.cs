using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PcCovid.Data;

/// <summary>
/// The citizen home page under USERS concurrent signed-in citizens (issue 8: p99 server time ≤ 50 ms with 200).
/// USERS distinct people of the (demo) database, each with a phone of their own that has no account yet, are
/// signed in through the real flow (code requested, read from the dev outbox file, sent; identity confirmed with
/// citizen ID and birth date), each keeping the cookie the server gives it (sliding expiration and the security
/// stamp's re-issue included, as a browser does). Then each loads GET /toi in a closed loop for SECONDS, with a
/// think time between loads drawn uniformly in [THINK/2, 3·THINK/2] ms (0 = none: a new load as soon as the page
/// came back). The server time is the response's Server-Timing (the node runs with Diagnostics:ServerTiming=true):
/// from the request entering the pipeline to its first byte; the client time is measured here too.
/// </summary>
internal static partial class HomePageBenchmark
{
    public static async Task<int> RunAsync(string url, string provider, string connectionString, string outboxFile, int users, int seconds, int thinkMs)
    {
        List<Citizen> citizens = await PickCitizensAsync(provider, connectionString, users);
        if (citizens.Count < users)
        {
            Console.WriteLine($"only {citizens.Count} citizens with a phone of their own and no account: fewer users than asked");
        }

        using var handler = new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = Math.Max(users, 1), AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        long signInStarted = Stopwatch.GetTimestamp();
        var cookies = new string?[citizens.Count];
        using (var gate = new SemaphoreSlim(8))
        {
            await Task.WhenAll(citizens.Select(async (citizen, i) =>
            {
                await gate.WaitAsync();
                try
                {
                    cookies[i] = await SignInAsync(client, outboxFile, citizen);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        int signedIn = cookies.Count(c => c is not null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{signedIn} citizens signed in through the real flow in {Stopwatch.GetElapsedTime(signInStarted).TotalSeconds:F1} s"));
        if (signedIn == 0)
        {
            return 1;
        }

        var samples = new ConcurrentBag<(double Server, double Client, int Status, int Bytes)>();
        long deadline = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
        double load = ReadLoadAverage();

        async Task UserAsync(int i)
        {
            var random = new Random(i);
            string cookie = cookies[i]!;
            if (thinkMs > 0)
            {
                await Task.Delay(random.Next(thinkMs));
            }

            while (Stopwatch.GetTimestamp() < deadline)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/toi");
                request.Headers.Add("Cookie", cookie);
                long started = Stopwatch.GetTimestamp();
                try
                {
                    using HttpResponseMessage response = await client.SendAsync(request);
                    byte[] body = await response.Content.ReadAsByteArrayAsync();
                    double clientMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    cookie = Renewed(response, cookie);
                    samples.Add((ServerMs(response), clientMs, (int)response.StatusCode, body.Length));
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    samples.Add((double.NaN, Stopwatch.GetElapsedTime(started).TotalMilliseconds, 0, 0));
                }

                if (thinkMs > 0)
                {
                    await Task.Delay(thinkMs / 2 + random.Next(thinkMs + 1));
                }
            }
        }

        int? nodePid = int.TryParse(Environment.GetEnvironmentVariable("NODE_PID"), CultureInfo.InvariantCulture, out int pid) ? pid : null;
        long ticksBefore = CpuTicks(nodePid);
        long began = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, cookies.Length).Where(i => cookies[i] is not null).Select(UserAsync));
        double span = Stopwatch.GetElapsedTime(began).TotalSeconds;
        var ok = samples.Where(s => s.Status == 200).ToList();
        double[] server = ok.Select(s => s.Server).Where(d => !double.IsNaN(d)).Order().ToArray();
        double[] clientMs = ok.Select(s => s.Client).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GET /toi, {signedIn} signed-in citizens, think time {(thinkMs > 0 ? $"{thinkMs / 2}–{thinkMs * 3 / 2} ms" : "none")}, {seconds} s: {samples.Count:N0} loads, {samples.Count / span:F0}/s, {samples.Count - ok.Count} errors, page {(ok.Count > 0 ? ok.Average(s => s.Bytes) / 1024 : 0):F1} KiB uncompressed"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  server time (Server-Timing) p50 {Percentile(server, 0.50):F1} ms  p99 {Percentile(server, 0.99):F1} ms  max {(server.Length > 0 ? server[^1] : double.NaN):F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  client time (this process)  p50 {Percentile(clientMs, 0.50):F1} ms  p99 {Percentile(clientMs, 0.99):F1} ms"));
        if (nodePid is not null && !samples.IsEmpty)
        {
            // utime + stime of the node in clock ticks (100 per second on Linux).
            double cpuMs = (CpuTicks(nodePid) - ticksBefore) * 10.0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  node CPU {cpuMs / 1000:F1} s = {cpuMs / samples.Count:F2} ms per page load (utime + stime of pid {nodePid})"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  load average {load:F1} at the start, {ReadLoadAverage():F1} at the end"));
        return server.Length == 0 ? 1 : 0;
    }

    internal sealed record Citizen(string Phone, string CitizenId, string BirthDate, string FullName, int BirthYear);

    /// <summary>Registry people with a phone of their own and no account yet, who can sign in through the real flow.</summary>
    internal static async Task<List<Citizen>> PickCitizensAsync(string provider, string connectionString, int users)
    {
        HostApplicationBuilder builder = BenchHost.CreateBuilder(provider, connectionString);
        using IHost host = builder.Build();
        await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        var taken = (await db.Accounts.Where(a => a.PhoneNumber != null).Select(a => a.PhoneNumber!).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var rows = await (from p in db.People
                          where p.CitizenId != null
                          from ph in p.Phones
                          select new { ph.E164, p.Id, p.CitizenId, p.BirthDay, p.BirthYear, p.FullName })
            .OrderBy(r => r.Id)
            .Take(users * 20)
            .ToListAsync();
        return rows.Where(r => !taken.Contains(r.E164))
            .GroupBy(r => r.E164, StringComparer.Ordinal)
            .Where(g => g.Select(r => r.Id).Distinct().Count() == 1)
            .Select(g => g.First())
            .Select(r => new Citizen(r.E164, r.CitizenId!, (r.BirthDay ?? new DateOnly(r.BirthYear, 1, 1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.FullName, r.BirthYear))
            .Take(users)
            .ToList();
    }

    /// <summary>Phone, the texted code from the dev outbox, the identity check, then the home page: the session cookie, or null.</summary>
    internal static async Task<string?> SignInAsync(HttpClient client, string outboxFile, Citizen citizen)
    {
        using HttpResponseMessage requested = await client.PostAsJsonAsync("/api/auth/citizen/code", new { phone = citizen.Phone });
        if ((int)requested.StatusCode != 202)
        {
            Console.WriteLine($"code request answered {(int)requested.StatusCode}");
            return null;
        }

        string? code = null;
        for (int attempt = 0; attempt < 50 && code is null; attempt++)
        {
            code = LastCode(outboxFile, citizen.Phone);
            if (code is null)
            {
                await Task.Delay(100);
            }
        }

        if (code is null)
        {
            Console.WriteLine("no code in the dev outbox");
            return null;
        }

        using HttpResponseMessage signedIn = await client.PostAsJsonAsync("/api/auth/citizen/sign-in", new { phone = citizen.Phone, code });
        string cookie = Renewed(signedIn, string.Empty);
        using var confirm = new HttpRequestMessage(HttpMethod.Post, "/api/auth/citizen/confirm-identity") { Content = JsonContent.Create(new { citizenId = citizen.CitizenId, birthDate = citizen.BirthDate }) };
        confirm.Headers.Add("Cookie", cookie);
        using HttpResponseMessage confirmed = await client.SendAsync(confirm);
        cookie = Renewed(confirmed, cookie);
        if (!signedIn.IsSuccessStatusCode || !confirmed.IsSuccessStatusCode || cookie.Length == 0)
        {
            Console.WriteLine($"sign-in answered {(int)signedIn.StatusCode}, confirmation {(int)confirmed.StatusCode}");
            return null;
        }

        using var home = new HttpRequestMessage(HttpMethod.Get, "/toi");
        home.Headers.Add("Cookie", cookie);
        using HttpResponseMessage page = await client.SendAsync(home);
        string html = await page.Content.ReadAsStringAsync();
        return page.StatusCode == System.Net.HttpStatusCode.OK && html.Contains("id=\"card\"", StringComparison.Ordinal) ? Renewed(page, cookie) : null;
    }

    private static string? LastCode(string outboxFile, string phone)
    {
        if (!File.Exists(outboxFile))
        {
            return null;
        }

        using var stream = new FileStream(outboxFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        string? code = null;
        while (reader.ReadLine() is { } line)
        {
            // The '+' of the number is written escaped (\u002B): look for the digits, then compare the parsed number.
            if (line.Contains($"{phone.TrimStart('+')}\"", StringComparison.Ordinal))
            {
                using JsonDocument message = JsonDocument.Parse(line);
                if (message.RootElement.GetProperty("To").GetString() != phone)
                {
                    continue;
                }

                Match match = CodeText().Match(message.RootElement.GetProperty("Text").GetString() ?? string.Empty);
                code = match.Success ? match.Groups[1].Value : code;
            }
        }

        return code;
    }

    /// <summary>The cookie header after the response: the session cookie replaced when the server re-issued it.</summary>
    internal static string Renewed(HttpResponseMessage response, string cookie)
    {
        if (response.Headers.TryGetValues("Set-Cookie", out IEnumerable<string>? values))
        {
            foreach (string value in values)
            {
                if (value.StartsWith("pccovid=", StringComparison.Ordinal))
                {
                    cookie = value[..value.IndexOf(';', StringComparison.Ordinal)];
                }
            }
        }

        return cookie;
    }

    private static double ServerMs(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Server-Timing", out IEnumerable<string>? values)
        && values.First() is { } timing && timing.IndexOf("dur=", StringComparison.Ordinal) is int at and >= 0
            ? double.Parse(timing.AsSpan(at + 4), CultureInfo.InvariantCulture)
            : double.NaN;

    private static long CpuTicks(int? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/stat"))
        {
            return 0;
        }

        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static double ReadLoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    [GeneratedRegex(@"code is (\d{6})")]
    private static partial Regex CodeText();
}
