using System.Text.Json;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.People;
using PcCovid.Web.Features.Migration.Sources;

namespace PcCovid.Web.Features.Migration;

/// <summary>
/// A legacy record kept for later (a steward's review, a phone owner's claim): what it said about the
/// person and its fact, as JSON in the database. Personal data: stored like the facts, never logged.
/// </summary>
public sealed record LegacyPayload(
    string Source,
    string SourceRecordId,
    long LineNumber,
    string? FullName,
    int? BirthYear,
    DateOnly? BirthDay,
    Sex? Sex,
    string? DocumentNumber,
    string? SecondDocumentNumber,
    string? Phone,
    string? Nationality,
    string? ProvinceCode,
    string? DistrictCode,
    string? CommuneCode,
    LegacyFact Fact)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static LegacyPayload Of(LegacyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        LegacyIdentity i = record.Identity;
        return new LegacyPayload(i.Source, i.SourceRecordId, record.LineNumber, i.FullName, i.BirthDate?.Year, i.BirthDate?.Date, i.Sex, i.DocumentNumber,
            i.SecondDocumentNumber, i.Phone, i.Nationality, i.ProvinceCode, i.DistrictCode, i.CommuneCode, record.Fact);
    }

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    public static LegacyPayload FromJson(string json) => JsonSerializer.Deserialize<LegacyPayload>(json, s_json)
        ?? throw new InvalidOperationException("An empty legacy payload.");

    public LegacyRecord ToRecord() => new(LineNumber, new LegacyIdentity
    {
        Source = Source,
        SourceRecordId = SourceRecordId,
        FullName = FullName,
        BirthDate = BirthDay is { } day ? BirthDate.Of(day) : BirthYear is { } year ? BirthDate.OfYear(year) : null,
        Sex = Sex,
        DocumentNumber = DocumentNumber,
        SecondDocumentNumber = SecondDocumentNumber,
        Phone = Phone,
        Nationality = Nationality,
        ProvinceCode = ProvinceCode,
        DistrictCode = DistrictCode,
        CommuneCode = CommuneCode,
    }, Fact);
}
