using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.People;

namespace PcCovid.Data.Configurations;

internal sealed class CorrectionRequestConfiguration : IEntityTypeConfiguration<CorrectionRequest>
{
    public void Configure(EntityTypeBuilder<CorrectionRequest> builder)
    {
        builder.ToTable("correction_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.About).HasMaxLength(16);
        builder.Property(r => r.Text).HasMaxLength(CorrectionRequest.MaxTextLength);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.Answer).HasMaxLength(CorrectionRequest.MaxTextLength);

        // The citizen's list (newest first) and the staff list of open requests.
        builder.HasIndex(r => new { r.PersonId, r.Id });
        builder.HasIndex(r => new { r.Status, r.Id });
    }
}
