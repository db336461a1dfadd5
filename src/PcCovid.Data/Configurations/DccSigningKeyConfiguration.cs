using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Certificates;

namespace PcCovid.Data.Configurations;

internal sealed class DccSigningKeyConfiguration : IEntityTypeConfiguration<DccSigningKey>
{
    public void Configure(EntityTypeBuilder<DccSigningKey> builder)
    {
        builder.ToTable("dcc_signing_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Kid).HasMaxLength(12);
        builder.HasIndex(k => k.Kid);
        builder.Property(k => k.ProtectedPrivateKey).HasMaxLength(4000);
    }
}
