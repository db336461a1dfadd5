using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Testing;

namespace PcCovid.Data.Configurations;

internal sealed class LabResultConfiguration : IEntityTypeConfiguration<LabResult>
{
    public void Configure(EntityTypeBuilder<LabResult> builder)
    {
        builder.ToTable("lab_results");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.SampleId).HasMaxLength(64);
        builder.Property(r => r.PoolId).HasMaxLength(64);
        builder.Property(r => r.Ct).HasPrecision(5, 2);
        builder.ComplexProperty(r => r.Provenance, ProvenanceColumns.Map);

        // A lab's sample id identifies the result: a re-submitted result is recognised, never doubled.
        builder.HasIndex(r => new { r.LabFacilityId, r.SampleId }).IsUnique();
        // A person's results by time (citizen view, the COVID card, tracing look-back).
        builder.HasIndex(r => new { r.PersonId, r.SampledAtUtc }).HasFilter("person_id IS NOT NULL");
        // A lab's own results, by key.
        builder.HasIndex(r => new { r.LabFacilityId, r.Id });
        builder.HasIndex(r => new { r.LabFacilityId, r.PoolId }).HasFilter("pool_id IS NOT NULL");
    }
}
