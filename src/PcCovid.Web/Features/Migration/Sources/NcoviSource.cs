using System.Runtime.CompilerServices;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;
using PcCovid.Domain.Declarations;
using PcCovid.Domain.Linkage;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Migration.Sources;

/// <summary>
/// NCOVI <c>khai_bao.csv</c> (legacy-sources.md §2): UTF-8 with BOM, comma-separated, one daily
/// health declaration per row. Province, district and commune come as names (with or without the
/// type word or diacritics) and are resolved to codes through the administrative catalogue.
/// </summary>
public static class NcoviSource
{
    public const string FileName = "khai_bao.csv";

    public static readonly string[] Header =
    [
        "ma_to_khai", "ho_ten", "nam_sinh", "gioi_tinh", "quoc_tich", "so_giay_to", "so_dien_thoai", "email", "tinh_thanh", "quan_huyen", "phuong_xa", "dia_chi",
        "sot", "ho", "kho_tho", "dau_hong", "buon_non", "tieu_chay", "xuat_huyet", "noi_ban",
        "tiep_xuc_ca_benh", "tu_vung_dich", "tiep_xuc_nguoi_tu_vung_dich", "tiep_xuc_nguoi_co_trieu_chung", "benh_nen", "thoi_gian_khai",
    ];

    private static readonly string[] s_symptoms = ["fever", "cough", "shortness-of-breath", "sore-throat", "vomiting", "diarrhoea", "skin-bleeding", "rash"];

    private static readonly string[] s_exposures = ["contact-with-case", "from-epidemic-area", "contact-with-traveller", "contact-with-symptomatic"];

    public static async IAsyncEnumerable<SourceItem> ReadAsync(Stream input, ReferenceData reference, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var places = new AddressCache(reference.Catalog);
        await foreach (CsvLine line in LegacyCsv.ReadAsync(input, ',', Header, cancellationToken).ConfigureAwait(false))
        {
            yield return line.Fields is null ? SourceItem.Broken(line.LineNumber, line.Problem!) : Parse(line.LineNumber, line.Fields, places);
        }
    }

    public static SourceItem Parse(long lineNumber, IReadOnlyList<string> f, AddressCache places)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(places);
        if (f[0].Length is 0 or > 64)
        {
            return SourceItem.Broken(lineNumber, "Thiếu mã tờ khai / ma_to_khai is missing or too long");
        }

        if (LegacyFields.Name(f[1]) is not { } name)
        {
            return SourceItem.Broken(lineNumber, LegacyFields.EmptyName);
        }

        if (!LegacyFields.TryYear(f[2], out var birth))
        {
            return SourceItem.Broken(lineNumber, "Năm sinh không hợp lệ / impossible birth year (nam_sinh)");
        }

        if (!LegacyFields.TryVietnamTime(f[25], "dd/MM/yyyy HH:mm", out DateTime submitted))
        {
            return SourceItem.Broken(lineNumber, "Thời gian khai không hợp lệ / impossible declaration time (thoi_gian_khai, dd/MM/yyyy HH:mm)");
        }

        var symptoms = new List<string>();
        var exposures = new List<string>();
        for (int i = 0; i < 12; i++)
        {
            string answer = VietnameseText.Fold(f[12 + i]);
            if (answer is not ("co" or "khong" or ""))
            {
                return SourceItem.Broken(lineNumber, $"Cột {Header[12 + i]} phải là Có hoặc Không / {Header[12 + i]} must be Có or Không");
            }

            if (answer == "co")
            {
                (i < 8 ? symptoms : exposures).Add(i < 8 ? s_symptoms[i] : s_exposures[i - 8]);
            }
        }

        List<string> conditions = f[24].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => DeclarationVocabulary.ConditionFromLabel(c) ?? c).ToList();
        AddressResolution place = places.Resolve(f[8], f[9], f[10]);
        var identity = new LegacyIdentity
        {
            Source = SourceSystems.Ncovi,
            SourceRecordId = f[0],
            FullName = name,
            BirthDate = birth,
            Sex = LegacyFields.SexOf(f[3]),
            Nationality = LegacyFields.CountryFromVietnameseName(f[4]),
            DocumentNumber = LegacyCsv.Empty(f[5]),
            Phone = LegacyCsv.Empty(f[6]),
            ProvinceCode = place.ProvinceCode,
            DistrictCode = place.DistrictCode,
            CommuneCode = place.CommuneCode,
        };
        var fact = new DeclarationFact(
            DeclarationKind.Domestic,
            new DeclarationAnswers(symptoms, exposures, conditions, null),
            null,
            new DeclarationAddress(place.ProvinceCode, place.DistrictCode, place.CommuneCode, LegacyCsv.Empty(f[11])))
        {
            OccurredAtUtc = submitted,
        };
        return SourceItem.Of(new LegacyRecord(lineNumber, identity, fact));
    }
}

/// <summary>Province/district/commune names to codes, remembered: a declaration file repeats the same few thousand places.</summary>
public sealed class AddressCache(AdministrativeCatalog catalog)
{
    private const int MaxEntries = 200_000;

    private readonly Dictionary<(string, string, string), AddressResolution> _seen = [];

    public AddressResolution Resolve(string? province, string? district, string? commune)
    {
        var key = (province ?? string.Empty, district ?? string.Empty, commune ?? string.Empty);
        if (_seen.TryGetValue(key, out AddressResolution? known))
        {
            return known;
        }

        AddressResolution resolved = string.IsNullOrWhiteSpace(province)
            ? AddressResolution.Failed("no province")
            : catalog.Resolve(province, LegacyCsv.Empty(district ?? string.Empty), LegacyCsv.Empty(commune ?? string.Empty));
        if (_seen.Count < MaxEntries)
        {
            _seen[key] = resolved;
        }

        return resolved;
    }
}
