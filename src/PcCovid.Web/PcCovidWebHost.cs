using PcCovid.Web.Features.Fhir;
using PcCovid.Web.Features.Quarantine;
using PcCovid.Web.Features.Dashboards;
using PcCovid.Web.Features.Risk;
using PcCovid.Web.Features.Accounts;
using PcCovid.Web.Features.AdministrativeUnits;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.Declarations;
using PcCovid.Web.Features.Migration;
using PcCovid.Web.Features.PersonMerges;
using PcCovid.Web.Features.People;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Certificates;
using PcCovid.Web.Features.CheckIns;
using PcCovid.Web.Features.Operations;
using PcCovid.Web.Features.Population;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Features.Bluetooth;
using PcCovid.Web.Features.Cases;
using PcCovid.Web.Features.Tracing;
using PcCovid.Web.Features.Vaccination;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Localization;
using PcCovid.Web.Infrastructure.Security;
using Scalar.AspNetCore;

namespace PcCovid.Web;

/// <summary>The web host, read top to bottom: services, then the request pipeline, then the endpoints of each feature.</summary>
public static class PcCovidWebHost
{
    public static WebApplication Build(string[] args)
    {
        // The content root is the program's own folder, not the working directory: the configuration
        // watcher then never sees the database files under ./data, and the host finds its files
        // wherever it is started from.
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        // First of the hosted services: the database is migrated (and the demo seeded) before any other starts,
        // Data Protection's preload of its key ring (kept in the database) included.
        builder.Services.AddHostedService<DatabaseStartup>();
        builder.Services.AddPcCovidCore(builder.Configuration);
        builder.Services.AddPcCovidSecurity(builder.Configuration, builder.Environment);
        builder.Services.AddPcCovidWebFeatures(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long?>("Limits:MaxRequestBodyBytes") ?? 1_048_576);
        // After DatabaseStartup: hosted services start in order, so the chain is sealed on a migrated database.
        builder.Services.AddHostedService<AuditChainSealer>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DomainExceptionHandler>();
        builder.Services.AddOpenApi();
        // Pages carry Vietnamese as characters, not as &#x…; entities: a third of the bytes on a slow network.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddPcCovidLocalization();
        builder.Services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/Me", AccessPolicies.Citizen);
            pages.Conventions.AuthorizeFolder("/Admin", AccessPolicies.Administrator);
        }).AddViewLocalization();
        builder.Services.AddPcCovidHealthChecks();
        builder.Services.AddPcCovidCompression();

        WebApplication app = builder.Build();
        app.UseServerTimingWhenEnabled(app.Configuration);
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseSecurityHeaders();
        app.UseStatusCodePages();
        app.UsePcCovidStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api/docs").AllowAnonymous();
        app.MapPcCovidHealthChecks();
        app.MapAdministrativeUnits();
        app.MapPopulation();
        app.MapAccounts();
        app.MapAdministration();
        app.MapCitizens();
        app.MapStaffPeople();
        app.MapAudit();
        app.MapCertificates();
        app.MapRules();
        app.MapTesting();
        app.MapVaccination();
        app.MapFhir();
        app.MapRisk();
        app.MapDashboards();
        app.MapDeclarations();
        app.MapMigration();
        app.MapMigrationReview();
        app.MapMigrationRuns();
        app.MapPersonMerges();
        app.MapCheckIns();
        app.MapVenueScanBatch();
        app.MapQuarantine();
        PcCovid.Web.Features.Corrections.CorrectionEndpoints.MapCorrections(app);
        app.MapTracing();
        PcCovid.Web.Features.StaffConsole.UploadStatusEndpoints.MapUploadStatus(app);
        app.MapLanguageSwitch();
        app.MapCases();
        app.MapClusters();
        app.MapBluetooth();
        app.MapRazorPages();

        StartupBanner.PrintWhenStarted(app);
        return app;
    }
}
