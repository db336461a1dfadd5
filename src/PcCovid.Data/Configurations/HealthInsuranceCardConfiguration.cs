using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Migration;
using PcCovid.Domain.People;

namespace PcCovid.Data.Configurations;

internal sealed class HealthInsuranceCardConfiguration : IEntityTypeConfiguration<HealthInsuranceCard>
{
    public void Configure(EntityTypeBuilder<HealthInsuranceCard> builder)
    {
        builder.ToTable("health_insurance_cards");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.CardNumber).HasMaxLength(15);
        builder.ComplexProperty(c => c.Provenance, ProvenanceColumns.Map);
        builder.Property(c => c.SourceKey).HasMaxLength(90);
        builder.HasIndex(c => c.SourceKey).IsUnique();
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
