using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Web.Features.Demo;

namespace PcCovid.Web.Infrastructure;

/// <summary>Tells whoever started the server where it listens, on which database, and how to sign in.</summary>
public static class StartupBanner
{
    public static void PrintWhenStarted(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            ICollection<string> addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            DatabaseOptions database = app.Services.GetRequiredService<DatabaseOptions>();
            Console.WriteLine();
            Console.WriteLine("PcCovid is running / PcCovid đang chạy");
            foreach (string address in addresses)
            {
                Console.WriteLine($"  URL:      {address}");
                Console.WriteLine($"  API docs: {address}/api/docs");
            }

            Console.WriteLine($"  Database: {database.Describe()}");
            PrintDemoLogins(app, addresses.FirstOrDefault() ?? string.Empty);
            Console.WriteLine();
        });
    }

    /// <summary>
    /// The demo sign-ins, read from the database (so a second start prints them too). Only demo data:
    /// accounts created by the demo seeder, with synthetic people.
    /// </summary>
    private static void PrintDemoLogins(WebApplication app, string url)
    {
        if (!app.Configuration.GetValue("Demo:SeedOnFirstStart", false))
        {
            return;
        }

        using IServiceScope scope = app.Services.CreateScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        List<string> staff = db.Accounts.Where(a => a.Kind == AccountKind.Staff && a.UserName!.StartsWith(DemoAccountsSeeder.UserNamePrefix))
            .OrderBy(a => a.UserName).Select(a => a.UserName!).ToList();
        var citizen = db.Accounts.Where(a => a.Kind == AccountKind.Citizen && a.PersonId != null).OrderBy(a => a.CreatedAtUtc)
            .Join(db.People, a => a.PersonId, p => p.Id, (a, p) => new { a.PhoneNumber, p.CitizenId, p.BirthYear, p.BirthDay })
            .FirstOrDefault();
        if (staff.Count == 0 || citizen is null)
        {
            return;
        }

        string born = citizen.BirthDay?.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) ?? citizen.BirthYear.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine("  Demo logins / Đăng nhập demo:");
        Console.WriteLine($"    Citizen / Công dân:  {url}/dang-nhap  phone {citizen.PhoneNumber} (CCCD {citizen.CitizenId}, born {born}); the code arrives at {url}/dev/hop-thu");
        Console.WriteLine($"    Staff / Cán bộ:      {url}/can-bo/dang-nhap  password '{DemoAccountsSeeder.Password}'; authenticator codes at {url}/dev/hop-thu");
        Console.WriteLine($"                         {string.Join(", ", staff)}");
    }
}
