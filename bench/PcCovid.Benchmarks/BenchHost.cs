using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using PcCovid.Web.Infrastructure;

/// <summary>The product's services on a given database, as the benchmarks drive them (no web server, warnings only in the log).</summary>
internal static class BenchHost
{
    public static HostApplicationBuilder CreateBuilder(string provider, string connectionString)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Database:Provider", provider),
            new("Database:ConnectionString", connectionString),
            new("Logging:LogLevel:Default", "Warning"),
        ]);
        builder.Services.AddPcCovidCore(builder.Configuration);
        return builder;
    }
}
