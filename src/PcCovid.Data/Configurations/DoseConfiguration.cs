using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.People;
using PcCovid.Domain.Vaccination;

namespace PcCovid.Data.Configurations;

internal sealed class DoseConfiguration : IEntityTypeConfiguration<Dose>
{
    public void Configure(EntityTypeBuilder<Dose> builder)
    {
        builder.ToTable("doses");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.ProductCode).HasMaxLength(32);
        builder.Property(d => d.MedicinalProduct).HasMaxLength(40);
        builder.Property(d => d.Manufacturer).HasMaxLength(60);
        builder.Property(d => d.VaccineType).HasMaxLength(20);
        builder.Property(d => d.Lot).HasMaxLength(40);
        builder.Property(d => d.Country).HasMaxLength(2);
        builder.Property(d => d.SiteCode).HasMaxLength(32);
        builder.Property(d => d.SiteName).HasMaxLength(200);
        builder.Property(d => d.Reaction).HasMaxLength(500);
        builder.Property(d => d.IntervalFlag).HasMaxLength(300);
        builder.Ignore(d => d.IsConfirmed);
        builder.ComplexProperty(d => d.Provenance, ProvenanceColumns.Map);
        builder.HasOne<Person>().WithMany().HasForeignKey(d => d.PersonId).OnDelete(DeleteBehavior.Cascade);

        // A person's doses, in order: the certificate, the interval check and the citizen's list.
        builder.HasIndex(d => new { d.PersonId, d.DoseNumber });

        // Doses given after a date: the weekly risk levels take the people vaccinated since the week's end
        // back out of the (current) coverage counts.
        builder.HasIndex(d => d.AdministeredOn);

        // A site's own records (its list and its confirmations).
        builder.HasIndex(d => new { d.SiteFacilityId, d.Id }).HasFilter("site_facility_id IS NOT NULL");

        // One dose per source record: re-importing a file adds nothing. EF cannot index the members of a
        // complex property, so the pair (source_system, source_record_id) is also kept as one key column.
        builder.Property(d => d.SourceKey).HasMaxLength(90);
        builder.HasIndex(d => d.SourceKey).IsUnique();
    }
}
