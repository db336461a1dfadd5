using System.Globalization;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.Vaccination;

/// <summary>
/// One COVID-19 vaccine dose given to a person of the registry: product (with its EU DCC codes), lot,
/// site, date and dose number, and where the record came from. A dose recorded by a vaccination site
/// or imported from the national vaccination platform is authoritative; a dose the citizen declares
/// (given abroad, say) is marked self-declared until a site confirms it. A dose that breaks the
/// interval rule in force on its date is kept, with the reason in <see cref="IntervalFlag"/>.
/// </summary>
public sealed class Dose
{
    /// <summary>Vietnam's campaign began on 8 March 2021 (Hải Dương; recalled [R]): no dose given in Vietnam is older.</summary>
    public static readonly DateOnly FirstDayInVietnam = new(2021, 3, 8);

    /// <summary>The first authorised dose anywhere outside trials (United Kingdom, 8 December 2020 [R]): the floor for doses declared abroad.</summary>
    public static readonly DateOnly FirstDayAnywhere = new(2020, 12, 8);

    public const int MaxDoseNumber = 10;

    private Dose()
    {
        ProductCode = string.Empty;
        MedicinalProduct = string.Empty;
        Manufacturer = string.Empty;
        VaccineType = string.Empty;
        Country = string.Empty;
        Provenance = null!;
        SourceKey = string.Empty;
    }

    public long Id { get; private set; }

    public long PersonId { get; private set; }

    public int DoseNumber { get; private set; }

    /// <summary>Our product code (<see cref="VaccineProduct.Code"/>).</summary>
    public string ProductCode { get; private set; }

    /// <summary>DCC <c>mp</c>.</summary>
    public string MedicinalProduct { get; private set; }

    /// <summary>DCC <c>ma</c>.</summary>
    public string Manufacturer { get; private set; }

    /// <summary>DCC <c>vp</c>.</summary>
    public string VaccineType { get; private set; }

    public string? Lot { get; private set; }

    public DateOnly AdministeredOn { get; private set; }

    /// <summary>ISO 3166-1 alpha-2 of the country where the dose was given (DCC <c>co</c>).</summary>
    public string Country { get; private set; }

    /// <summary>The vaccination site facility when the dose was recorded in PcCovid.</summary>
    public long? SiteFacilityId { get; private set; }

    /// <summary>The site's code in the source system (tiemchung <c>ma_co_so</c>).</summary>
    public string? SiteCode { get; private set; }

    /// <summary>The site's name as the source wrote it, or the place abroad a citizen declared.</summary>
    public string? SiteName { get; private set; }

    /// <summary>A reaction after vaccination, as reported (tiemchung <c>phan_ung_sau_tiem</c>).</summary>
    public string? Reaction { get; private set; }

    public Provenance Provenance { get; private set; }

    /// <summary><c>source_system:source_record_id</c>, unique: the same source record never becomes two doses.</summary>
    public string SourceKey { get; private set; }

    public static string KeyOf(string sourceSystem, string sourceRecordId) => sourceSystem + ":" + sourceRecordId;

    public bool IsSelfDeclared { get; private set; }

    public DateTime? ConfirmedAtUtc { get; private set; }

    public Guid? ConfirmedByAccountId { get; private set; }

    public long? ConfirmedBySiteFacilityId { get; private set; }

    /// <summary>Why the dose breaks the dose-interval rule in force on its date; null when it does not.</summary>
    public string? IntervalFlag { get; private set; }

    public Guid? RecordedByAccountId { get; private set; }

    public long? ImportRunId { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>True when the dose counts as an official record: given by a site, imported from the platform, or confirmed.</summary>
    public bool IsConfirmed => !IsSelfDeclared || ConfirmedAtUtc is not null;

    /// <summary>A dose given in Vietnam, recorded by a site or imported from the national platform.</summary>
    public static Dose Record(
        long personId, int doseNumber, VaccineProduct product, string? lot, DateOnly administeredOn, DateOnly today,
        long? siteFacilityId, string? siteCode, string? siteName, string? reaction, Provenance provenance, Guid? recordedBy, long? importRunId)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        CheckDate(administeredOn, today, FirstDayInVietnam);
        Dose dose = New(personId, doseNumber, product, lot, administeredOn, "VN", provenance);
        dose.SiteFacilityId = siteFacilityId;
        dose.SiteCode = Trimmed(siteCode, 32);
        dose.SiteName = Trimmed(siteName, 200);
        dose.Reaction = Trimmed(reaction, 500);
        dose.RecordedByAccountId = recordedBy;
        dose.ImportRunId = importRunId;
        return dose;
    }

