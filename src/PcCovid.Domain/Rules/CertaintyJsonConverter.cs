using System.Text.Json;
using System.Text.Json.Serialization;

namespace PcCovid.Domain.Rules;

/// <summary>Writes a <see cref="Certainty"/> as its tag ("V", "P", "R"); reads the tag or the name.</summary>
public sealed class CertaintyJsonConverter : JsonConverter<Certainty>
{
    public override Certainty Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A certainty is written \"V\", \"P\" or \"R\".");
        }

        try
        {
            return CertaintyTags.Parse(reader.GetString());
        }
        catch (Common.DomainException exception)
        {
            throw new JsonException(exception.Message, exception);
        }
    }

    public override void Write(Utf8JsonWriter writer, Certainty value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Tag());
    }
}
