using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.People;

namespace PcCovid.Data.Configurations;

internal sealed class PersonMergeConfiguration : IEntityTypeConfiguration<PersonMerge>
{
    public void Configure(EntityTypeBuilder<PersonMerge> builder)
    {
        builder.ToTable("person_merges");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Reason).HasMaxLength(PersonMerge.MaxReasonLength);
        builder.Ignore(m => m.IsUndone);
        builder.HasOne<Person>().WithMany().HasForeignKey(m => m.SurvivorPersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(m => m.AbsorbedPersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.SurvivorPersonId);
        builder.HasIndex(m => m.AbsorbedPersonId);

        builder.HasMany(m => m.Moves).WithOne().HasForeignKey(r => r.MergeId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Moves).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PersonMergeMoveConfiguration : IEntityTypeConfiguration<PersonMergeMove>
{
    public void Configure(EntityTypeBuilder<PersonMergeMove> builder)
    {
        builder.ToTable("person_merge_moves");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.TableName).HasMaxLength(64);
        builder.Property(r => r.ColumnName).HasMaxLength(64);
        builder.Property(r => r.RowKey).HasMaxLength(64);
        builder.HasIndex(r => new { r.MergeId, r.TableName, r.ColumnName });
    }
}
