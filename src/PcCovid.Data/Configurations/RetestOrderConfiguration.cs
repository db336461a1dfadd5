using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Testing;

namespace PcCovid.Data.Configurations;

internal sealed class RetestOrderConfiguration : IEntityTypeConfiguration<RetestOrder>
{
    public void Configure(EntityTypeBuilder<RetestOrder> builder)
    {
        builder.ToTable("retest_orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.PoolId).HasMaxLength(64);
        builder.HasIndex(o => o.PooledResultId).IsUnique();
        // Open orders of a person: what an individual result looks for.
        builder.HasIndex(o => new { o.PersonId, o.PoolSampledAtUtc }).HasFilter("closed_at_utc IS NULL");
    }
}
