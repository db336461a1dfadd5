using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Accounts;

/// <summary>
/// First sign-in: the account's phone number points at the people known with that number (from the
/// population database and every old app); the citizen says which one they are with their citizen ID
/// and birth date. All three must agree: knowing someone's ID and birthday is not enough without their
/// phone, and a shared family phone still links each member only to themselves.
/// <para>
/// The number must be the person's own (<see cref="PersonPhone.IsOwnNumber"/>, <see cref="OwnPhones"/>): the
/// population database's, or one typed in an old app when the person is an adult and no other adult of working age
/// holds it. The migration stores whatever number an old-app record carried for the person it was linked to: a
/// parent's number on a child's declaration (linked by the child's citizen ID) would otherwise let the parent, who
/// knows the child's ID and birthday, take the child's identity — and the child, grown up, could never sign in as
/// themselves. A number two working-age adults hold (a couple's shared phone, a parent's on a grown child's record)
/// confirms neither: the commune health station links them by hand. An old-app user who typed their own number
/// confirms with it, also when it was typed on their children's or elderly parents' records too.
/// </para>
/// </summary>
public sealed class ConfirmIdentity(
    PcCovidDbContext db,
    UserManager<Account> users,
    SignInManager<Account> signIn,
    PersonalDataAudit audit,
    TimeProvider clock,
    ILogger<ConfirmIdentity> logger)
{
    public const string Mismatch = "Thông tin không khớp với hồ sơ của số điện thoại này. Nếu bạn chắc chắn, hãy liên hệ trạm y tế xã. / The details do not match our records for this phone number. If you are sure, contact your commune health station.";

    public async Task<SignInOutcome> HandleAsync(Guid accountId, string? citizenId, string? birthDate, CancellationToken cancellationToken)
    {
        Account account = await db.Accounts.SingleAsync(a => a.Id == accountId, cancellationToken).ConfigureAwait(false);
        if (account.PersonId is not null)
        {
            return SignInOutcome.Success();
        }

        string id = new((citizenId ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (id.Length is not (9 or 12))
        {
            return SignInOutcome.Failure("Số CCCD/CMND phải có 12 hoặc 9 chữ số. / A citizen ID has 12 digits (an old ID card 9).");
        }

        if (!TryParseBirthDate(birthDate, out DateOnly born))
        {
            return SignInOutcome.Failure("Ngày sinh phải có dạng dd/mm/yyyy hoặc yyyy-mm-dd. / Give the birth date as dd/mm/yyyy or yyyy-mm-dd.");
        }

        string phone = account.PhoneNumber ?? string.Empty;
        var candidates = await db.PersonPhones
            .Where(ph => ph.E164 == phone)
            .Where(OwnPhones.Of(db, VietnamTime.Today(clock)))
            .Join(db.People, ph => ph.PersonId, p => p.Id, (ph, p) => p)
            .Where(p => p.CitizenId == id || p.LegacyIdNumber == id)
            .Select(p => new { p.Id, p.FullName, p.BirthYear, p.BirthDay })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var person = candidates.SingleOrDefault(p => p.BirthDay is { } day ? day == born : p.BirthYear == born.Year);
        if (person is null)
        {
            // A wrong guess counts like a wrong code: the lockout stops walking through ID numbers.
            await users.AccessFailedAsync(account).ConfigureAwait(false);
            return SignInOutcome.Failure(Mismatch);
        }

        if (await db.Accounts.AnyAsync(a => a.PersonId == person.Id, cancellationToken).ConfigureAwait(false))
        {
            return SignInOutcome.Failure("Người này đã có tài khoản với số điện thoại khác; hãy đăng nhập bằng số đó. / This person already has an account with another phone number; sign in with that number.");
        }

        account.LinkTo(person.Id, person.FullName);
        audit.Record(person.Id, "account.link", purpose: null, detail: "citizen confirmed identity");
        await users.UpdateAsync(account).ConfigureAwait(false);
        await signIn.RefreshSignInAsync(account).ConfigureAwait(false);
        logger.LogInformation("Citizen account {AccountId} confirmed its identity", account.Id);
        return SignInOutcome.Success();
    }

    private static bool TryParseBirthDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact((text ?? string.Empty).Trim(), ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
