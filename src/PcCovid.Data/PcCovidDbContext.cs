using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data.Converters;
using PcCovid.Data.People;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Domain.Access;
using PcCovid.Domain.Audit;
using PcCovid.Domain.Cases;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Certificates;
using PcCovid.Domain.Declarations;
using PcCovid.Domain.Imports;
using PcCovid.Domain.Migration;
using PcCovid.Domain.People;
using PcCovid.Domain.Quarantine;
using PcCovid.Domain.Risk;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Testing;
using PcCovid.Domain.Tracing;
using PcCovid.Domain.Vaccination;

namespace PcCovid.Data;

/// <summary>
/// The one model of PcCovid, on SQLite or PostgreSQL; the unit of work of every use case. Identity's
/// user tables live in it (without Identity roles: a staff role comes with a scope, kept on the account).
/// </summary>
public sealed class PcCovidDbContext(DbContextOptions<PcCovidDbContext> options, IFactCountsMaintainer? counts = null) : IdentityUserContext<Account, Guid>(options)
{
    public DbSet<Person> People => Set<Person>();

    public DbSet<PersonPhone> PersonPhones => Set<PersonPhone>();

    public DbSet<PersonMerge> PersonMerges => Set<PersonMerge>();

    public DbSet<PersonMergeMove> PersonMergeMoves => Set<PersonMergeMove>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<ImportRejection> ImportRejections => Set<ImportRejection>();

    public DbSet<ResidenceCount> ResidenceCounts => Set<ResidenceCount>();

    public DbSet<CommuneCaseCount> CommuneCaseCounts => Set<CommuneCaseCount>();

    public DbSet<DailyCount> DailyCounts => Set<DailyCount>();

    public DbSet<AggregationWatermark> AggregationWatermarks => Set<AggregationWatermark>();

    public DbSet<QuarantineCount> QuarantineCounts => Set<QuarantineCount>();

    public DbSet<DeferredIndex> DeferredIndexes => Set<DeferredIndex>();

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<SignInChallenge> SignInChallenges => Set<SignInChallenge>();

    public DbSet<Guardianship> Guardianships => Set<Guardianship>();

    public DbSet<Facility> Facilities => Set<Facility>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditSeal> AuditSeals => Set<AuditSeal>();

    public DbSet<DccSigningKey> DccSigningKeys => Set<DccSigningKey>();

    public DbSet<RevokedCertificate> RevokedCertificates => Set<RevokedCertificate>();

    public DbSet<RuleVersion> RuleVersions => Set<RuleVersion>();

    public DbSet<LabResult> LabResults => Set<LabResult>();

    public DbSet<RetestOrder> RetestOrders => Set<RetestOrder>();

    public DbSet<LabReviewItem> LabReviewItems => Set<LabReviewItem>();

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();

    public DbSet<CaseContact> CaseContacts => Set<CaseContact>();

    public DbSet<ContactEvidence> ContactEvidence => Set<ContactEvidence>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<Cluster> Clusters => Set<Cluster>();

    public DbSet<ClusterCase> ClusterCases => Set<ClusterCase>();

    public DbSet<BluetoothEncounter> BluetoothEncounters => Set<BluetoothEncounter>();

    public DbSet<Dose> Doses => Set<Dose>();

    public DbSet<DoseReview> DoseReviews => Set<DoseReview>();

    public DbSet<RiskLevel> RiskLevels => Set<RiskLevel>();

    public DbSet<TreatmentCapacity> TreatmentCapacities => Set<TreatmentCapacity>();
    public DbSet<HealthDeclaration> HealthDeclarations => Set<HealthDeclaration>();

    public DbSet<FollowUpEntry> FollowUpEntries => Set<FollowUpEntry>();

    public DbSet<LegacyLink> LegacyLinks => Set<LegacyLink>();

    public DbSet<HeldClaim> HeldClaims => Set<HeldClaim>();

    public DbSet<LegacyEncounter> LegacyEncounters => Set<LegacyEncounter>();

    public DbSet<HealthInsuranceCard> HealthInsuranceCards => Set<HealthInsuranceCard>();

    public DbSet<MigrationRun> MigrationRuns => Set<MigrationRun>();

    public DbSet<Venue> Venues => Set<Venue>();

    public DbSet<QrSigningKey> QrSigningKeys => Set<QrSigningKey>();

    public DbSet<PrintedQrRevocation> PrintedQrRevocations => Set<PrintedQrRevocation>();

    public DbSet<QuarantineOrder> QuarantineOrders => Set<QuarantineOrder>();

    public DbSet<SymptomCheckIn> SymptomCheckIns => Set<SymptomCheckIn>();

    public DbSet<Jobs.JobLeaseRecord> JobLeases => Set<Jobs.JobLeaseRecord>();

    public DbSet<Jobs.DataProtectionKeyRecord> DataProtectionKeys => Set<Jobs.DataProtectionKeyRecord>();
    public DbSet<CorrectionRequest> CorrectionRequests => Set<CorrectionRequest>();

    /// <summary>
    /// Saves, and when the changes touch people, doses or cases keeps the pre-aggregated counts exact in the
    /// same transaction (the caller's, or one opened here): the people's contributions are read before and
    /// after the save and the difference added (<see cref="IFactCountsMaintainer"/>).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        FactCountsChange? change = counts?.Collect(this);
        if (change is null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
        }

        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? own = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            await counts!.BeforeAsync(this, change, cancellationToken).ConfigureAwait(false);
            int saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
            await counts.AfterAsync(this, change, cancellationToken).ConfigureAwait(false);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return saved;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The synchronous save has no count maintenance: a change to people, doses or cases must be saved asynchronously.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (counts?.Collect(this) is not null)
        {
            throw new InvalidOperationException("People, doses and cases are saved with SaveChangesAsync (their counts are kept in the same transaction).");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PcCovidDbContext).Assembly);
    }
}
