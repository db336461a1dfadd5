using PcCovid.Domain.Common;

namespace PcCovid.Domain.Declarations;

/// <summary>Where a declarant travelled (entry and domestic-movement forms, domain-rules.md §6.2).</summary>
public sealed record TravelDetails(
    TravelMode Mode,
    string? VehicleNumber,
    string? Seat,
    DateOnly? DepartureDate,
    DateOnly? ArrivalDate,
    string? FromCountry,
    string? FromProvinceCode,
    string? PortOfEntry);

/// <summary>The answers of a declaration form: symptoms, exposures, underlying conditions (codes of <see cref="DeclarationVocabulary"/>), places in the last 14 days.</summary>
public sealed record DeclarationAnswers(
    IReadOnlyCollection<string> Symptoms,
    IReadOnlyCollection<string> Exposures,
    IReadOnlyCollection<string> UnderlyingConditions,
    string? PlacesLast14Days)
{
    public static readonly DeclarationAnswers None = new([], [], [], null);
}

/// <summary>The contact address in Vietnam given on the form: codes, and the street line.</summary>
public sealed record DeclarationAddress(string? ProvinceCode, string? DistrictCode, string? CommuneCode, string? Line);

/// <summary>
/// A health declaration (domain-rules.md §6.4): domestic, domestic movement or entry, for oneself or
/// a dependant (declared by a guardian: <see cref="DeclaredByPersonId"/>), from PcCovid itself or
/// imported from NCOVI / VHD (<see cref="Provenance"/>). Self-declared: never authoritative.
/// Symptoms or an exposure mean the person needs follow-up by the local CDC.
/// </summary>
public sealed class HealthDeclaration
{
    /// <summary>The earliest date a declaration can be about: the first entry declarations (07/03/2020) less a journey's lead time.</summary>
    public static readonly DateOnly EarliestTravelDate = new(2019, 12, 1);

    private HealthDeclaration()
    {
        Symptoms = string.Empty;
        Exposures = string.Empty;
        UnderlyingConditions = string.Empty;
        Provenance = null!;
        SourceKey = string.Empty;
    }

    public long Id { get; private set; }

    /// <summary>The person declared about; null only while a claimed legacy record waits for its owner.</summary>
    public long PersonId { get; private set; }

    /// <summary>The guardian who declared for a dependant; null when the person declared for themselves or the record came from an old app.</summary>
    public long? DeclaredByPersonId { get; private set; }

    public DeclarationKind Kind { get; private set; }

    public DateTime SubmittedAtUtc { get; private set; }

    /// <summary>Symptom codes, comma-separated (<see cref="DeclarationVocabulary.Symptoms"/>).</summary>
    public string Symptoms { get; private set; }

    public string Exposures { get; private set; }

    /// <summary>Condition codes, or the text typed where the old form had free text, <c>;</c>-separated.</summary>
    public string UnderlyingConditions { get; private set; }

    public string? PlacesLast14Days { get; private set; }

    public TravelMode? TravelMode { get; private set; }

    public string? VehicleNumber { get; private set; }

    public string? Seat { get; private set; }

    public DateOnly? DepartureDate { get; private set; }

    public DateOnly? ArrivalDate { get; private set; }

    public string? FromCountry { get; private set; }

    public string? FromProvinceCode { get; private set; }

    public string? PortOfEntry { get; private set; }

    public string? ProvinceCode { get; private set; }

    public string? DistrictCode { get; private set; }

    public string? CommuneCode { get; private set; }

    public string? AddressLine { get; private set; }

    public bool NeedsFollowUp { get; private set; }

    public Provenance Provenance { get; private set; }

    /// <summary>(source system, source record id) as one key: a legacy declaration is imported once.</summary>
    public string SourceKey { get; private set; }

    public long? ImportRunId { get; private set; }

    public IReadOnlyList<string> SymptomList => Split(Symptoms, ',');

    public IReadOnlyList<string> ExposureList => Split(Exposures, ',');

    public IReadOnlyList<string> ConditionList => Split(UnderlyingConditions, ';');

    public static string KeyOf(string sourceSystem, string sourceRecordId) => sourceSystem + ":" + sourceRecordId;

