namespace PcCovid.Domain.CheckIns;

/// <summary>The kinds of venue, as the legacy <c>qr</c> system coded them (<c>dia_diem.loai</c>, legacy-sources.md §6).</summary>
public enum VenueKind
{
    Market = 1,
    Supermarket = 2,
    Restaurant = 3,
    Hospital = 4,
    School = 5,
    Office = 6,
    Factory = 7,
    BusStation = 8,
    Other = 9,
}

/// <summary>Wire codes of <see cref="VenueKind"/>: the legacy Vietnamese codes, so an import maps one to one.</summary>
public static class VenueKinds
{
    private static readonly Dictionary<VenueKind, string> s_codes = new()
    {
        [VenueKind.Market] = "cho",
        [VenueKind.Supermarket] = "sieu_thi",
        [VenueKind.Restaurant] = "nha_hang",
        [VenueKind.Hospital] = "benh_vien",
        [VenueKind.School] = "truong_hoc",
        [VenueKind.Office] = "van_phong",
        [VenueKind.Factory] = "nha_may",
        [VenueKind.BusStation] = "ben_xe",
        [VenueKind.Other] = "khac",
    };

    public static string Code(this VenueKind kind) => s_codes[kind];

    public static bool TryParse(string? code, out VenueKind kind)
    {
        foreach ((VenueKind key, string value) in s_codes)
        {
            if (string.Equals(value, code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = key;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static IEnumerable<string> AllCodes => s_codes.Values;
}
