using System.Net;
using System.Net.Http.Json;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Access;

/// <summary>Sign-in and staff reads leave accounts and counts in the log, never a phone number, citizen ID or name.</summary>
public sealed class NoPersonalDataInLogsTests
{
    private const string FullName = "Trần Thị Bảo Mật";

    [Fact]
    public async Task SignInAndStaffReads_LogNoPhoneIdOrName()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1983, 10, 9), Domain.People.Sex.Female, phone: "+84912345678", name: FullName);

        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, person);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/api/me")).StatusCode);

        // A wrong confirmation and a wrong code are logged too: still without the data typed.
        HttpClient other = TestAccounts.NewClient(app);
        await TestAccounts.RequestCodeAsync(other, "0912 345 679");
        await TestAccounts.SendCodeAsync(other, "0912345679", "000000");

        HttpClient officer = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(person.DistrictCode));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/staff/people/{person.Id}?purpose=contact-tracing")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync("/api/staff/people/lookup", new { citizenId = person.CitizenId, purpose = "contact-tracing" })).StatusCode);

        IReadOnlyList<string> lines = app.Logs.Lines;
        Assert.NotEmpty(lines);
        var leaks = new List<string>();
        foreach (string line in lines)
        {
            string digits = new(line.Where(char.IsAsciiDigit).ToArray());
            string compact = line.Replace(" ", string.Empty, StringComparison.Ordinal).Replace(".", string.Empty, StringComparison.Ordinal);
            if (compact.Contains("912345678", StringComparison.Ordinal) || compact.Contains("912345679", StringComparison.Ordinal)
                || digits.Contains(person.CitizenId, StringComparison.Ordinal)
                || line.Contains(FullName, StringComparison.OrdinalIgnoreCase)
                || line.Contains("Bảo Mật", StringComparison.OrdinalIgnoreCase)
                || line.Contains("Bao Mat", StringComparison.OrdinalIgnoreCase))
            {
                leaks.Add(line);
            }
        }

        Assert.True(leaks.Count == 0, "Personal data in the log:\n" + string.Join("\n", leaks));
    }
}
