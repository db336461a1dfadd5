using Microsoft.AspNetCore.Identity;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.Access;

/// <summary>
/// A sign-in of PcCovid. Identity keeps the secrets (password hash, security stamp, authenticator key,
/// lockout); this type keeps what the platform adds: whether it is a citizen or staff, the person a
/// citizen account stands for, and the role and scope of a staff member.
/// </summary>
public sealed class Account : IdentityUser<Guid>
{
    private Account()
    {
    }

    public AccountKind Kind { get; private set; }

    /// <summary>The registry person of a citizen account, once confirmed by citizen ID and birth date.</summary>
    public long? PersonId { get; private set; }

    /// <summary>The person a citizen currently acts for: null for themselves, else one of their dependants.</summary>
    public long? ActingForPersonId { get; private set; }

    public string? DisplayName { get; private set; }

    public StaffRole? Role { get; private set; }

    public ScopeKind? ScopeKind { get; private set; }

    public string? ScopeCode { get; private set; }

    /// <summary>The province the scope lies in (null for national): what a provincial administrator's lists filter on.</summary>
    public string? ScopeProvinceCode { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? DisabledAtUtc { get; private set; }

    public Guid? CreatedByAccountId { get; private set; }

    public AccessScope? Scope => ScopeKind is { } kind && ScopeCode is { } code ? new AccessScope(kind, code) : null;

    public bool IsDisabled => DisabledAtUtc is not null;

    /// <summary>A citizen account is keyed by its phone number in E.164: the user name is the number.</summary>
    public static Account NewCitizen(string e164, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(e164);
        return new Account
        {
            Id = Guid.CreateVersion7(new DateTimeOffset(nowUtc, TimeSpan.Zero)),
            Kind = AccountKind.Citizen,
            UserName = e164,
            PhoneNumber = e164,
            CreatedAtUtc = nowUtc,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
        };
    }

    public static Account NewStaff(string userName, string displayName, string? email, StaffRole role, AccessScope scope, string? scopeProvinceCode, AdministrativeCatalog catalog, Guid createdBy, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentNullException.ThrowIfNull(catalog);
        string name = VietnameseText.Clean(displayName);
        if (name.Length == 0)
        {
            throw new DomainException("Cần họ tên cán bộ / A staff member needs a name.");
        }

        EnsureRoleFitsScope(role, scope, catalog);
        return new Account
        {
            Id = Guid.CreateVersion7(new DateTimeOffset(nowUtc, TimeSpan.Zero)),
            Kind = AccountKind.Staff,
            UserName = userName.Trim(),
            Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            DisplayName = name,
            Role = role,
            ScopeKind = scope.Kind,
            ScopeCode = scope.Code,
            ScopeProvinceCode = scopeProvinceCode,
            CreatedAtUtc = nowUtc,
            CreatedByAccountId = createdBy,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
        };
    }

    public void LinkTo(long personId, string displayName)
    {
        if (Kind != AccountKind.Citizen)
        {
            throw new DomainException("Chỉ tài khoản công dân gắn với một người / Only a citizen account stands for a person.");
        }

        if (PersonId is { } existing && existing != personId)
        {
            throw new DomainException("Tài khoản đã gắn với người khác / This account already stands for another person.");
        }

        PersonId = personId;
        DisplayName = displayName;
    }

    /// <summary>Switches between "me" (null) and a dependant; the caller has checked the guardianship is active.</summary>
    public void ActFor(long? dependantPersonId)
    {
        if (Kind != AccountKind.Citizen || PersonId is null)
        {
            throw new DomainException("Tài khoản chưa xác nhận danh tính / The account has not confirmed its identity yet.");
        }

        ActingForPersonId = dependantPersonId == PersonId ? null : dependantPersonId;
    }

    public void Reassign(StaffRole role, AccessScope scope, string? scopeProvinceCode, AdministrativeCatalog catalog)
    {
        if (Kind != AccountKind.Staff)
        {
            throw new DomainException("Chỉ tài khoản cán bộ có vai trò / Only staff accounts have roles.");
        }

        EnsureRoleFitsScope(role, scope, catalog);
        Role = role;
        ScopeKind = scope.Kind;
        ScopeCode = scope.Code;
        ScopeProvinceCode = scopeProvinceCode;
    }

    public void Disable(DateTime nowUtc) => DisabledAtUtc ??= nowUtc;

    private static void EnsureRoleFitsScope(StaffRole role, AccessScope scope, AdministrativeCatalog catalog)
    {
        if (!role.Allows(scope.Kind))
        {
            throw new DomainException($"Vai trò {role.Vietnamese()} không thể có phạm vi {scope} / The role {role.English()} cannot be scoped to {scope}.");
        }

        scope.EnsureExists(catalog);
    }
}
