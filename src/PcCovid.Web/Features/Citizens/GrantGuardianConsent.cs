using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Citizens;

/// <summary>
/// A citizen, signed in themselves, lets another person act for them (an adult child for a parent who
/// finds the app hard). The guardian is named by citizen ID and phone number together: both must belong
/// to one person. With the ID alone, any citizen could learn whose name goes with any ID number (the
/// guardian list shows names); with both, they learn only what they already knew.
/// </summary>
public sealed class GrantGuardianConsent(PcCovidDbContext db, ReferenceData reference, PersonalDataAudit audit, TimeProvider clock)
{
    public async Task<bool> HandleAsync(long dependantPersonId, string? guardianCitizenId, string? guardianPhone, CancellationToken cancellationToken)
    {
        NormalizedPhone phone = reference.Phones.Normalize(guardianPhone);
        if (phone.E164 is not { } e164)
        {
            throw new DomainException($"Số điện thoại của người giám hộ không hợp lệ: {phone.Problem} / The guardian's phone number is not valid: {phone.Problem}");
        }

        string id = new((guardianCitizenId ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (id.Length != 12)
        {
            throw new DomainException("Số CCCD của người giám hộ phải có 12 chữ số. / The guardian's citizen ID has 12 digits.");
        }

        long? guardian = await db.People.Where(p => p.CitizenId == id && p.Phones.Any(ph => ph.E164 == e164))
            .Select(p => (long?)p.Id).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (guardian is not { } guardianId || guardianId == dependantPersonId
            || await db.Guardianships.AnyAsync(g => g.GuardianPersonId == guardianId && g.DependantPersonId == dependantPersonId && g.RevokedAtUtc == null, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        db.Guardianships.Add(Guardianship.Grant(guardianId, dependantPersonId, GuardianshipBasis.Consent, clock.GetUtcNow().UtcDateTime));
        audit.Record(dependantPersonId, "guardianship.grant", purpose: null, detail: "consent");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
