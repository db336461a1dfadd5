using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.People;
using PcCovid.Domain.Quarantine;

namespace PcCovid.Web.Features.Quarantine;

/// <summary>
/// The printable order in Vietnamese: one A4 page with the national heading, the person, the dates, the
/// test days, the obligations and the legal basis (the rule version applied). Every value is HTML-encoded.
/// </summary>
public static class QuarantineOrderDocument
{
    /// <summary>Encodes markup characters only: Vietnamese letters stay readable in the page source.</summary>
    private static readonly HtmlEncoder s_html = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(QuarantineOrder order, Person person, AdministrativeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(catalog);
        static string E(string? text) => s_html.Encode(text ?? string.Empty);
        string commune = person.CommuneCode is { } c ? catalog.FindCommune(c)?.Name ?? c : string.Empty;
        string district = person.DistrictCode is { } d ? catalog.FindDistrict(d)?.Name ?? d : string.Empty;
        string province = person.ProvinceCode is { } p ? catalog.FindProvince(p)?.Unit.Name ?? p : string.Empty;
        string birth = person.BirthDay is { } day ? day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : person.BirthYear.ToString(CultureInfo.InvariantCulture);
        string title = order.Kind == QuarantineKind.F0Isolation ? "QUYẾT ĐỊNH CÁCH LY Y TẾ TẠI NHÀ (F0)" : "QUYẾT ĐỊNH CÁCH LY Y TẾ (F1)";
        string tests = string.Join(", ", order.TestDateList.Select(t => t.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)));
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>")
            .Append("<style>body{font-family:'Times New Roman',serif;max-width:18cm;margin:1.5cm auto;font-size:13pt;line-height:1.5}")
            .Append(".head{display:flex;justify-content:space-between;text-align:center}.head div{width:48%}h1{text-align:center;font-size:15pt;margin:1.2em 0 .6em}")
            .Append("table{border-collapse:collapse}td{padding:2px 8px;vertical-align:top}.sign{margin-top:2em;text-align:right}@media print{button{display:none}}</style></head><body>")
            .Append("<div class=\"head\"><div><strong>").Append(E(("Trạm Y tế " + commune).ToUpperInvariant())).Append("</strong><br>Số: ")
            .Append(order.Id.ToString(CultureInfo.InvariantCulture)).Append("/QĐ-CL</div>")
            .Append("<div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><u>Độc lập – Tự do – Hạnh phúc</u></div></div>")
            .Append("<h1>").Append(E(title)).Append("</h1>")
            .Append("<p>Căn cứ Luật Phòng, chống bệnh truyền nhiễm năm 2007 và hướng dẫn của Bộ Y tế đang có hiệu lực (quy tắc áp dụng: <em>")
            .Append(E(order.RuleVersion)).Append("</em>), yêu cầu:</p><table>")
            .Append("<tr><td>Họ và tên:</td><td><strong>").Append(E(person.FullName)).Append("</strong></td></tr>")
            .Append("<tr><td>Ngày sinh:</td><td>").Append(E(birth)).Append("</td></tr>")
            .Append("<tr><td>Số định danh cá nhân:</td><td>").Append(E(person.CitizenId ?? person.PassportNumber ?? "—")).Append("</td></tr>")
            .Append("<tr><td>Nơi cư trú:</td><td>").Append(E(string.Join(", ", new[] { person.AddressLine, commune, district, province }.Where(s => !string.IsNullOrWhiteSpace(s))))).Append("</td></tr>")
            .Append("</table><p>thực hiện ").Append(order.Kind == QuarantineKind.F0Isolation ? "cách ly y tế tại nhà" : "cách ly y tế")
            .Append(" từ ngày <strong>").Append(order.StartOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture))
            .Append("</strong> đến hết ngày <strong>").Append(order.ReleaseOn.AddDays(-1).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append("</strong>")
            .Append(order.ExtendedDays > 0 ? string.Create(CultureInfo.InvariantCulture, $" (đã gia hạn {order.ExtendedDays} ngày: {E(order.ExtensionReason)})") : string.Empty)
            .Append(".</p><p>Xét nghiệm SARS-CoV-2 vào các ngày: <strong>").Append(E(tests)).Append("</strong>.")
            .Append(order.ReleaseNeedsNegativeTest ? " Chỉ kết thúc cách ly khi có kết quả âm tính của lần xét nghiệm cuối." : string.Empty).Append("</p>")
            .Append("<p>Trong thời gian cách ly: không ra khỏi nơi cách ly; đeo khẩu trang, khử khuẩn; tự theo dõi và khai báo triệu chứng hằng ngày trên ứng dụng PC-Covid; ")
            .Append("khi có sốt, ho, khó thở phải báo ngay cho trạm y tế hoặc gọi 115.</p>")
            .Append("<p class=\"sign\">Ngày ").Append(PcCovid.Domain.Common.VietnamTime.ToVietnam(order.IssuedAtUtc).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture))
            .Append("<br><strong>TRƯỞNG TRẠM Y TẾ</strong><br><em>(ký, ghi rõ họ tên)</em></p>")
            .Append("<button onclick=\"window.print()\">In / Print</button></body></html>");
        return html.ToString();
    }
}
