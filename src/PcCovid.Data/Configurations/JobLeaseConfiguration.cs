using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Data.Jobs;

namespace PcCovid.Data.Configurations;

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLeaseRecord>
{
    public void Configure(EntityTypeBuilder<JobLeaseRecord> builder)
    {
        builder.ToTable("job_leases");
        builder.HasKey(j => j.Name);
        builder.Property(j => j.Name).HasMaxLength(128);
        builder.Property(j => j.Holder).HasMaxLength(200);
        builder.Property(j => j.Checkpoint).HasMaxLength(4000);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKeyRecord>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRecord> builder)
    {
        builder.ToTable("data_protection_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}
