using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace PcCovid.Web.Infrastructure.Jobs;

/// <summary>What several nodes on one database need: the job coordinator and the shared Data Protection key ring.</summary>
public static class ProductionServices
{
    public static IServiceCollection AddPcCovidProduction(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JobOptions>(configuration.GetSection(JobOptions.SectionName));
        services.AddSingleton<JobCoordinator>();
        services.AddSingleton<DatabaseKeyRepository>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = provider.GetRequiredService<DatabaseKeyRepository>()));
        return services;
    }
}
