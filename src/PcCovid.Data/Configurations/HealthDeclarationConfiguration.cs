using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Declarations;
using PcCovid.Domain.People;

namespace PcCovid.Data.Configurations;

internal sealed class HealthDeclarationConfiguration : IEntityTypeConfiguration<HealthDeclaration>
{
    public void Configure(EntityTypeBuilder<HealthDeclaration> builder)
    {
        builder.ToTable("health_declarations");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Symptoms).HasMaxLength(300);
        builder.Property(d => d.Exposures).HasMaxLength(200);
        builder.Property(d => d.UnderlyingConditions).HasMaxLength(500);
        builder.Property(d => d.PlacesLast14Days).HasMaxLength(500);
        builder.Property(d => d.VehicleNumber).HasMaxLength(20);
        builder.Property(d => d.Seat).HasMaxLength(10);
        builder.Property(d => d.FromCountry).HasMaxLength(3);
        builder.Property(d => d.FromProvinceCode).HasMaxLength(2);
        builder.Property(d => d.PortOfEntry).HasMaxLength(60);
        builder.Property(d => d.ProvinceCode).HasMaxLength(2);
        builder.Property(d => d.DistrictCode).HasMaxLength(3);
        builder.Property(d => d.CommuneCode).HasMaxLength(5);
        builder.Property(d => d.AddressLine).HasMaxLength(200);
        builder.Ignore(d => d.SymptomList);
        builder.Ignore(d => d.ExposureList);
        builder.Ignore(d => d.ConditionList);
        builder.ComplexProperty(d => d.Provenance, ProvenanceColumns.Map);
        builder.HasOne<Person>().WithMany().HasForeignKey(d => d.PersonId).OnDelete(DeleteBehavior.Cascade);

        // A person's declarations, newest first, by key.
        builder.HasIndex(d => new { d.PersonId, d.Id });

        // One declaration per source record: a legacy file imported twice adds nothing.
        builder.Property(d => d.SourceKey).HasMaxLength(90);
        builder.HasIndex(d => d.SourceKey).IsUnique();
    }
}
