using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// Demo sign-ins on first start, through the same domain types and Identity calls as real ones: one
/// staff member per role (password <see cref="Password"/>, authenticator enrolled; today's codes are on
/// the dev page), facilities for the facility roles, and a citizen who heads a household with a minor
/// and whose record an epidemiologist has read, so guardianship and "who read my data" show at once.
/// </summary>
public sealed class DemoAccountsSeeder(
    PcCovidDbContext db,
    UserManager<Account> users,
    ReferenceData reference,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<DemoAccountsSeeder> logger)
{
    public const string Password = "pccovid-demo-2021";

    public const string UserNamePrefix = "demo.";

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.Accounts.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        DateOnly today = VietnamTime.Today(clock);
        var citizen = await FindHouseholdHeadWithMinorAsync(today, cancellationToken).ConfigureAwait(false);
        if (citizen is null)
        {
            logger.LogWarning("No household with a phone and a minor in the demo registry: demo accounts not created");
            return;
        }

        string commune = citizen.Value.CommuneCode;
        var facilities = new Dictionary<FacilityKind, Facility>
        {
            [FacilityKind.Lab] = Facility.Register(FacilityKind.Lab, "Trung tâm Xét nghiệm CDC (demo)", commune, reference.Catalog, now),
            [FacilityKind.VaccinationSite] = Facility.Register(FacilityKind.VaccinationSite, "Điểm tiêm Trạm Y tế xã (demo)", commune, reference.Catalog, now),
            [FacilityKind.PortOfEntry] = Facility.Register(FacilityKind.PortOfEntry, "Cửa khẩu quốc tế (demo)", commune, reference.Catalog, now),
            [FacilityKind.Venue] = Facility.Register(FacilityKind.Venue, "Chợ phường (demo)", commune, reference.Catalog, now),
        };
        db.Facilities.AddRange(facilities.Values);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        string district = citizen.Value.DistrictCode;
        string province = citizen.Value.ProvinceCode;
        (StaffRole Role, AccessScope Scope, string Name)[] staff =
        [
            (StaffRole.Administrator, AccessScope.National, "Quản trị viên Demo"),
            (StaffRole.Auditor, AccessScope.National, "Kiểm toán viên Demo"),
            (StaffRole.DataSteward, AccessScope.National, "Cán bộ dữ liệu Demo"),
            (StaffRole.Epidemiologist, AccessScope.District(district), "Cán bộ CDC quận Demo"),
            (StaffRole.Lab, AccessScope.Facility(facilities[FacilityKind.Lab].Id), "Kỹ thuật viên xét nghiệm Demo"),
            (StaffRole.VaccinationSite, AccessScope.Facility(facilities[FacilityKind.VaccinationSite].Id), "Điểm tiêm Demo"),
            (StaffRole.BorderOfficer, AccessScope.Facility(facilities[FacilityKind.PortOfEntry].Id), "Kiểm dịch viên Demo"),
            (StaffRole.VenueOperator, AccessScope.Facility(facilities[FacilityKind.Venue].Id), "Chủ địa điểm Demo"),
        ];
        Account? epidemiologist = null;
        // One hash of the shared demo password (a deliberately slow function) for all eight: it verifies the same for each.
        string? passwordHash = null;
        foreach ((StaffRole role, AccessScope scope, string name) in staff)
        {
            string? scopeProvince = scope.Kind == ScopeKind.National ? null : province;
            var account = Account.NewStaff(UserNamePrefix + role.Code(), name, null, role, scope, scopeProvince, reference.Catalog, Guid.Empty, now);
            account.PasswordHash = passwordHash ??= users.PasswordHasher.HashPassword(account, Password);
            await EnsureAsync(await users.CreateAsync(account).ConfigureAwait(false)).ConfigureAwait(false);
            await users.ResetAuthenticatorKeyAsync(account).ConfigureAwait(false);
            await users.SetTwoFactorEnabledAsync(account, true).ConfigureAwait(false);
            epidemiologist = role == StaffRole.Epidemiologist ? account : epidemiologist;
        }

        // The citizen has signed in before (account confirmed) and already acts for the child.
        var citizenAccount = Account.NewCitizen(citizen.Value.Phone, now);
        citizenAccount.LinkTo(citizen.Value.PersonId, citizen.Value.FullName);
        citizenAccount.PhoneNumberConfirmed = true;
        await EnsureAsync(await users.CreateAsync(citizenAccount).ConfigureAwait(false)).ConfigureAwait(false);
        db.Guardianships.Add(Guardianship.Grant(citizen.Value.PersonId, citizen.Value.MinorPersonId, GuardianshipBasis.HouseholdMinor, now));
        var epidemiologistActor = new AuditActor(epidemiologist!.Id, StaffRole.Epidemiologist.Code(), epidemiologist.Scope?.ToString(), "127.0.0.1");
        audit.Record(epidemiologistActor, "person.read", citizen.Value.PersonId, AccessPurpose.ContactTracing, "demo: person record");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Demo accounts created: {Staff} staff, 1 citizen, {Facilities} facilities", staff.Length, facilities.Count);
    }

    private async Task<(long PersonId, string FullName, string Phone, string ProvinceCode, string DistrictCode, string CommuneCode, long MinorPersonId)?> FindHouseholdHeadWithMinorAsync(
        DateOnly today, CancellationToken cancellationToken)
    {
        int minorBornAfter = today.Year - 17;
        var row = await db.People.AsNoTracking()
            .Where(p => p.HouseholdCode != null && p.CitizenId != null && p.BirthYear < today.Year - 25 && p.ProvinceCode != null && p.Phones.Any())
            .Select(p => new
            {
                p.Id,
                p.FullName,
                Phone = p.Phones.Select(ph => ph.E164).First(),
                p.ProvinceCode,
                p.DistrictCode,
                p.CommuneCode,
                Minor = db.People.Where(m => m.HouseholdCode == p.HouseholdCode && m.Id != p.Id && m.BirthYear > minorBornAfter).Select(m => (long?)m.Id).FirstOrDefault(),
            })
            .Where(x => x.Minor != null)
            .OrderBy(x => x.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : (row.Id, row.FullName, row.Phone, row.ProvinceCode!, row.DistrictCode!, row.CommuneCode!, row.Minor!.Value);
    }

    private static Task EnsureAsync(IdentityResult result) =>
        result.Succeeded ? Task.CompletedTask : throw new InvalidOperationException("Demo account: " + string.Join("; ", result.Errors.Select(e => e.Code)));
}
