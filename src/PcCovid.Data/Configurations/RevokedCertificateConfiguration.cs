using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Certificates;

namespace PcCovid.Data.Configurations;

internal sealed class RevokedCertificateConfiguration : IEntityTypeConfiguration<RevokedCertificate>
{
    public void Configure(EntityTypeBuilder<RevokedCertificate> builder)
    {
        builder.ToTable("revoked_certificates");
        builder.HasKey(r => r.UvciHash);
        builder.Property(r => r.UvciHash).HasMaxLength(64);
        builder.Property(r => r.Reason).HasMaxLength(RevokedCertificate.MaxReasonLength);
    }
}
