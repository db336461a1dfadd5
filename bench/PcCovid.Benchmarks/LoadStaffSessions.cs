using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using OtpNet;
using PcCovid.Web.Features.Demo;

/// <summary>
/// The staff side of the load test's mix (issue 9: "lab uploads and tracing"): signs the demo lab technician and the
/// demo district epidemiologist in through the real two-step API (password, then the authenticator code computed
/// from the key the demo enrolled), and picks what they will work on: registry people for the lab's results and
/// cases within the epidemiologist's district for the tracing reads. Writes OUT/staff.env (LAB_COOKIE, EPI_COOKIE,
/// LOAD_STAFF_DIR) for the script to source, OUT/lab-people.tsv and OUT/cases.txt for the driver.
/// </summary>
internal static class LoadStaffSessions
{
    public static async Task<int> SetUpAsync(string url, string connectionString, string outFolder)
    {
        Directory.CreateDirectory(outFolder);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        string lab = await SignInAsync(url, connection, DemoAccountsSeeder.UserNamePrefix + "lab");
        string epidemiologist = await SignInAsync(url, connection, DemoAccountsSeeder.UserNamePrefix + "epidemiologist");
        await File.WriteAllLinesAsync(Path.Combine(outFolder, "staff.env"), [$"export LAB_COOKIE='{lab}'", $"export EPI_COOKIE='{epidemiologist}'", $"export LOAD_STAFF_DIR='{Path.GetFullPath(outFolder)}'"]);

        // People the lab reports on: anyone in the registry (a lab serves the whole country's samples).
        var people = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT citizen_id, full_name, birth_year FROM people WHERE citizen_id IS NOT NULL AND merged_into_person_id IS NULL ORDER BY id LIMIT 2000", connection))
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                people.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)}\t{reader.GetString(1)}\t{reader.GetInt32(2)}"));
            }
        }

        // Cases the epidemiologist may read: those of people living in their district.
        var cases = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT c.id FROM cases c JOIN people p ON p.id = c.person_id JOIN accounts a ON a.user_name = @user AND p.district_code = a.scope_code ORDER BY c.id LIMIT 500", connection))
        {
            command.Parameters.AddWithValue("user", DemoAccountsSeeder.UserNamePrefix + "epidemiologist");
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                cases.Add(reader.GetInt64(0).ToString(CultureInfo.InvariantCulture));
            }
        }

        if (people.Count == 0 || cases.Count == 0)
        {
            Console.Error.WriteLine($"staff set-up: {people.Count} people, {cases.Count} cases in the epidemiologist's district: the demo data are missing");
            return 1;
        }

        await File.WriteAllLinesAsync(Path.Combine(outFolder, "lab-people.tsv"), people);
        await File.WriteAllLinesAsync(Path.Combine(outFolder, "cases.txt"), cases);
        Console.WriteLine($"staff signed in (lab, epidemiologist); {people.Count:N0} people for lab results, {cases.Count:N0} cases to read");
        return 0;
    }

    private static async Task<string> SignInAsync(string url, NpgsqlConnection connection, string userName)
    {
        await using var command = new NpgsqlCommand(
            "SELECT t.value FROM account_tokens t JOIN accounts a ON a.id = t.user_id WHERE a.user_name = @user AND t.name = 'AuthenticatorKey'", connection);
        command.Parameters.AddWithValue("user", userName);
        string key = (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"{userName}: no authenticator enrolled");
        return await SignInAsync(url, userName, key);
    }

    /// <summary>The demo staff member's two steps through the API with their authenticator key: the session cookie header.</summary>
    internal static async Task<string> SignInAsync(string url, string userName, string authenticatorKey)
    {
        string key = authenticatorKey;
        var cookies = new CookieContainer();
        using var handler = new SocketsHttpHandler { CookieContainer = cookies };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url) };
        using HttpResponseMessage password = await client.PostAsJsonAsync("/api/auth/staff/sign-in", new { userName, password = DemoAccountsSeeder.Password });
        password.EnsureSuccessStatusCode();
        string code = new Totp(Base32Encoding.ToBytes(key.ToUpperInvariant())).ComputeTotp();
        using HttpResponseMessage second = await client.PostAsJsonAsync("/api/auth/staff/second-factor", new { code });
        second.EnsureSuccessStatusCode();
        Cookie session = cookies.GetCookies(new Uri(url))["pccovid"] ?? throw new InvalidOperationException($"{userName}: no session cookie after the second factor");
        return $"pccovid={session.Value}";
    }
}
