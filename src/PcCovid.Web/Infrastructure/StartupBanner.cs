using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PcCovid.Data;

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
            Console.WriteLine("  Demo accounts: none yet: sign-in arrives with the accounts feature; every page is public reference data and aggregates.");
            Console.WriteLine("  Tài khoản demo: chưa có: đăng nhập sẽ có cùng tính năng tài khoản; mọi trang hiện chỉ có dữ liệu tham chiếu và số liệu tổng hợp.");
            Console.WriteLine();
        });
    }
}
