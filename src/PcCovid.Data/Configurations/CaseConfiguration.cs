using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Cases;

namespace PcCovid.Data.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("cases");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => c.PersonId);
        // The weekly risk assessment counts the cases whose first positive sample falls in the week.
        builder.HasIndex(c => c.FirstPositiveSampledAtUtc);
        // At most one active case per person: a second positive updates it (status 1 = Active).
        builder.HasIndex(c => c.PersonId, "ux_cases_person_active").IsUnique().HasFilter("status = 1");
    }
}
