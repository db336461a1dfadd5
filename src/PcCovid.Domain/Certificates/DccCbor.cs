using System.Formats.Cbor;
using System.Globalization;
using System.Text.Json.Nodes;

namespace PcCovid.Domain.Certificates;

/// <summary>
/// The DCC payload in CBOR: written from <see cref="DccPayload"/> with text keys and integers kept
/// integers; read back into JSON tolerantly (tags skipped, so tag-0 dates become strings; floats,
/// nulls, byte strings and integer keys accepted), as other countries' certificates need.
/// </summary>
public static class DccCbor
{
    public static void Write(CborWriter writer, DccPayload payload)
    {
        writer.WriteStartMap(null);
        writer.WriteTextString("ver");
        writer.WriteTextString(payload.Version);
        writer.WriteTextString("nam");
        WriteName(writer, payload.Name);
        writer.WriteTextString("dob");
        writer.WriteTextString(payload.DateOfBirth);
        if (payload.Vaccination is { } v)
        {
            writer.WriteTextString("v");
            writer.WriteStartArray(1);
            writer.WriteStartMap(null);
            Text(writer, "tg", v.Disease);
            Text(writer, "vp", v.VaccineType);
            Text(writer, "mp", v.Product);
            Text(writer, "ma", v.Manufacturer);
            writer.WriteTextString("dn");
            writer.WriteInt32(v.DoseNumber);
            writer.WriteTextString("sd");
            writer.WriteInt32(v.SeriesDoses);
            Text(writer, "dt", Date(v.Date));
            Text(writer, "co", v.Country);
            Text(writer, "is", v.Issuer);
            Text(writer, "ci", v.CertificateId);
            writer.WriteEndMap();
            writer.WriteEndArray();
        }
        else if (payload.Test is { } t)
        {
            writer.WriteTextString("t");
            writer.WriteStartArray(1);
            writer.WriteStartMap(null);
            Text(writer, "tg", t.Disease);
            Text(writer, "tt", t.TestType);
            Text(writer, "nm", t.NaatName);
            Text(writer, "ma", t.RatDevice);
            Text(writer, "sc", t.SampleTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            Text(writer, "tr", t.Result);
            Text(writer, "tc", t.TestingCentre);
            Text(writer, "co", t.Country);
            Text(writer, "is", t.Issuer);
            Text(writer, "ci", t.CertificateId);
            writer.WriteEndMap();
            writer.WriteEndArray();
        }
        else if (payload.Recovery is { } r)
        {
            writer.WriteTextString("r");
            writer.WriteStartArray(1);
            writer.WriteStartMap(null);
            Text(writer, "tg", r.Disease);
            Text(writer, "fr", Date(r.FirstPositive));
            Text(writer, "co", r.Country);
            Text(writer, "is", r.Issuer);
            Text(writer, "df", Date(r.ValidFrom));
            Text(writer, "du", Date(r.ValidUntil));
            Text(writer, "ci", r.CertificateId);
            writer.WriteEndMap();
            writer.WriteEndArray();
        }

        writer.WriteEndMap();
    }

    /// <summary>Reads one CBOR data item as JSON; throws <see cref="CborContentException"/> on broken CBOR.</summary>
    public static JsonNode? ReadAsJson(CborReader reader, int depth = 0)
    {
        if (depth > 16)
        {
            throw new CborContentException("Nested too deeply.");
        }

        switch (reader.PeekState())
        {
            case CborReaderState.Tag:
                reader.ReadTag();
                return ReadAsJson(reader, depth + 1);
            case CborReaderState.StartMap:
                var map = new JsonObject();
                reader.ReadStartMap();
                while (reader.PeekState() != CborReaderState.EndMap)
                {
                    string key = reader.PeekState() switch
                    {
                        CborReaderState.TextString => reader.ReadTextString(),
                        CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger => reader.ReadInt64().ToString(CultureInfo.InvariantCulture),
                        _ => throw new CborContentException("A map key is neither text nor an integer."),
                    };
                    JsonNode? value = ReadAsJson(reader, depth + 1);
                    map[key] = value;
                }

                reader.ReadEndMap();
                return map;
            case CborReaderState.StartArray:
                var array = new JsonArray();
                reader.ReadStartArray();
                while (reader.PeekState() != CborReaderState.EndArray)
                {
                    array.Add(ReadAsJson(reader, depth + 1));
                }

                reader.ReadEndArray();
                return array;
            case CborReaderState.TextString:
                return JsonValue.Create(reader.ReadTextString());
            case CborReaderState.StartIndefiniteLengthTextString:
                return JsonValue.Create(reader.ReadTextString());
            case CborReaderState.ByteString:
            case CborReaderState.StartIndefiniteLengthByteString:
                return JsonValue.Create(Convert.ToBase64String(reader.ReadByteString()));
            case CborReaderState.UnsignedInteger:
            case CborReaderState.NegativeInteger:
                return JsonValue.Create(reader.ReadInt64());
            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                double number = reader.ReadDouble();
                return double.IsFinite(number) && number == Math.Floor(number) && Math.Abs(number) < 1e15
                    ? JsonValue.Create((long)number)
                    : JsonValue.Create(number);
            case CborReaderState.Boolean:
                return JsonValue.Create(reader.ReadBoolean());
            case CborReaderState.Null:
                reader.ReadNull();
                return null;
            case CborReaderState.SimpleValue:
                reader.ReadSimpleValue();
                return null;
            default:
                throw new CborContentException($"Unexpected CBOR item {reader.PeekState()}.");
        }
    }

    /// <summary>Reads a NumericDate (<c>iat</c>, <c>exp</c>): an integer or a float (truncated), optionally tagged.</summary>
    public static long ReadNumericDate(CborReader reader)
    {
        while (reader.PeekState() == CborReaderState.Tag)
        {
            reader.ReadTag();
        }

        return reader.PeekState() switch
        {
            CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger => reader.ReadInt64(),
            CborReaderState.HalfPrecisionFloat or CborReaderState.SinglePrecisionFloat or CborReaderState.DoublePrecisionFloat => (long)Math.Truncate(reader.ReadDouble()),
            _ => throw new CborContentException("A NumericDate is neither an integer nor a float."),
        };
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Text(CborWriter writer, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        writer.WriteTextString(key);
        writer.WriteTextString(value);
    }

    private static void WriteName(CborWriter writer, DccName name)
    {
        writer.WriteStartMap(null);
        Text(writer, "fn", name.FamilyName);
        Text(writer, "fnt", name.FamilyNameIcao);
        Text(writer, "gn", name.GivenName);
        Text(writer, "gnt", name.GivenNameIcao);
        writer.WriteEndMap();
    }
}
