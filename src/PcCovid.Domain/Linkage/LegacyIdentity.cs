using PcCovid.Domain.People;

namespace PcCovid.Domain.Linkage;

/// <summary>
/// What one person-bearing legacy record says about who it belongs to, parsed from its source's
/// format but not otherwise cleaned: the identity resolver normalises (names, phones, IDs, dates)
/// itself, so every source is judged by the same rules. (source, source record id) names the record
/// everywhere: provenance, the review queue, the link export (legacy-sources.md §8).
/// </summary>
public sealed record LegacyIdentity
{
    /// <summary>One of <see cref="Common.SourceSystems"/> (bluezone, ncovi, vhd, sskdt, tiemchung, qr, xetnghiem).</summary>
    public required string Source { get; init; }

    public required string SourceRecordId { get; init; }

    /// <summary>The name as typed (any case, diacritics, order); null when the record has none.</summary>
    public string? FullName { get; init; }

    /// <summary>Birth date or year when the record gives one (already parsed from the source's format).</summary>
    public BirthDate? BirthDate { get; init; }

    /// <summary>True when the source wrote day and month in an order that may have been swapped (both ≤ 12).</summary>
    public bool BirthDayMonthAmbiguous { get; init; }

    public Sex? Sex { get; init; }

    /// <summary>An identity document number as typed: CCCD, CMND, passport, possibly with lost leading zeros.</summary>
    public string? DocumentNumber { get; init; }

    /// <summary>A second document number where the source has two columns (sskdt CCCD and CMND).</summary>
    public string? SecondDocumentNumber { get; init; }

    /// <summary>A phone number as typed (any of the forms of legacy-sources.md §9).</summary>
    public string? Phone { get; init; }

    /// <summary>ISO 3166-1 alpha-3 nationality when known.</summary>
    public string? Nationality { get; init; }

    /// <summary>Residence codes when the source gives codes or names resolved to codes.</summary>
    public string? ProvinceCode { get; init; }

    public string? DistrictCode { get; init; }

    public string? CommuneCode { get; init; }

    /// <summary>
    /// A key the source itself uses for one person across its records (tiemchung ma_doi_tuong,
    /// bluezone installation id), so records of one source person resolve together.
    /// </summary>
    public string? SourcePersonKey { get; init; }
}
