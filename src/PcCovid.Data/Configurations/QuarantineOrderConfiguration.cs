using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Quarantine;

namespace PcCovid.Data.Configurations;

internal sealed class QuarantineOrderConfiguration : IEntityTypeConfiguration<QuarantineOrder>
{
    public void Configure(EntityTypeBuilder<QuarantineOrder> builder)
    {
        builder.ToTable("quarantine_orders");
        builder.HasKey(o => o.Id);
        builder.Ignore(o => o.TestDateList);
        builder.Property(o => o.TestDates).HasMaxLength(400);
        builder.Property(o => o.RuleVersion).HasMaxLength(80);
        builder.Property(o => o.ExtensionReason).HasMaxLength(300);
        builder.Property(o => o.EndReason).HasMaxLength(300);
        builder.HasIndex(o => o.PersonId);
        // At most one active order of a kind per person (status 1 = Active).
        builder.HasIndex(o => new { o.PersonId, o.Kind }, "ux_quarantine_orders_person_active").IsUnique().HasFilter("status = 1");
        // Test-day reminders scan the active orders.
        builder.HasIndex(o => new { o.Status, o.ReleaseOn });
        builder.HasIndex(o => o.BatchId).HasFilter("batch_id IS NOT NULL");
    }
}

internal sealed class SymptomCheckInConfiguration : IEntityTypeConfiguration<SymptomCheckIn>
{
    public void Configure(EntityTypeBuilder<SymptomCheckIn> builder)
    {
        builder.ToTable("symptom_check_ins");
        builder.HasKey(s => s.Id);
        builder.Ignore(s => s.HasSymptoms);
        builder.Property(s => s.Symptoms).HasMaxLength(300);
        builder.Property(s => s.TemperatureCelsius).HasPrecision(4, 1);
        builder.HasIndex(s => new { s.OrderId, s.Day }).IsUnique();
    }
}
