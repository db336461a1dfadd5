using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;

namespace PcCovid.IntegrationTests.Infrastructure;

/// <summary>The real host on a test's own database; demo seeding off unless a test asks for it.</summary>
public sealed class PcCovidAppFactory(TestDatabase database, int demoPeople = 0) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", database.Options.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", database.Options.ConnectionString);
        builder.UseSetting("Demo:SeedOnFirstStart", demoPeople > 0 ? "true" : "false");
        builder.UseSetting("Demo:People", demoPeople.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using AsyncServiceScope scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public PcCovidDbContext NewDbContext() => Services.CreateScope().ServiceProvider.GetRequiredService<PcCovidDbContext>();
}
