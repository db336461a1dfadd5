using System.Text.Json;

namespace PcCovid.Web.Features.Population;

/// <summary>One line of a <c>dan-cu</c> snapshot as written, before validation (legacy-sources.md §0).</summary>
internal sealed class PopulationLine
{
    public string? SoDinhDanh { get; private set; }

    public string? SoCmnd { get; private set; }

    public string? HoTen { get; private set; }

    public string? NgaySinh { get; private set; }

    public string? GioiTinh { get; private set; }

    public string? QuocTich { get; private set; }

    public string? MaTinh { get; private set; }

    public string? MaHuyen { get; private set; }

    public string? MaXa { get; private set; }

    public string? DiaChi { get; private set; }

    public string? MaHo { get; private set; }

    public string? QuanHeChuHo { get; private set; }

    public string? SoDienThoai { get; private set; }

    /// <summary>Parses one JSON object; returns null with the reason when the line is not one.</summary>
    public static PopulationLine? Parse(ReadOnlySpan<byte> utf8, out string? problem)
    {
        problem = null;
        var line = new PopulationLine();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = "malformed JSON: a line must hold one JSON object";
                return null;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    if (reader.Read())
                    {
                        problem = "malformed JSON: text after the object";
                        return null;
                    }

                    return line;
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    problem = "malformed JSON: expected a field name";
                    return null;
                }

                string? field = Field(ref reader);
                if (!reader.Read())
                {
                    break;
                }

                string? value;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        value = reader.GetString();
                        break;
                    case JsonTokenType.Null:
                        value = null;
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        reader.Skip();
                        if (field is not null)
                        {
                            problem = $"field {field} must be a string or null";
                            return null;
                        }

                        continue;
                    default:
                        if (field is not null)
                        {
                            problem = $"field {field} must be a string or null";
                            return null;
                        }

                        continue;
                }

                line.Set(field, value);
            }

            problem = "malformed JSON: the line ends inside the object (truncated?)";
            return null;
        }
        catch (JsonException exception)
        {
            problem = "malformed JSON: " + FirstSentence(exception.Message);
            return null;
        }
    }

    private static string? Field(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> name = reader.ValueSpan;
        return name switch
        {
            _ when name.SequenceEqual("so_dinh_danh"u8) => "so_dinh_danh",
            _ when name.SequenceEqual("so_cmnd"u8) => "so_cmnd",
            _ when name.SequenceEqual("ho_ten"u8) => "ho_ten",
            _ when name.SequenceEqual("ngay_sinh"u8) => "ngay_sinh",
            _ when name.SequenceEqual("gioi_tinh"u8) => "gioi_tinh",
            _ when name.SequenceEqual("quoc_tich"u8) => "quoc_tich",
            _ when name.SequenceEqual("ma_tinh"u8) => "ma_tinh",
            _ when name.SequenceEqual("ma_huyen"u8) => "ma_huyen",
            _ when name.SequenceEqual("ma_xa"u8) => "ma_xa",
            _ when name.SequenceEqual("dia_chi"u8) => "dia_chi",
            _ when name.SequenceEqual("ma_ho"u8) => "ma_ho",
            _ when name.SequenceEqual("quan_he_chu_ho"u8) => "quan_he_chu_ho",
            _ when name.SequenceEqual("so_dien_thoai"u8) => "so_dien_thoai",
            _ => null,
        };
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }

    private void Set(string? field, string? value)
    {
        switch (field)
        {
            case "so_dinh_danh": SoDinhDanh = value; break;
            case "so_cmnd": SoCmnd = value; break;
            case "ho_ten": HoTen = value; break;
            case "ngay_sinh": NgaySinh = value; break;
            case "gioi_tinh": GioiTinh = value; break;
            case "quoc_tich": QuocTich = value; break;
            case "ma_tinh": MaTinh = value; break;
            case "ma_huyen": MaHuyen = value; break;
            case "ma_xa": MaXa = value; break;
            case "dia_chi": DiaChi = value; break;
            case "ma_ho": MaHo = value; break;
            case "quan_he_chu_ho": QuanHeChuHo = value; break;
            case "so_dien_thoai": SoDienThoai = value; break;
            default: break;
        }
    }
}
