using Microsoft.AspNetCore.DataProtection;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Web.Features.Accounts;
using PcCovid.Web.Features.Accounts.Sms;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Certificates;
using PcCovid.Web.Features.CheckIns;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.Demo;
using PcCovid.Web.Features.Population;
using PcCovid.Web.Features.Retention;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Features.Tracing;
using PcCovid.Web.Features.Vaccination;
using PcCovid.Web.Infrastructure.Security;

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
        // Jobs that run on one node at a time (leases in the database) and the Data Protection key ring every node shares.
        Jobs.ProductionServices.AddPcCovidProduction(services, configuration);
        // The provider's store (keyed: the co-presence index reads it and its change feed); everyone else gets the
        // same store feeding this node's index after each commit.
        services.AddKeyedSingleton(CoPresenceIndexService.StoreKey, (provider, _) => CheckInStoreFactory.Create(provider.GetRequiredService<DatabaseOptions>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CoPresenceIndexService>();
        services.AddSingleton<ICheckInStore>(provider => new IndexFeedingCheckInStore(
            provider.GetRequiredKeyedService<ICheckInStore>(CoPresenceIndexService.StoreKey), provider.GetRequiredService<CoPresenceIndexService>()));
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
        services.Configure<RetentionOptions>(configuration.GetSection(RetentionOptions.SectionName));
        services.AddScoped<RetentionSweep>();
        services.AddScoped<PersonalDataAudit>();
        // Certificates: the signing keys' private halves are encrypted with Data Protection.
        services.AddDataProtection().SetApplicationName("PcCovid");
        services.Configure<CertificateOptions>(configuration.GetSection(CertificateOptions.SectionName));
        services.AddSingleton<DccKeyStore>();
        services.AddScoped<IssueCertificate>();
        services.AddScoped<VerifyCertificate>();
        services.AddScoped<RevokeCertificate>();
        services.AddSingleton<RuleCache>();
        services.AddScoped<RuleHistorySeeder>();
        services.AddScoped<PcCovid.Web.Features.People.PersonMatcher>();
        services.AddScoped<RecordLabResults>();
        services.AddSingleton<PcCovid.Web.Features.Fhir.FhirValidation>();
        services.AddScoped<PcCovid.Web.Features.Fhir.ProcessFhirTransaction>();
        services.AddScoped<ImportLabResults>();
        services.AddScoped<Guardians>();
        services.AddScoped<DoseIntervalFlags>();
        services.AddScoped<ImportDoses>();
        services.AddScoped<IssueVaccinationCertificate>();
        services.AddScoped<IssueTestCertificate>();
        services.Configure<PcCovid.Web.Features.Risk.RiskOptions>(configuration.GetSection(PcCovid.Web.Features.Risk.RiskOptions.SectionName));
        services.AddScoped<PcCovid.Web.Features.Risk.AssessRiskLevels>();
        // The risk levels' pre-aggregated inputs, kept in the transaction of every write of people, doses and cases.
        services.AddScoped<PcCovid.Web.Features.Risk.FactCounts>();
        services.AddScoped<PcCovid.Data.ReferenceCounts.IFactCountsMaintainer>(sp => sp.GetRequiredService<PcCovid.Web.Features.Risk.FactCounts>());
        services.AddScoped<PcCovid.Web.Features.Risk.RebuildFactCounts>();
        services.AddScoped<IssueRecoveryCertificate>();
        services.AddScoped<DemoVaccinationSeeder>();
        // Identity resolution of the legacy migration: one resolver (registry index) per run.
        services.AddSingleton<PcCovid.Web.Features.Linkage.IdentityResolverFactory>();

        // The legacy migration (CLI verbs and the web host alike).
        services.AddScoped<Features.Declarations.SubmitDeclaration>();
        services.AddScoped<Features.Migration.LegacyFactWriter>();
        services.AddScoped<Features.Migration.MigrateSource>();
        services.AddSingleton<Features.Migration.MigrateAll>();
        services.AddScoped<Features.Migration.ExportLinks>();
        services.AddScoped<DemoCheckInsSeeder>();
        services.AddScoped<DemoTracingSeeder>();
        services.AddScoped<DemoExposureSeeder>();
        services.AddScoped<PcCovid.Web.Features.Demo.DemoCorrectionsSeeder>();
        services.Configure<CheckInOptions>(configuration.GetSection(CheckInOptions.SectionName));
        services.AddSingleton<CheckInBatcher>();
        services.AddSingleton<QrKeyRing>();
        services.AddSingleton<VenueDirectory>();
        services.AddSingleton<PersonalQrReplayCache>();
        services.AddScoped<CheckInValidator>();
        services.AddScoped<VenueRegistry>();
        services.AddScoped<VenuePoster>();
        services.AddScoped<PersonalQr>();
        services.AddScoped<Features.Card.CardFactsReader>();
        services.AddScoped<Features.Card.ComputeCovidCard>();
        // The dashboards' counts: folded by the web host's job and by `pccovid dashboards`, read by the pages.
        services.AddScoped<Features.Dashboards.FoldDailyCounts>();
        services.AddScoped<Features.Dashboards.DashboardQueries>();
        return services;
    }

    /// <summary>The services of the web host only: accounts, citizens' and staff features.</summary>
    public static IServiceCollection AddPcCovidWebFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CitizenSignInOptions>(configuration.GetSection(CitizenSignInOptions.SectionName));
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SmsOptions>, SmsGatewayGuard>();
        services.AddSingleton<DevSmsOutbox>();
        services.AddHttpClient(nameof(HttpSmsGateway));
        services.AddSingleton<HttpSmsGateway>();
        services.AddSingleton<ISmsGateway>(provider =>
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmsOptions>>().Value.Gateway == SmsOptions.Http
                ? provider.GetRequiredService<HttpSmsGateway>()
                : provider.GetRequiredService<DevSmsOutbox>());
        services.AddSingleton<INotificationSender, SmsNotificationSender>();
        services.AddSingleton<CaseTracingWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<CaseTracingWorker>());
        services.AddHostedService(provider => provider.GetRequiredService<CoPresenceIndexService>());
        services.AddScoped<RequestSignInCode>();
        services.AddScoped<VerifySignInCode>();
        services.AddScoped<ConfirmIdentity>();
        services.AddScoped<SignInStaff>();
        services.AddScoped<EnrollAuthenticator>();
        services.AddScoped<AdministratorReach>();
        services.AddScoped<CreateStaffAccount>();
        services.AddScoped<DisableStaffAccount>();
        services.AddScoped<RegisterFacility>();
        services.AddScoped<AddRuleVersion>();
        services.AddScoped<HouseholdCandidates>();
        services.AddScoped<AddHouseholdDependant>();
        services.AddScoped<GrantGuardianConsent>();
        services.AddScoped<RevokeGuardianship>();
        services.AddScoped<RecordDose>();
        services.AddScoped<DeclareDose>();
        services.AddScoped<ConfirmDose>();
        services.AddScoped<ListDoses>();
        services.AddScoped<LinkDoseReview>();
        services.AddScoped<Features.Migration.AnswerClaim>();
        services.AddScoped<Features.PersonMerges.MergePersons>();
        services.AddScoped<Features.PersonMerges.UnmergePersons>();
        services.AddScoped<Features.PersonMerges.ComparePersons>();
        services.AddScoped<Features.Demo.DemoMigrationSeeder>();
        services.AddScoped<Features.Demo.DemoPersonMergeSeeder>();
        services.AddScoped<Features.Demo.DemoCasesSeeder>();
        services.AddHostedService<RetentionJob>();
        services.Configure<PcCovid.Web.Features.Quarantine.QuarantineOptions>(configuration.GetSection(PcCovid.Web.Features.Quarantine.QuarantineOptions.SectionName));
        services.AddScoped<PcCovid.Web.Features.Quarantine.IssueQuarantineOrders>();
        services.AddScoped<PcCovid.Web.Features.Corrections.ListCorrections>();
        services.AddScoped<PcCovid.Web.Features.Corrections.AnswerCorrection>();
        services.AddScoped<PcCovid.Web.Features.Quarantine.ChangeQuarantineOrder>();
        services.AddSingleton<PcCovid.Web.Features.Quarantine.TestDayReminderJob>();
        services.AddHostedService(provider => provider.GetRequiredService<PcCovid.Web.Features.Quarantine.TestDayReminderJob>());
        services.AddSingleton<PcCovid.Web.Features.Risk.WeeklyRiskJob>();
        services.AddHostedService(provider => provider.GetRequiredService<PcCovid.Web.Features.Risk.WeeklyRiskJob>());
        services.AddScoped<DemoAccountsSeeder>();
        services.AddScoped<DemoLabResultsSeeder>();
        services.AddScoped<DemoRiskLevelsSeeder>();
        services.Configure<Features.Dashboards.DashboardOptions>(configuration.GetSection(Features.Dashboards.DashboardOptions.SectionName));
        services.AddScoped<DemoDashboardSeeder>();
        services.AddHostedService<Features.Dashboards.DashboardJob>();
        services.AddHostedService<CheckInMaintenanceJob>();
        services.AddOptions<TracingOptions>().Bind(configuration.GetSection(TracingOptions.SectionName));
        services.AddSingleton<ContactTracer>();
        services.AddScoped<TraceCase>();
        services.AddScoped<Features.Cases.ListCases>();
        services.AddSingleton<PcCovid.Web.Features.StaffConsole.UploadJobs>();
        services.Configure<Features.Migration.MigrationJobOptions>(configuration.GetSection(Features.Migration.MigrationJobOptions.SectionName));
        services.AddSingleton<Features.Migration.MigrationJobs>();
        services.AddScoped<MatchPendingContacts>();
        services.AddScoped<Features.Cases.OpenCase>();
        services.AddScoped<Features.Cases.ChangeCaseStatus>();
        services.AddSingleton<Features.Bluetooth.TempIdKeyRing>();
        services.AddScoped<Features.Bluetooth.UploadEncounters>();
        return services;
    }
}
