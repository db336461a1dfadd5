using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Domain.Access;
using PcCovid.Web.Infrastructure.Localization;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>The staff home: who I am here, and the tools my role opens (PRODUCT.md §1).</summary>
[Authorize(Policy = AccessPolicies.Staff)]
public sealed class IndexModel(CurrentActor actor) : PageModel
{
    public sealed record MenuItem(string Href, string Text);

    public string RoleLabel => actor.Role is { } role ? (PcCovidLocalization.IsEnglish ? role.English() : role.Vietnamese()) : string.Empty;

    public string ScopeLabel => actor.Scope?.ToString() ?? string.Empty;

    /// <summary>The role's tools; the pages themselves check the same policies.</summary>
    public IReadOnlyList<MenuItem> Menu => MenuFor(actor.Role, actor.Scope);

    public static IReadOnlyList<MenuItem> MenuFor(StaffRole? role, AccessScope? scope)
    {
        var lookup = new MenuItem("/can-bo/tra-cuu", "Tra cứu người");
        return role switch
        {
            StaffRole.Epidemiologist =>
            [
                new("/can-bo/ca-benh", "Ca bệnh và truy vết"),
                new("/can-bo/cach-ly", "Cách ly"),
                new("/can-bo/dia-diem", "Địa điểm chờ duyệt"),
                lookup,
            ],
            StaffRole.DataSteward =>
            [
                new("/can-bo/chuyen-doi", "Chuyển đổi dữ liệu cũ và hàng đợi xem xét"),
                new("/can-bo/doi-chieu", "Kết quả và mũi tiêm chưa khớp người"),
                new("/can-bo/gop-nguoi", "Gộp và tách người"),
                new("/can-bo/yeu-cau-sua", "Yêu cầu sửa dữ liệu của công dân"),
                lookup,
            ],
            StaffRole.Lab => [new("/can-bo/xet-nghiem/tai-len", "Tải lên kết quả xét nghiệm (CSV)"), lookup],
            StaffRole.VaccinationSite => [new("/can-bo/tiem-chung/tai-len", "Tải lên mũi tiêm (CSV)"), lookup],
            StaffRole.BorderOfficer => [lookup],
            StaffRole.Auditor => [new("/Audit", "Nhật ký kiểm toán")],
            StaffRole.Administrator =>
            [
                new("/quan-tri/can-bo", "Tài khoản cán bộ"),
                new("/quan-tri/quy-tac", "Bộ quy tắc"),
                .. scope is { IsJurisdiction: true } ? [new MenuItem("/can-bo/dia-diem", "Địa điểm chờ duyệt")] : Array.Empty<MenuItem>(),
            ],
            StaffRole.VenueOperator => [new("/api/venues", "Địa điểm của tôi (API)")],
            _ => [],
        };
    }

    public void OnGet()
    {
    }
}
