using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using PcCovid.Domain.Common;
using PcCovid.Domain.Declarations;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.People;

namespace PcCovid.Web.Features.Migration.Sources;

/// <summary>
/// VHD / tokhaiyte <c>declarations.json</c> (legacy-sources.md §3): one large JSON array of entry and
/// domestic-travel declarations, streamed element by element (<see cref="JsonArrayElements"/>); the
/// line number of a refused element is the line it starts on.
/// </summary>
public static class VhdSource
{
    public const string FileName = "declarations.json";

    private static readonly Dictionary<string, string> s_symptoms = new(StringComparer.Ordinal)
    {
        ["fever"] = "fever",
        ["cough"] = "cough",
        ["shortnessOfBreath"] = "shortness-of-breath",
        ["soreThroat"] = "sore-throat",
        ["vomiting"] = "vomiting",
        ["diarrhoea"] = "diarrhoea",
        ["skinBleeding"] = "skin-bleeding",
        ["rash"] = "rash",
    };

    public static async IAsyncEnumerable<SourceItem> ReadAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (JsonElementBytes element in JsonArrayElements.ReadAsync(input, cancellationToken).ConfigureAwait(false))
        {
            yield return Parse(element);
        }
    }

    public static SourceItem Parse(JsonElementBytes element)
    {
        long lineNumber = element.LineNumber;
        if (element.Utf8.IsEmpty)
        {
            return SourceItem.Broken(lineNumber, "Phần tử JSON không đóng ở cuối tệp / a JSON element is left open at the end of the file");
        }

        if (!System.Text.Unicode.Utf8.IsValid(element.Utf8.Span))
        {
            return SourceItem.Broken(lineNumber, LegacyCsv.InvalidUtf8);
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(element.Utf8);
            return Parse(lineNumber, document.RootElement);
        }
        catch (JsonException)
        {
            return SourceItem.Broken(lineNumber, "JSON không hợp lệ / broken JSON element");
        }
        catch (InvalidOperationException)
        {
            return SourceItem.Broken(lineNumber, "Trường JSON sai kiểu / a JSON field has the wrong type");
        }
    }

    private static SourceItem Parse(long lineNumber, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return SourceItem.Broken(lineNumber, "Phần tử không phải đối tượng JSON / the element is not a JSON object");
        }

        string? id = Text(e, "id");
        if (id is null || id.Length > 64)
        {
            return SourceItem.Broken(lineNumber, "Thiếu id / id is missing or too long");
        }

        DeclarationKind kind;
        switch (Text(e, "type"))
        {
            case "entry": kind = DeclarationKind.Entry; break;
            case "domestic": kind = DeclarationKind.DomesticMovement; break;
            default: return SourceItem.Broken(lineNumber, "type phải là entry hoặc domestic / type must be entry or domestic");
        }

        if (LegacyFields.Name(Text(e, "fullName")) is not { } name)
        {
            return SourceItem.Broken(lineNumber, LegacyFields.EmptyName);
        }

        if (!LegacyFields.TryBirthDateDmy(Text(e, "dateOfBirth"), out BirthDate? birth, out bool ambiguous))
        {
            return SourceItem.Broken(lineNumber, "Ngày sinh không hợp lệ / impossible dateOfBirth (dd/MM/yyyy or yyyy)");
        }

        if (!DateTime.TryParse(Text(e, "submittedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime submitted))
        {
            return SourceItem.Broken(lineNumber, "submittedAt không hợp lệ / impossible submittedAt (UTC ISO 8601)");
        }

        submitted = DateTime.SpecifyKind(submitted, DateTimeKind.Utc);
        JsonElement transport = Child(e, "transport");
        JsonElement from = Child(e, "from");
        JsonElement to = Child(e, "to");
        DateOnly? departure = null;
        if (Text(transport, "departureDate") is { } departureText)
        {
            if (!DateOnly.TryParseExact(departureText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d))
            {
                return SourceItem.Broken(lineNumber, "Ngày khởi hành không hợp lệ / impossible transport.departureDate (yyyy-MM-dd)");
            }

            departure = d;
        }

        var symptoms = new List<string>();
        if (e.TryGetProperty("symptoms", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement symptom in list.EnumerateArray())
            {
                if (symptom.ValueKind != JsonValueKind.String || !s_symptoms.TryGetValue(symptom.GetString()!, out string? code))
                {
                    return SourceItem.Broken(lineNumber, "Triệu chứng không rõ / unknown symptom in symptoms");
                }

                symptoms.Add(code);
            }
        }

        JsonElement exposure = Child(e, "exposure");
        var exposures = new List<string>();
        if (Flag(exposure, "animalFarmOrMarket"))
        {
            exposures.Add("animal-farm-or-market");
        }

        if (Flag(exposure, "closeContactWithCase"))
        {
            exposures.Add("contact-with-case");
        }

        string? fromCountry = Text(from, "country");
        var travel = new TravelDetails(
            Text(transport, "kind") switch
            {
                "flight" => TravelMode.Flight,
                "train" => TravelMode.Train,
                "bus" => TravelMode.Bus,
                "car" => TravelMode.Car,
                "ship" => TravelMode.Ship,
                _ => TravelMode.Other,
            },
            Text(transport, "number"),
            Text(transport, "seat"),
            departure,
            null,
            fromCountry is { Length: 3 } c && c.All(char.IsAsciiLetterUpper) ? c : null,
            Text(from, "province"),
            kind == DeclarationKind.Entry ? Text(e, "portOfEntry") : null);
        var address = new DeclarationAddress(Text(to, "provinceCode"), Text(to, "districtCode"), Text(to, "communeCode"), Text(to, "address"));
        string? nationality = Text(e, "nationality");
        var identity = new LegacyIdentity
        {
            Source = SourceSystems.Vhd,
            SourceRecordId = id,
            FullName = name,
            BirthDate = birth,
            BirthDayMonthAmbiguous = ambiguous,
            Sex = LegacyFields.SexOf(Text(e, "gender")),
            Nationality = nationality is { Length: 3 } n && n.All(char.IsAsciiLetterUpper) ? n : null,
            DocumentNumber = Text(e, "documentNumber"),
            Phone = Text(e, "phone"),
            ProvinceCode = address.ProvinceCode,
            DistrictCode = address.DistrictCode,
            CommuneCode = address.CommuneCode,
        };
        var fact = new DeclarationFact(kind, new DeclarationAnswers(symptoms, exposures, [], null), travel, address) { OccurredAtUtc = submitted };
        return SourceItem.Of(new LegacyRecord(lineNumber, identity, fact));
    }

    private static JsonElement Child(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement child) ? child : default;

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text.Trim()
            : null;

    private static bool Flag(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.True;
}
