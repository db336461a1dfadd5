using System.Text.Json.Nodes;

namespace PcCovid.Domain.Certificates;

/// <summary>
/// The structural rules of DCC schema 1.3.x that a verifier enforces: a version, a name with an ICAO
/// form, a date of birth, and exactly one entry of exactly one kind with its required fields. Formats
/// (date patterns, the <c>fnt</c> alphabet) are not enforced: the specification asks verifiers to accept
/// what real issuers sent (dcc-quality-assurance SpecialCaseHandling).
/// </summary>
public static class DccPayloadCheck
{
    private static readonly string[] VaccinationFields = ["tg", "vp", "mp", "ma", "dn", "sd", "dt", "co", "is", "ci"];
    private static readonly string[] TestFields = ["tg", "tt", "sc", "tr", "co", "is", "ci"];
    private static readonly string[] RecoveryFields = ["tg", "fr", "co", "is", "df", "du", "ci"];

    public static string EntryKey(DccCertificateType type) => type switch
    {
        DccCertificateType.Vaccination => "v",
        DccCertificateType.Test => "t",
        _ => "r",
    };

    /// <summary>The type of the one entry, or the reason the payload breaks the schema.</summary>
    public static (DccCertificateType? Type, string? Problem) Check(JsonObject dcc)
    {
        if (dcc["ver"] is not JsonValue version || !version.TryGetValue(out string? _))
        {
            return (null, "no schema version (ver)");
        }

        if (dcc["nam"] is not JsonObject name || (!HasText(name, "fnt") && !HasText(name, "gnt")))
        {
            return (null, "no name in ICAO form (nam.fnt or nam.gnt)");
        }

        if (!dcc.ContainsKey("dob"))
        {
            return (null, "no date of birth (dob)");
        }

        var kinds = new List<DccCertificateType>();
        foreach (DccCertificateType type in Enum.GetValues<DccCertificateType>())
        {
            if (dcc[EntryKey(type)] is not null)
            {
                kinds.Add(type);
            }
        }

        if (kinds.Count != 1)
        {
            return (null, kinds.Count == 0 ? "no vaccination, test or recovery entry" : "more than one kind of entry");
        }

        DccCertificateType kind = kinds[0];
        if (dcc[EntryKey(kind)] is not JsonArray { Count: 1 } entries || entries[0] is not JsonObject entry)
        {
            return (null, "the entry list must hold exactly one entry");
        }

        string[] required = kind switch
        {
            DccCertificateType.Vaccination => VaccinationFields,
            DccCertificateType.Test => TestFields,
            _ => RecoveryFields,
        };
        string? missing = required.FirstOrDefault(field => !entry.ContainsKey(field));
        return missing is null ? (kind, null) : (null, $"the entry has no '{missing}'");
    }

    private static bool HasText(JsonObject node, string key) =>
        node[key] is JsonValue value && value.TryGetValue(out string? text) && text.Length > 0;
}
