using System.Text;
using PcCovid.Web.Features.Population;

namespace PcCovid.UnitTests.Population;

public sealed class PopulationLineTests
{
    [Fact]
    public void Parse_TheContractExample_ReadsEveryField()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"so_dinh_danh\":\"001085012345\",\"so_cmnd\":\"012345678\",\"ho_ten\":\"Nguyễn Văn An\",\"ngay_sinh\":\"1985-03-14\",\"gioi_tinh\":\"Nam\",\"quoc_tich\":\"VNM\",\"ma_tinh\":\"01\",\"ma_huyen\":\"001\",\"ma_xa\":\"00001\",\"dia_chi\":\"Số 12 ngõ 5\",\"ma_ho\":\"0100100001234\",\"quan_he_chu_ho\":\"Chủ hộ\",\"so_dien_thoai\":null}");

        PopulationLine? line = PopulationLine.Parse(json, out string? problem);

        Assert.Null(problem);
        Assert.NotNull(line);
        Assert.Equal("001085012345", line.SoDinhDanh);
        Assert.Equal("Nguyễn Văn An", line.HoTen);
        Assert.Equal("Chủ hộ", line.QuanHeChuHo);
        Assert.Null(line.SoDienThoai);
    }

    [Theory]
    [InlineData("{\"so_dinh_danh\":\"0010850", "malformed JSON")]
    [InlineData("[1,2]", "one JSON object")]
    [InlineData("{\"ho_ten\":12}", "ho_ten must be a string")]
    [InlineData("{\"ho_ten\":\"A\"} {}", "malformed JSON")]
    [InlineData("not json", "malformed JSON")]
    public void Parse_BrokenLines_SayWhy(string text, string reason)
    {
        PopulationLine? line = PopulationLine.Parse(Encoding.UTF8.GetBytes(text), out string? problem);

        Assert.Null(line);
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void Parse_UnknownFields_AreIgnored()
    {
        PopulationLine? line = PopulationLine.Parse("{\"extra\":{\"a\":[1]},\"ho_ten\":\"B\",\"n\":3}"u8, out string? problem);

        Assert.Null(problem);
        Assert.Equal("B", line!.HoTen);
    }

    [Fact]
    public void JsonLinesReader_HandlesCrLfAndALastLineWithoutEnding()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("a\r\nbb\n\nccc"));
        using var reader = new JsonLinesReader(stream);
        var lines = new List<string>();

        while (reader.TryReadLine(out ReadOnlyMemory<byte> line, out bool tooLong))
        {
            Assert.False(tooLong);
            lines.Add(Encoding.UTF8.GetString(line.Span));
        }

        Assert.Equal(["a", "bb", "", "ccc"], lines);
        Assert.Equal(4, reader.LineNumber);
        Assert.Equal(stream.Length, reader.BytesRead);
    }

    [Fact]
    public void JsonLinesReader_AnOverlongLine_IsReportedAndSkipped()
    {
        string longLine = new('x', JsonLinesReader.MaxLineBytes * 3);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("first\n" + longLine + "\nlast\n"));
        using var reader = new JsonLinesReader(stream);

        Assert.True(reader.TryReadLine(out _, out bool first));
        Assert.False(first);
        Assert.True(reader.TryReadLine(out _, out bool second));
        Assert.True(second);
        Assert.True(reader.TryReadLine(out ReadOnlyMemory<byte> last, out _));
        Assert.Equal("last", Encoding.UTF8.GetString(last.Span));
        Assert.Equal(3, reader.LineNumber);
    }
}