    /// <summary>A dose the citizen declares themselves (typically given abroad): not authoritative until a site confirms it.</summary>
    public static Dose Declare(
        long personId, int doseNumber, VaccineProduct product, string? lot, DateOnly administeredOn, DateOnly today,
        string country, string? place, Provenance provenance, Guid? declaredBy)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        string code = (country ?? string.Empty).Trim().ToUpperInvariant();
        if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
        {
            throw new DomainException("Quốc gia là mã ISO 3166-1 hai chữ cái, ví dụ KR / The country is an ISO 3166-1 alpha-2 code such as KR.");
        }

        CheckDate(administeredOn, today, code == "VN" ? FirstDayInVietnam : FirstDayAnywhere);
        Dose dose = New(personId, doseNumber, product, lot, administeredOn, code, provenance);
        dose.IsSelfDeclared = true;
        dose.SiteName = Trimmed(place, 200);
        dose.RecordedByAccountId = declaredBy;
        return dose;
    }

    /// <summary>A vaccination site confirms a self-declared dose (it saw the papers).</summary>
    public void Confirm(long siteFacilityId, Guid accountId, DateTime atUtc)
    {
        if (!IsSelfDeclared)
        {
            throw new DomainException("Chỉ xác nhận được mũi tự khai / Only a self-declared dose can be confirmed.");
        }

        if (ConfirmedAtUtc is not null)
        {
            throw new DomainException("Mũi tiêm này đã được xác nhận / This dose is already confirmed.");
        }

        ConfirmedAtUtc = atUtc;
        ConfirmedByAccountId = accountId;
        ConfirmedBySiteFacilityId = siteFacilityId;
    }

    /// <summary>Sets (or clears) the interval flag computed by <see cref="DoseIntervals"/>.</summary>
    public void Flag(string? reason) => IntervalFlag = reason is null ? null : Trimmed(reason, 300);

    private static Dose New(long personId, int doseNumber, VaccineProduct product, string? lot, DateOnly administeredOn, string country, Provenance provenance)
    {
        ArgumentNullException.ThrowIfNull(product);
        if (doseNumber is < 1 or > MaxDoseNumber)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture, $"Mũi số phải từ 1 đến {MaxDoseNumber} / The dose number must be 1 to {MaxDoseNumber} (got {doseNumber})."));
        }

        if (string.IsNullOrWhiteSpace(provenance.SourceRecordId))
        {
            throw new DomainException("Mũi tiêm cần mã bản ghi nguồn / A dose needs its source record id.");
        }

        if (personId <= 0)
        {
            throw new DomainException("Mũi tiêm phải gắn với một người / A dose belongs to a person.");
        }

        return new Dose
        {
            PersonId = personId,
            DoseNumber = doseNumber,
            ProductCode = product.Code,
            MedicinalProduct = product.MedicinalProduct,
            Manufacturer = product.Manufacturer,
            VaccineType = product.VaccineType,
            Lot = Trimmed(lot, 40),
            AdministeredOn = administeredOn,
            Country = country,
            Provenance = provenance,
            SourceKey = KeyOf(provenance.SourceSystem, provenance.SourceRecordId),
            CreatedAtUtc = provenance.ReceivedAtUtc,
        };
    }

    /// <summary>Refuses a date in the future or before Vietnam's campaign began (a DomainException says which).</summary>
    public static void EnsurePlausibleDateInVietnam(DateOnly date, DateOnly today) => CheckDate(date, today, FirstDayInVietnam);

    private static void CheckDate(DateOnly date, DateOnly today, DateOnly earliest)
    {
        if (date > today)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture, $"Ngày tiêm {date:dd/MM/yyyy} ở tương lai / The vaccination date {date:yyyy-MM-dd} is in the future."));
        }

        if (date < earliest)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"Ngày tiêm {date:dd/MM/yyyy} trước ngày {earliest:dd/MM/yyyy} bắt đầu tiêm chủng / The vaccination date {date:yyyy-MM-dd} is before vaccination began ({earliest:yyyy-MM-dd})."));
        }
    }

    private static string? Trimmed(string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string cleaned = VietnameseText.Clean(value);
        return cleaned.Length > max ? cleaned[..max] : cleaned;
    }
}