    /// <summary>
    /// Checks and builds a declaration. Impossible input (a time in the future, an arrival before the
    /// departure, a date before the epidemic, an unknown code, a port of entry on a domestic form) is
    /// refused with a <see cref="DomainException"/> naming the field, and nothing is built.
    /// </summary>
    public static HealthDeclaration Declare(
        long personId,
        long? declaredByPersonId,
        DeclarationKind kind,
        DateTime submittedAtUtc,
        DeclarationAnswers answers,
        TravelDetails? travel,
        DeclarationAddress? address,
        Provenance provenance,
        DateTime nowUtc,
        long? importRunId = null)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(provenance);
        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("Loại tờ khai không rõ / unknown declaration kind");
        }

        if (submittedAtUtc.Kind != DateTimeKind.Utc || submittedAtUtc > nowUtc.AddMinutes(5) || submittedAtUtc < EarliestTravelDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))
        {
            throw new DomainException("Thời gian khai không hợp lệ (trong tương lai hoặc trước dịch) / submittedAt is in the future or before the epidemic");
        }

        CheckCodes(answers.Symptoms, DeclarationVocabulary.Symptoms, "triệu chứng / symptom");
        CheckCodes(answers.Exposures, DeclarationVocabulary.Exposures, "yếu tố dịch tễ / exposure");
        if (kind == DeclarationKind.Entry && travel is null)
        {
            throw new DomainException("Tờ khai nhập cảnh cần thông tin chuyến đi / an entry declaration needs the journey (travel)");
        }

        if (travel is not null)
        {
            DateOnly latest = DateOnly.FromDateTime(nowUtc).AddDays(60);
            if (travel.DepartureDate is { } d && (d < EarliestTravelDate || d > latest))
            {
                throw new DomainException("Ngày khởi hành không hợp lệ / impossible departure date");
            }

            if (travel.ArrivalDate is { } a && (a < EarliestTravelDate || a > latest))
            {
                throw new DomainException("Ngày đến không hợp lệ / impossible arrival date");
            }

            if (travel.DepartureDate is { } from && travel.ArrivalDate is { } to && to < from)
            {
                throw new DomainException("Ngày đến trước ngày khởi hành / the arrival date is before the departure date");
            }

            if (kind != DeclarationKind.Entry && travel.PortOfEntry is not null)
            {
                throw new DomainException("Cửa khẩu chỉ có trên tờ khai nhập cảnh / a port of entry belongs on an entry declaration only");
            }

            if (travel.FromCountry is { } country && (country.Length != 3 || !country.All(char.IsAsciiLetterUpper)))
            {
                throw new DomainException("Nước khởi hành là mã ISO 3166-1 alpha-3 / fromCountry is an ISO 3166-1 alpha-3 code");
            }
        }

        var declaration = new HealthDeclaration
        {
            PersonId = personId,
            DeclaredByPersonId = declaredByPersonId == personId ? null : declaredByPersonId,
            Kind = kind,
            SubmittedAtUtc = submittedAtUtc,
            Symptoms = string.Join(',', answers.Symptoms.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            Exposures = string.Join(',', answers.Exposures.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            UnderlyingConditions = Cut(string.Join(';', answers.UnderlyingConditions.Select(c => VietnameseText.Clean(c)).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal)), 500) ?? string.Empty,
            PlacesLast14Days = answers.PlacesLast14Days is { } places ? Cut(VietnameseText.Clean(places), 500) : null,
            TravelMode = travel?.Mode,
            VehicleNumber = Cut(travel?.VehicleNumber, 20),
            Seat = Cut(travel?.Seat, 10),
            DepartureDate = travel?.DepartureDate,
            ArrivalDate = travel?.ArrivalDate,
            FromCountry = travel?.FromCountry,
            FromProvinceCode = Cut(travel?.FromProvinceCode, 2),
            PortOfEntry = Cut(travel?.PortOfEntry, 60),
            ProvinceCode = address?.ProvinceCode,
            DistrictCode = address?.DistrictCode,
            CommuneCode = address?.CommuneCode,
            AddressLine = address?.Line is { } line ? Cut(VietnameseText.Clean(line), 200) : null,
            Provenance = provenance,
            SourceKey = KeyOf(provenance.SourceSystem, provenance.SourceRecordId),
            ImportRunId = importRunId,
        };
        declaration.NeedsFollowUp = declaration.Symptoms.Length > 0 || declaration.Exposures.Length > 0;
        return declaration;
    }

    /// <summary>Moves the declaration to another person (a data steward's merge, or its undoing).</summary>
    public void MoveTo(long personId) => PersonId = personId;

    private static void CheckCodes(IEnumerable<string> codes, IReadOnlyDictionary<string, (string, string)> vocabulary, string what)
    {
        foreach (string code in codes)
        {
            if (!vocabulary.ContainsKey(code))
            {
                string shown = code.Length > 40 ? code[..40] : code;
                throw new DomainException($"Mã {what} không rõ / unknown {what} code '{shown}'");
            }
        }
    }

    private static string? Cut(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];

    private static string[] Split(string value, char separator) =>
        value.Length == 0 ? [] : value.Split(separator, StringSplitOptions.RemoveEmptyEntries);
}
