using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Access;

namespace PcCovid.Data.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("accounts");
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Role).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.ScopeKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.ScopeCode).HasMaxLength(16);
        builder.Property(a => a.ScopeProvinceCode).HasMaxLength(2);
        builder.Property(a => a.DisplayName).HasMaxLength(200);
        builder.Ignore(a => a.Scope);
        builder.Ignore(a => a.IsDisabled);

        // Sign-in by phone finds the account by its user name (Identity's normalized index); the
        // citizen's pages find it by person; the staff list pages by (kind, id).
        builder.HasIndex(a => a.PersonId).IsUnique().HasFilter("person_id IS NOT NULL");
        builder.HasIndex(a => new { a.Kind, a.ScopeProvinceCode });
    }
}

internal sealed class AccountClaimConfiguration : IEntityTypeConfiguration<IdentityUserClaim<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> builder) => builder.ToTable("account_claims");
}

internal sealed class AccountLoginConfiguration : IEntityTypeConfiguration<IdentityUserLogin<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> builder) => builder.ToTable("account_logins");
}

internal sealed class AccountTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> builder) => builder.ToTable("account_tokens");
}
