using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Access;

namespace PcCovid.Data.Configurations;

internal sealed class SignInChallengeConfiguration : IEntityTypeConfiguration<SignInChallenge>
{
    public void Configure(EntityTypeBuilder<SignInChallenge> builder)
    {
        builder.ToTable("sign_in_challenges");
        builder.HasKey(c => c.Id);
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);

        // The latest challenge of an account, and the resend limits counting its recent ones.
        builder.HasIndex(c => new { c.AccountId, c.IssuedAtUtc });

        // Retention deletes by age.
        builder.HasIndex(c => c.IssuedAtUtc);
    }
}
