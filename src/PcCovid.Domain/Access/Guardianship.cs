using PcCovid.Domain.Common;

namespace PcCovid.Domain.Access;

/// <summary>Why a guardian may act for a dependant.</summary>
public enum GuardianshipBasis
{
    /// <summary>A household member under 18 (population database household).</summary>
    HouseholdMinor = 1,

    /// <summary>A household member aged 60 or more with no phone number of their own (<see cref="People.PersonPhone.IsOwnNumber"/>).</summary>
    HouseholdElderlyWithoutPhone = 2,

    /// <summary>The dependant signed in themselves and named this guardian.</summary>
    Consent = 3,
}

/// <summary>
/// A guardian acting for a dependant. Revocable by either side; a revoked guardianship is kept (not
/// deleted) so the audit of what the guardian did under it still makes sense.
/// </summary>
public sealed class Guardianship
{
    private Guardianship()
    {
    }

    public long Id { get; private set; }

    public long GuardianPersonId { get; private set; }

    public long DependantPersonId { get; private set; }

    public GuardianshipBasis Basis { get; private set; }

    public DateTime GrantedAtUtc { get; private set; }

    public DateTime? RevokedAtUtc { get; private set; }

    public long? RevokedByPersonId { get; private set; }

    public bool IsActive => RevokedAtUtc is null;

    public static Guardianship Grant(long guardianPersonId, long dependantPersonId, GuardianshipBasis basis, DateTime nowUtc)
    {
        if (guardianPersonId == dependantPersonId)
        {
            throw new DomainException("Không thể giám hộ chính mình / A person cannot be their own guardian.");
        }

        return new Guardianship
        {
            GuardianPersonId = guardianPersonId,
            DependantPersonId = dependantPersonId,
            Basis = basis,
            GrantedAtUtc = nowUtc,
        };
    }

    public void Revoke(long byPersonId, DateTime nowUtc)
    {
        if (byPersonId != GuardianPersonId && byPersonId != DependantPersonId)
        {
            throw new DomainException("Chỉ người giám hộ hoặc người được giám hộ được thu hồi / Only the guardian or the dependant may revoke.");
        }

        if (RevokedAtUtc is null)
        {
            RevokedAtUtc = nowUtc;
            RevokedByPersonId = byPersonId;
        }
    }

    /// <summary>
    /// Whether a household member may be taken as a dependant without their own sign-in. Age is
    /// counted on today's date in Vietnam; a year-only birth date counts from the 1st of January.
    /// </summary>
    public static GuardianshipBasis? HouseholdBasis(int birthYear, DateOnly? birthDay, bool hasKnownPhone, DateOnly today)
    {
        DateOnly born = birthDay ?? new DateOnly(birthYear, 1, 1);
        int age = today.Year - born.Year - (today < born.AddYears(today.Year - born.Year) ? 1 : 0);
        if (age < 18)
        {
            return GuardianshipBasis.HouseholdMinor;
        }

        return age >= 60 && !hasKnownPhone ? GuardianshipBasis.HouseholdElderlyWithoutPhone : null;
    }
}
