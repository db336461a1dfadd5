using System.Globalization;
using PcCovid.Domain.Access;
using PcCovid.Domain.CheckIns;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Venues;

/// <summary>What the venue operator pages share: the operator's facility (their scope) and the Vietnamese names of kinds and statuses (localized in the views).</summary>
public static class VenueOperator
{
    public static long? FacilityOf(CurrentActor actor) =>
        actor.Scope is { Kind: ScopeKind.Facility } scope && long.TryParse(scope.Code, NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : null;

    public static readonly IReadOnlyList<(VenueKind Kind, string Vietnamese)> Kinds =
    [
        (VenueKind.Market, "Chợ"),
        (VenueKind.Supermarket, "Siêu thị"),
        (VenueKind.Restaurant, "Nhà hàng, quán ăn"),
        (VenueKind.Hospital, "Bệnh viện, cơ sở y tế"),
        (VenueKind.School, "Trường học"),
        (VenueKind.Office, "Văn phòng"),
        (VenueKind.Factory, "Nhà máy"),
        (VenueKind.BusStation, "Bến xe"),
        (VenueKind.Other, "Khác"),
    ];

    public static string KindName(VenueKind kind) => Kinds.FirstOrDefault(k => k.Kind == kind).Vietnamese ?? "Khác";

    public static string StatusName(VenueStatus status) => status switch
    {
        VenueStatus.Pending => "Chờ xã/phường duyệt",
        VenueStatus.Approved => "Đã duyệt",
        _ => "Đã vô hiệu hoá",
    };
}
