using PcCovid.Data;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Demo;
using PcCovid.Web.Features.Population;

namespace PcCovid.Web.Infrastructure;

/// <summary>The services the web host and the command-line verbs share.</summary>
public static class PcCovidServices
{
    public static IServiceCollection AddPcCovidCore(this IServiceCollection services, IConfiguration configuration)
    {
        DatabaseOptions database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddPcCovidDatabase(database);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => ReferenceData.LoadEmbedded());
        services.AddSingleton<DatabaseMigrator>();
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.SectionName));
        services.AddScoped<DemoSeeder>();
        services.AddScoped<ImportPopulation>();
        services.AddScoped<IPopulationDatabase, EmbeddedPopulationDatabase>();
        services.Configure<AuditOptions>(configuration.GetSection(AuditOptions.SectionName));
        services.AddScoped<AuditTrail>();
        services.AddScoped<SealAuditChain>();
        services.AddScoped<VerifyAuditChain>();
        services.AddScoped<SearchAuditLog>();
        services.AddScoped<ListMyAccessLog>();
        return services;
    }
}
