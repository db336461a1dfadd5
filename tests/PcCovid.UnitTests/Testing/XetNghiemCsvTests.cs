using PcCovid.Domain.Common;
using PcCovid.Domain.Testing;
using PcCovid.Web.Features.Testing;

namespace PcCovid.UnitTests.Testing;

public sealed class XetNghiemCsvTests
{
    private static readonly DateTime s_now = new(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static LabResultInput? ParseLine(string line, out string? problem)
    {
        var fields = new List<string>();
        if (!XetNghiemCsv.TrySplit(line, fields, out problem))
        {
            return null;
        }

        return XetNghiemCsv.Parse(fields, out problem);
    }

    [Fact]
    public void Parse_QuotedDecimalCommaCt_VietnameseWords_AndVietnamTimeToUtc()
    {
        LabResultInput? row = ParseLine("M1,G7,\"Nguyễn Văn \"\"Tí\"\"\",1985,Nam,001085012345,0912345678,01,RT-PCR,Dương tính,\"28,5\",14/09/2021 06:30,14/09/2021 18:00,LAB1", out string? problem);
        Assert.Null(problem);
        Assert.NotNull(row);
        Assert.Equal("Nguyễn Văn \"Tí\"", row.FullName);
        Assert.Equal("G7", row.PoolId);
        Assert.Equal(28.5m, row.Ct);
        Assert.Equal(LabTestType.RtPcr, row.TestType);
        Assert.Equal(LabOutcome.Positive, row.Outcome);
        Assert.Equal(new DateTime(2021, 9, 13, 23, 30, 0, DateTimeKind.Utc), row.SampledAtUtc);
        Assert.Equal(DateTimeKind.Utc, row.ReportedAtUtc.Kind);
    }

    [Theory]
    [InlineData("Test nhanh kháng nguyên", "Âm tính", LabTestType.RapidAntigen, LabOutcome.Negative)]
    [InlineData("TEST NHANH KHANG NGUYEN", "am tinh", LabTestType.RapidAntigen, LabOutcome.Negative)]
    [InlineData("rt-pcr", "Không xác định", LabTestType.RtPcr, LabOutcome.Inconclusive)]
    [InlineData("94500-6", "260373001", LabTestType.RtPcr, LabOutcome.Positive)]
    public void TypesAndOutcomes_ReadInEveryWriting(string type, string outcome, LabTestType expectedType, LabOutcome expectedOutcome)
    {
        Assert.True(LabCodes.TryParseTestType(type, out LabTestType parsedType));
        Assert.True(LabCodes.TryParseOutcome(outcome, out LabOutcome parsedOutcome));
        Assert.Equal(expectedType, parsedType);
        Assert.Equal(expectedOutcome, parsedOutcome);
    }

    [Theory]
    [InlineData("M1,,Ai,1985,Nam,,,01,Xét nghiệm máu,Âm tính,,14/09/2021 06:30,14/09/2021 18:00,L", "test type")]
    [InlineData("M1,,Ai,1985,Nam,,,01,RT-PCR,Tốt,,14/09/2021 06:30,14/09/2021 18:00,L", "outcome")]
    [InlineData("M1,,Ai,1985,Nam,,,01,RT-PCR,Âm tính,,31/02/2021 06:30,14/09/2021 18:00,L", "sampling time")]
    [InlineData("M1,,Ai,1985,Nam,,,01,RT-PCR,Âm tính,abc,14/09/2021 06:30,14/09/2021 18:00,L", "Ct")]
    [InlineData("M1,,,1985,Nam,,,01,RT-PCR,Âm tính,,14/09/2021 06:30,14/09/2021 18:00,L", "name")]
    [InlineData("M1,,Ai,1985,Nam", "columns")]
    [InlineData("M1,,\"Ai,1985", "quote")]
    public void BrokenRows_GiveAReason(string line, string reasonContains)
    {
        Assert.Null(ParseLine(line, out string? problem));
        Assert.Contains(reasonContains, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Invariants_CtOnlyForRtPcrWithinRange_ReportedAfterSampled_NotInTheFuture()
    {
        DateTime sampled = s_now.AddDays(-1);
        Assert.Null(LabResult.Check("S", LabTestType.RtPcr, LabOutcome.Positive, 30m, sampled, sampled.AddHours(3), s_now));
        Assert.NotNull(LabResult.Check("S", LabTestType.RapidAntigen, LabOutcome.Positive, 30m, sampled, sampled.AddHours(3), s_now));
        Assert.NotNull(LabResult.Check("S", LabTestType.RtPcr, LabOutcome.Positive, 51m, sampled, sampled.AddHours(3), s_now));
        Assert.NotNull(LabResult.Check("S", LabTestType.RtPcr, LabOutcome.Negative, null, sampled, sampled.AddHours(-1), s_now));
        Assert.NotNull(LabResult.Check("S", LabTestType.RtPcr, LabOutcome.Negative, null, sampled, s_now.AddDays(1), s_now));
        Assert.Throws<DomainException>(() => LabResult.Record(1, "S", null, LabTestType.RapidAntigen, LabOutcome.Positive, 20m, sampled, sampled, new Provenance("x", "S", s_now, true), s_now));
    }

    [Fact]
    public void Codes_AreTheStandardOnes()
    {
        Assert.Equal("94500-6", LabTestType.RtPcr.Loinc());
        Assert.Equal("94558-4", LabTestType.RapidAntigen.Loinc());
        Assert.Equal("LP6464-4", LabTestType.RtPcr.DccTestType());
        Assert.Equal("LP217198-3", LabTestType.RapidAntigen.DccTestType());
        Assert.Equal("260373001", LabOutcome.Positive.Snomed());
        Assert.Equal("260415000", LabOutcome.Negative.Snomed());
    }
}
