namespace PcCovid.Domain.Access;

/// <summary>
/// Why a staff member reads a person's data. A fixed list: the law allows the data to serve epidemic
/// prevention only, so a read must name which part of it. Stored by its code in the audit log.
/// </summary>
public enum AccessPurpose
{
    CaseInvestigation = 1,
    ContactTracing = 2,
    QuarantineFollowUp = 3,
    Vaccination = 4,
    LabResultEntry = 5,
    EntryScreening = 6,
    IdentityResolution = 7,
    DataCorrection = 8,
}

/// <summary>The wire codes of <see cref="AccessPurpose"/> (kebab-case, stable) and their bilingual labels.</summary>
public static class AccessPurposes
{
    private static readonly Dictionary<AccessPurpose, (string Code, string Vietnamese, string English)> s_all = new()
    {
        [AccessPurpose.CaseInvestigation] = ("case-investigation", "Điều tra ca bệnh", "Case investigation"),
        [AccessPurpose.ContactTracing] = ("contact-tracing", "Truy vết tiếp xúc", "Contact tracing"),
        [AccessPurpose.QuarantineFollowUp] = ("quarantine-follow-up", "Theo dõi cách ly", "Quarantine follow-up"),
        [AccessPurpose.Vaccination] = ("vaccination", "Tiêm chủng", "Vaccination"),
        [AccessPurpose.LabResultEntry] = ("lab-result-entry", "Nhập kết quả xét nghiệm", "Lab result entry"),
        [AccessPurpose.EntryScreening] = ("entry-screening", "Kiểm dịch nhập cảnh", "Entry screening"),
        [AccessPurpose.IdentityResolution] = ("identity-resolution", "Đối soát danh tính", "Identity resolution"),
        [AccessPurpose.DataCorrection] = ("data-correction", "Sửa dữ liệu theo yêu cầu của công dân", "Data correction on a citizen's request"),
    };

    public static IEnumerable<AccessPurpose> All => s_all.Keys;

    public static string Code(this AccessPurpose purpose) => s_all[purpose].Code;

    public static string Vietnamese(this AccessPurpose purpose) => s_all[purpose].Vietnamese;

    public static string English(this AccessPurpose purpose) => s_all[purpose].English;

    public static bool TryParse(string? code, out AccessPurpose purpose)
    {
        foreach ((AccessPurpose key, (string Code, string, string) value) in s_all)
        {
            if (string.Equals(value.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                purpose = key;
                return true;
            }
        }

        purpose = default;
        return false;
    }
}

/// <summary>Which purposes each role may state: a lab enters results, it does not trace contacts.</summary>
public static class PurposeRules
{
    private static readonly Dictionary<StaffRole, AccessPurpose[]> s_allowed = new()
    {
        [StaffRole.Epidemiologist] = [AccessPurpose.CaseInvestigation, AccessPurpose.ContactTracing, AccessPurpose.QuarantineFollowUp],
        [StaffRole.Lab] = [AccessPurpose.LabResultEntry],
        [StaffRole.VaccinationSite] = [AccessPurpose.Vaccination],
        [StaffRole.BorderOfficer] = [AccessPurpose.EntryScreening],
        [StaffRole.DataSteward] = [AccessPurpose.IdentityResolution, AccessPurpose.DataCorrection],
    };

    public static IReadOnlyList<AccessPurpose> AllowedFor(StaffRole role) => s_allowed.TryGetValue(role, out AccessPurpose[]? purposes) ? purposes : [];

    public static bool Allows(this StaffRole role, AccessPurpose purpose) => AllowedFor(role).Contains(purpose);
}
