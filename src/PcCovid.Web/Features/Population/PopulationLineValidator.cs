using PcCovid.Data.People;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Population;

/// <summary>
/// Checks one snapshot line against the registry's rules (the same ones <see cref="Person"/> enforces)
/// and flattens it into a <see cref="PopulationRow"/>, or says in plain words why it is refused.
/// </summary>
internal sealed class PopulationLineValidator(ReferenceData reference)
{
    private readonly AdministrativeCatalog _catalog = reference.Catalog;
    private readonly PhoneNumberNormalizer _phones = reference.Phones;

    public PopulationRow? Validate(PopulationLine line, long lineNumber, long contentHash, out string? problem, out bool phoneDropped)
    {
        phoneDropped = false;
        string? fullName = line.HoTen is null ? null : VietnameseText.Clean(line.HoTen);
        if (string.IsNullOrEmpty(fullName))
        {
            problem = "empty name (ho_ten)";
            return null;
        }

        if (line.NgaySinh is null || !BirthDate.TryParseIso(line.NgaySinh, out BirthDate birthDate))
        {
            problem = "birth date (ngay_sinh) must be yyyy-MM-dd or yyyy and a real date";
            return null;
        }

        Sex sex = line.GioiTinh is null ? Sex.Unknown : VietnameseText.Clean(line.GioiTinh) switch
        {
            "Nam" => Sex.Male,
            "Nữ" => Sex.Female,
            _ => Sex.Unknown,
        };
        if (sex == Sex.Unknown)
        {
            problem = "sex (gioi_tinh) must be Nam or Nữ";
            return null;
        }

        string citizenId = line.SoDinhDanh ?? string.Empty;
        problem = CitizenId.Validate(citizenId, _catalog, birthDate.Year, sex);
        if (problem is not null)
        {
            problem = "invalid citizen ID (so_dinh_danh): " + problem;
            return null;
        }

        if (line.SoCmnd is { } cmnd && (cmnd.Length is not (9 or 12) || !cmnd.All(char.IsAsciiDigit)))
        {
            problem = "old ID card number (so_cmnd) must have 9 or 12 digits";
            return null;
        }

        string nationality = line.QuocTich ?? string.Empty;
        if (nationality.Length != 3 || !nationality.All(char.IsAsciiLetterUpper))
        {
            problem = "nationality (quoc_tich) must be an ISO 3166-1 alpha-3 code";
            return null;
        }

        problem = CheckResidence(line.MaTinh, line.MaHuyen, line.MaXa);
        if (problem is not null)
        {
            return null;
        }

        if (line.MaHo is { } household && (household.Length != 13 || !household.All(char.IsAsciiDigit)))
        {
            problem = "household number (ma_ho) must have 13 digits";
            return null;
        }

        int? relation = null;
        if (line.QuanHeChuHo is { } term)
        {
            if (!HouseholdRelations.TryParse(VietnameseText.Clean(term), out HouseholdRelation parsed))
            {
                problem = "unknown relation to head of household (quan_he_chu_ho)";
                return null;
            }

            relation = (int)parsed;
        }

        string? phone = null;
        bool converted = false;
        if (line.SoDienThoai is not null)
        {
            // The person is valid without a phone: keep them, drop only the number.
            NormalizedPhone normalized = _phones.Normalize(line.SoDienThoai);
            phone = normalized.E164;
            converted = normalized.ConvertedFromOldNumber;
            phoneDropped = !normalized.IsValid;
        }

        string? address = string.IsNullOrWhiteSpace(line.DiaChi) ? null : VietnameseText.Clean(line.DiaChi);
        return new PopulationRow(
            lineNumber,
            citizenId,
            line.SoCmnd,
            fullName,
            VietnameseText.Fold(fullName),
            birthDate.Year,
            birthDate.Date,
            (int)sex,
            nationality,
            line.MaTinh!,
            line.MaHuyen!,
            line.MaXa!,
            address,
            line.MaHo,
            relation,
            phone,
            converted,
            contentHash);
    }

    private string? CheckResidence(string? province, string? district, string? commune)
    {
        if (province is null || _catalog.FindProvince(province) is null)
        {
            return $"unknown province code (ma_tinh) {Code(province)}";
        }

        if (district is null || _catalog.FindDistrict(district) is not { } districtUnit)
        {
            return $"unknown district code (ma_huyen) {Code(district)}";
        }

        if (!string.Equals(districtUnit.ParentCode, province, StringComparison.Ordinal))
        {
            return $"district {district} is not in province {province}";
        }

        if (commune is null || _catalog.FindCommune(commune) is not { } communeUnit)
        {
            return $"unknown commune code (ma_xa) {Code(commune)}";
        }

        return string.Equals(communeUnit.ParentCode, district, StringComparison.Ordinal)
            ? null
            : $"commune {commune} is not in district {district}";
    }

    // Codes are not personal data; a missing one is shown as such. Long garbage is cut.
    private static string Code(string? value) => value is null ? "(missing)" : value.Length > 8 ? value[..8] + "…" : value;
}
