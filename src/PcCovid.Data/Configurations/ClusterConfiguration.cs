using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Cases;

namespace PcCovid.Data.Configurations;

internal sealed class ClusterConfiguration : IEntityTypeConfiguration<Cluster>
{
    public void Configure(EntityTypeBuilder<Cluster> builder)
    {
        builder.ToTable("clusters");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Kind).HasMaxLength(20);
        builder.Property(c => c.ProvinceCode).HasMaxLength(2);
        builder.Property(c => c.DistrictCode).HasMaxLength(3);
        builder.Property(c => c.CommuneCode).HasMaxLength(5);
        builder.Property(c => c.Description).HasMaxLength(2000);
        // The clusters of a jurisdiction, keyset on id.
        builder.HasIndex(c => new { c.ProvinceCode, c.Id });
        builder.HasMany(c => c.Cases).WithOne().HasForeignKey(m => m.ClusterId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Cases).UsePropertyAccessMode(PropertyAccessMode.Property);
    }
}

internal sealed class ClusterCaseConfiguration : IEntityTypeConfiguration<ClusterCase>
{
    public void Configure(EntityTypeBuilder<ClusterCase> builder)
    {
        builder.ToTable("cluster_cases");
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => new { m.ClusterId, m.CaseId }).IsUnique();
        // "Which clusters is this case in" (case detail, graph).
        builder.HasIndex(m => m.CaseId);
    }
}

internal sealed class BluetoothEncounterConfiguration : IEntityTypeConfiguration<Domain.Tracing.BluetoothEncounter>
{
    public void Configure(EntityTypeBuilder<Domain.Tracing.BluetoothEncounter> builder)
    {
        builder.ToTable("bluetooth_encounters");
        builder.HasKey(e => e.Id);
        builder.Ignore(e => e.Duration);
        // A re-uploaded log adds nothing: one row per (uploader, seen, first seen).
        builder.HasIndex(e => new { e.UploaderPersonId, e.SeenPersonId, e.FirstSeenUtc }).IsUnique();
        // Tracing reads both sides of a person's encounters in the window.
        builder.HasIndex(e => new { e.SeenPersonId, e.FirstSeenUtc });
        builder.HasIndex(e => e.CaseId);
    }
}
