using PcCovid.Web.Features.AdministrativeUnits;
using PcCovid.Web.Features.Operations;
using PcCovid.Web.Features.Population;
using PcCovid.Web.Infrastructure;
using Scalar.AspNetCore;

namespace PcCovid.Web;

/// <summary>The web host, read top to bottom: services, then the request pipeline, then the endpoints of each feature.</summary>
public static class PcCovidWebHost
{
    public static WebApplication Build(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        builder.Services.AddPcCovidCore(builder.Configuration);
        builder.Services.AddHostedService<DatabaseStartup>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DomainExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddRazorPages();
        builder.Services.AddPcCovidHealthChecks();

        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseRouting();

        app.MapOpenApi();
        app.MapScalarApiReference("/api/docs");
        app.MapPcCovidHealthChecks();
        app.MapAdministrativeUnits();
        app.MapPopulation();
        app.MapRazorPages();

        StartupBanner.PrintWhenStarted(app);
        return app;
    }
}
