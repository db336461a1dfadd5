using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using PcCovid.Data;

namespace PcCovid.Web.Features.Operations;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c> and <c>/health</c>: the database
/// answers too. A load balancer routes on readiness.
/// </summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddPcCovidHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<PcCovidDbContext>("database", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapPcCovidHealthChecks(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        routes.MapHealthChecks("/health").AllowAnonymous();
        return routes;
    }
}
