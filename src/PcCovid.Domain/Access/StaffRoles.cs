namespace PcCovid.Domain.Access;

/// <summary>Wire names, labels and allowed scopes of <see cref="StaffRole"/>.</summary>
public static class StaffRoles
{
    private static readonly Dictionary<StaffRole, (string Code, string Vietnamese, string English, ScopeKind[] Scopes)> s_all = new()
    {
        [StaffRole.VenueOperator] = ("venue-operator", "Đơn vị kinh doanh / địa điểm", "Venue operator", [ScopeKind.Facility]),
        [StaffRole.Lab] = ("lab", "Cơ sở xét nghiệm", "Lab / testing site", [ScopeKind.Facility]),
        [StaffRole.VaccinationSite] = ("vaccination-site", "Điểm tiêm chủng", "Vaccination site", [ScopeKind.Facility]),
        [StaffRole.Epidemiologist] = ("epidemiologist", "Cán bộ dịch tễ (CDC)", "Epidemiologist (CDC)", [ScopeKind.National, ScopeKind.Province, ScopeKind.District, ScopeKind.Commune]),
        [StaffRole.BorderOfficer] = ("border-officer", "Kiểm dịch y tế cửa khẩu", "Border health officer", [ScopeKind.Facility]),
        [StaffRole.DataSteward] = ("data-steward", "Cán bộ quản lý dữ liệu", "Data steward", [ScopeKind.National, ScopeKind.Province]),
        [StaffRole.Auditor] = ("auditor", "Kiểm toán / bảo vệ dữ liệu", "Auditor / data-protection officer", [ScopeKind.National, ScopeKind.Province]),
        [StaffRole.Administrator] = ("administrator", "Quản trị hệ thống", "Administrator", [ScopeKind.National, ScopeKind.Province]),
    };

    public static IEnumerable<StaffRole> All => s_all.Keys;

    public static string Code(this StaffRole role) => s_all[role].Code;

    public static string Vietnamese(this StaffRole role) => s_all[role].Vietnamese;

    public static string English(this StaffRole role) => s_all[role].English;

    /// <summary>A facility role is scoped to its facility; a public-health role to a jurisdiction.</summary>
    public static bool Allows(this StaffRole role, ScopeKind scope) => s_all[role].Scopes.Contains(scope);

    public static bool TryParse(string? code, out StaffRole role)
    {
        foreach ((StaffRole key, var value) in s_all)
        {
            if (string.Equals(value.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = key;
                return true;
            }
        }

        role = default;
        return false;
    }
}
