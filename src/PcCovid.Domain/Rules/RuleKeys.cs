using System.Text.Json;
using System.Text.Json.Serialization;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.Rules;

/// <summary>
/// The rule kinds and the typed value of each. A value is stored as JSON text in one column, so a new
/// kind needs a record here, not a migration; it is parsed and validated whenever it is read or written.
/// </summary>
public static class RuleKeys
{
    public const string ContactDefinition = "contact.definition";
    public const string F1Quarantine = "f1.quarantine";
    public const string F0Isolation = "f0.isolation";
    public const string CardColour = "card.colour";
    public const string RiskCriteria = "risk.criteria";
    public const string RetentionWindows = "retention.windows";
    public const string AssumedDwell = "checkin.assumed-dwell";
    public const string VaccinationIntervals = "vaccination.intervals";
    public const string VenueExposure = "tracing.venue-exposure";
    public const string BluetoothExposure = "tracing.bluetooth-exposure";

    public const string RecoveryCertificate = "certificate.recovery";

    private static readonly Dictionary<string, Type> s_types = new(StringComparer.Ordinal)
    {
        [ContactDefinition] = typeof(ContactDefinitionRule),
        [F1Quarantine] = typeof(F1QuarantineRule),
        [F0Isolation] = typeof(F0IsolationRule),
        [CardColour] = typeof(CardColourRule),
        [RiskCriteria] = typeof(RiskCriteriaRule),
        [RetentionWindows] = typeof(RetentionWindowsRule),
        [AssumedDwell] = typeof(AssumedDwellRule),
        [VaccinationIntervals] = typeof(VaccinationIntervalsRule),
        [RecoveryCertificate] = typeof(RecoveryCertificateRule),
        [VenueExposure] = typeof(VenueExposureRule),
        [BluetoothExposure] = typeof(BluetoothExposureRule),
    };

    /// <summary>camelCase, no unknown members, nullability respected: a typo in a field is an error, not a silent default.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static IReadOnlyCollection<string> All => s_types.Keys;

    public static bool IsKnown(string? key) => key is not null && s_types.ContainsKey(key);

    public static Type ValueType(string key) =>
        s_types.TryGetValue(key, out Type? type) ? type : throw UnknownKey(key);

    /// <summary>Parses and validates a value of the given kind; a DomainException says what is wrong.</summary>
    public static IRuleValue Parse(string key, string json)
    {
        Type type = ValueType(key);
        IRuleValue? value;
        try
        {
            value = (IRuleValue?)JsonSerializer.Deserialize(json, type, Json);
        }
        catch (JsonException exception)
        {
            throw new DomainException($"Giá trị của quy tắc {key} không đọc được: {exception.Message} / The value of rule {key} cannot be read: {exception.Message}", exception);
        }

        if (value is null)
        {
            throw new DomainException($"Quy tắc {key} thiếu giá trị / Rule {key} has no value.");
        }

        value.Validate();
        return value;
    }

    public static string Serialize(IRuleValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.Serialize(value, value.GetType(), Json);
    }

    private static DomainException UnknownKey(string? key) =>
        new($"Không có quy tắc '{key}' (có: {string.Join(", ", s_types.Keys)}) / No rule kind '{key}' (known: {string.Join(", ", s_types.Keys)}).");

    public static void EnsureKnown(string? key)
    {
        if (!IsKnown(key))
        {
            throw UnknownKey(key);
        }
    }
}
