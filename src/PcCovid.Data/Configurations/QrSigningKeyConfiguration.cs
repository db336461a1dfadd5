using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.CheckIns;

namespace PcCovid.Data.Configurations;

internal sealed class QrSigningKeyConfiguration : IEntityTypeConfiguration<QrSigningKey>
{
    public void Configure(EntityTypeBuilder<QrSigningKey> builder)
    {
        builder.ToTable("qr_signing_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Kid).HasMaxLength(12);
        builder.HasIndex(k => k.Kid).IsUnique();
        builder.Property(k => k.Purpose).HasConversion<string>().HasMaxLength(16);
        builder.Property(k => k.ProtectedSecret).HasMaxLength(4000);
        builder.Property(k => k.PublicKey).HasMaxLength(200);
    }
}

internal sealed class PrintedQrRevocationConfiguration : IEntityTypeConfiguration<PrintedQrRevocation>
{
    public void Configure(EntityTypeBuilder<PrintedQrRevocation> builder)
    {
        builder.ToTable("printed_qr_revocations");
        builder.HasKey(r => r.PersonId);
    }
}
