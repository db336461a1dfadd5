using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Data.People;

namespace PcCovid.Data.Configurations;

internal sealed class DeferredIndexConfiguration : IEntityTypeConfiguration<DeferredIndex>
{
    public void Configure(EntityTypeBuilder<DeferredIndex> builder)
    {
        builder.ToTable("deferred_indexes");
        builder.HasKey(i => i.Name);
        builder.Property(i => i.Name).HasMaxLength(128);
        builder.Property(i => i.TableName).HasMaxLength(128);
    }
}
