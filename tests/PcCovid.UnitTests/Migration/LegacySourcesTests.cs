using System.Text;
using PcCovid.Domain.Declarations;
using PcCovid.Domain.People;
using PcCovid.Web.Features.Migration.Sources;
using PcCovid.Web.Infrastructure;

namespace PcCovid.UnitTests.Migration;

public sealed class LegacySourcesTests
{
    private static readonly ReferenceData s_reference = ReferenceData.LoadEmbedded();

    private static MemoryStream Utf8(string text, bool bom = false)
    {
        byte[] body = Encoding.UTF8.GetBytes(text);
        return new MemoryStream(bom ? [0xEF, 0xBB, 0xBF, .. body] : body);
    }

    private static async Task<List<SourceItem>> AllAsync(IAsyncEnumerable<SourceItem> items)
    {
        var list = new List<SourceItem>();
        await foreach (SourceItem item in items)
        {
            list.Add(item);
        }

        return list;
    }

    [Fact]
    public async Task Ncovi_ReadsBomCrlfAndNames_MapsSymptomsExposuresAndPlace_AndRefusesEveryBrokenRowWithItsLine()
    {
        string header = string.Join(',', NcoviSource.Header);
        string good = "NC1,NGUYEN VAN AN,1985,Nam,Việt Nam,001085012345,0912 345 678,,Hà Nội,Quận Ba Đình,Phúc Xá,Số 1,Có,Không,Không,Không,Không,Không,Không,Không,Có,Không,Không,Không,Tiểu đường;Hen,20/08/2021 08:30";
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes(header + "\r\n" + good + "\r\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes("NC2,Lê Thị B,1990,Nữ,Việt Nam,,,,Hà Nội,,,,Không\r\n"));                                             // line 3: columns
        bytes.AddRange(Encoding.UTF8.GetBytes("NC3,\"Lê Thị B,1990,Nữ,Việt Nam,,,,Hà Nội,,,,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,20/08/2021 08:30\r\n")); // 4: quote
        bytes.AddRange(Encoding.UTF8.GetBytes("NC4,Lê Thị B,1990,Nữ,Việt Nam,,,,Hà Nội,,,,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,31/02/2021 08:30\r\n")); // 5: date
        bytes.AddRange(Encoding.UTF8.GetBytes("NC5,  ,1990,Nữ,Việt Nam,,,,Hà Nội,,,,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,20/08/2021 08:30\r\n"));   // 6: name
        bytes.AddRange(Encoding.UTF8.GetBytes("NC6,L"));
        bytes.Add(0xC3); // 7: a lone lead byte: invalid UTF-8
        bytes.AddRange(Encoding.UTF8.GetBytes(",1990,Nữ,Việt Nam,,,,Hà Nội,,,,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,20/08/2021 08:30\r\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes(good.Replace("NC1", "NC8", StringComparison.Ordinal) + "\r\n"));                                   // 8: good again

        List<SourceItem> items = await AllAsync(NcoviSource.ReadAsync(new MemoryStream([0xEF, 0xBB, 0xBF, .. bytes]), s_reference, CancellationToken.None));

        Assert.Equal([2L, 3, 4, 5, 6, 7, 8], items.Select(i => i.LineNumber));
        Assert.Equal([2L, 8], items.Where(i => i.Record is not null).Select(i => i.LineNumber));
        Assert.Contains("columns", items[1].Problem, StringComparison.Ordinal);
        Assert.Contains("quote", items[2].Problem, StringComparison.Ordinal);
        Assert.Contains("thoi_gian_khai", items[3].Problem, StringComparison.Ordinal);
        Assert.Contains("name", items[4].Problem, StringComparison.Ordinal);
        Assert.Contains("UTF-8", items[5].Problem, StringComparison.Ordinal);
        LegacyRecord record = items[0].Record!;
        Assert.Equal("NC1", record.Identity.SourceRecordId);
        Assert.Equal(1985, record.Identity.BirthDate!.Value.Year);
        Assert.Equal(Sex.Male, record.Identity.Sex);
        Assert.Equal("VNM", record.Identity.Nationality);
        Assert.Equal("01", record.Identity.ProvinceCode);
        Assert.NotNull(record.Identity.CommuneCode);
        var fact = Assert.IsType<DeclarationFact>(record.Fact);
        Assert.Equal(["fever"], fact.Answers.Symptoms);
        Assert.Equal(["contact-with-case"], fact.Answers.Exposures);
        Assert.Equal(["diabetes", "Hen"], fact.Answers.UnderlyingConditions);
        Assert.Equal(new DateTime(2021, 8, 20, 1, 30, 0, DateTimeKind.Utc), fact.OccurredAtUtc);
    }

    [Fact]
    public async Task Vhd_StreamsTheArray_ElementByElement_RefusingBrokenOnesWithTheLineTheyStartOn()
    {
        const string good = """{"id":"VHD-1","type":"entry","fullName":"KIM MIN JUN","dateOfBirth":"14/03/1985","gender":"male","nationality":"KOR","documentNumber":"M1234567","phone":"+84912345678","email":null,"transport":{"kind":"flight","number":"VN409","seat":"12A","departureDate":"2021-08-20"},"from":{"country":"KOR","province":null},"to":{"provinceCode":"79","districtCode":"760","communeCode":"26734","address":"12 Lê Lợi"},"portOfEntry":"SGN","symptoms":["fever","cough"],"exposure":{"animalFarmOrMarket":false,"closeContactWithCase":true},"submittedAt":"2021-08-20T01:15:00Z"}""";
        string json = "[\n" + good + ",\n"
            + good.Replace("VHD-1", "VHD-2", StringComparison.Ordinal).Replace("14/03/1985", "31/02/1985", StringComparison.Ordinal) + ",\n"  // line 3: date
            + good.Replace("VHD-1", "VHD-3", StringComparison.Ordinal).Replace("KIM MIN JUN", "", StringComparison.Ordinal) + ",\n"            // line 4: name
            + "{\"id\": \"VHD-4\", \"type\": \"entry\", \"fullName\": [1, {\"x\": \"}\"}]},\n"                                                 // line 5: wrong type, braces in a string
            + good.Replace("VHD-1", "VHD-5", StringComparison.Ordinal).Replace("\"type\":\"entry\"", "\"type\":\"domestic\"", StringComparison.Ordinal).Replace("\"portOfEntry\":\"SGN\"", "\"portOfEntry\":null", StringComparison.Ordinal)
            + "\n]";

        var items = new List<SourceItem>();
        await foreach (SourceItem item in VhdSource.ReadAsync(Utf8(json), CancellationToken.None))
        {
            items.Add(item);
        }

        Assert.Equal([2L, 3, 4, 5, 6], items.Select(i => i.LineNumber));
        Assert.Equal(["VHD-1", "VHD-5"], items.Where(i => i.Record is not null).Select(i => i.Record!.Identity.SourceRecordId));
        Assert.Contains("dateOfBirth", items[1].Problem, StringComparison.Ordinal);
        Assert.Contains("name", items[2].Problem, StringComparison.Ordinal);
        LegacyRecord entry = items[0].Record!;
        Assert.True(entry.Identity.BirthDayMonthAmbiguous is false);
        var fact = Assert.IsType<DeclarationFact>(entry.Fact);
        Assert.Equal(DeclarationKind.Entry, fact.DeclarationKind);
        Assert.Equal("SGN", fact.Travel!.PortOfEntry);
        Assert.Equal(TravelMode.Flight, fact.Travel.Mode);
        Assert.Equal(["fever", "cough"], fact.Answers.Symptoms);
        Assert.Equal(["contact-with-case"], fact.Answers.Exposures);
        Assert.Equal(DeclarationKind.DomesticMovement, ((DeclarationFact)items[4].Record!.Fact).DeclarationKind);
        Assert.Null(((DeclarationFact)items[4].Record!.Fact).Travel!.PortOfEntry);
    }

    [Fact]
    public async Task Sskdt_Semicolons_YearOnlyBirth_TwoDocuments_AndSwappedDayMonthFlagged()
    {
        string csv = string.Join('\n',
            string.Join(';', SskdtSource.Header),
            "HS1;Trần Thị Mai;00/00/1950;2;;012345678;HT3010123456789;0912345678;01;001;00001;Số 2;2021-05-01 10:00:00",
            "HS2;Trần Văn Nam;05/04/1980;1;001080012345;012345679;;0912345678;01;001;00001;Số 2;2021-05-01 10:00:00",
            "HS3;Trần Văn Nam;05/04/1980;1;001080012345;012345679;;0912345678;01;001;00001;Số 2;2021-13-01 10:00:00");
        List<SourceItem> items = await AllAsync(SskdtSource.ReadAsync(Utf8(csv), CancellationToken.None));
        Assert.Equal(3, items.Count);
        LegacyRecord mai = items[0].Record!;
        Assert.True(mai.Identity.BirthDate!.Value.IsYearOnly);
        Assert.Equal("012345678", mai.Identity.DocumentNumber);
        Assert.Equal(Sex.Female, mai.Identity.Sex);
        Assert.Equal("HT3010123456789", Assert.IsType<HealthBookFact>(mai.Fact).InsuranceCardNumber);
        LegacyRecord nam = items[1].Record!;
        Assert.Equal("001080012345", nam.Identity.DocumentNumber);
        Assert.Equal("012345679", nam.Identity.SecondDocumentNumber);
        Assert.True(nam.Identity.BirthDayMonthAmbiguous);
        Assert.Contains("NgayTao", items[2].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TiemChung_QrAndXetNghiem_ReuseTheirRowReaders_AndBluezoneUsersNeedNoName()
    {
        string doses = string.Join('\n',
            "ma_mui_tiem,ma_doi_tuong,ho_ten,ngay_sinh,gioi_tinh,so_cccd,so_dien_thoai,ma_tinh,ma_huyen,ma_xa,mui_so,ten_vac_xin,so_lo,ngay_tiem,ma_co_so,ten_co_so,phan_ung_sau_tiem",
            "MT1,DT9,Phạm Văn C,1970-02-03,NAM,001070012345,,01,001,00001,1,Vero Cell,L1,01/08/2021,CS1,Trạm,",
            "MT2,DT9,Phạm Văn C,1970-02-03,NAM,001070012345,,01,001,00001,1,Sinovac,L1,01/08/2021,CS1,Trạm,");
        List<SourceItem> d = await AllAsync(TiemChungSource.ReadAsync(Utf8(doses), s_reference.Vaccines, CancellationToken.None));
        Assert.Equal("DT9", d[0].Record!.Identity.SourcePersonKey);
        Assert.Equal(new DateOnly(1970, 2, 3), d[0].Record!.Identity.BirthDate!.Value.Date);
        Assert.Contains("Sinovac", d[1].Problem, StringComparison.Ordinal);

        string checkIns = "ma_check_in,ma_dia_diem,so_dien_thoai,ho_ten,thoi_gian\nCI1,DD1,0912345678,Bé Na,2021-09-01 07:30:00\nCI2,DD1,0912345678,,2021-09-01 07:30:00\n";
        List<SourceItem> q = await AllAsync(QrSource.ReadCheckInsAsync(Utf8(checkIns), CancellationToken.None));
        Assert.Equal(new DateTime(2021, 9, 1, 0, 30, 0, DateTimeKind.Utc), q[0].Record!.Fact.OccurredAtUtc);
        Assert.Null(q[0].Record!.Identity.BirthDate);
        Assert.Equal(3, q[1].LineNumber);
        Assert.NotNull(q[1].Problem);

        string lab = "ma_mau,ma_mau_gop,ho_ten,nam_sinh,gioi_tinh,so_giay_to,so_dien_thoai,ma_tinh,loai_xet_nghiem,ket_qua,ct,thoi_gian_lay_mau,thoi_gian_tra_ket_qua,ma_phong_xet_nghiem\n"
            + "M1,,Võ Thị D,1995,Nữ,,0912345678,79,RT-PCR,Dương tính,\"28,5\",01/09/2021 08:00,01/09/2021 20:00,LAB1\n";
        List<SourceItem> x = await AllAsync(XetNghiemSource.ReadAsync(Utf8(lab), CancellationToken.None));
        var result = Assert.IsType<LabResultFact>(x[0].Record!.Fact);
        Assert.Equal(28.5m, result.Ct);
        Assert.Equal(Sex.Female, x[0].Record!.Identity.Sex);

        string users = "bluezone_id,phone,registered_at,full_name,year_of_birth,id_number\nAB12CD,0912345678,2020-05-02T10:11:12+07:00,,,\nab12cd,0912345678,2020-05-02T10:11:12+07:00,,,\n";
        List<SourceItem> b = await AllAsync(BluezoneSource.ReadUsersAsync(Utf8(users), CancellationToken.None));
        Assert.Null(b[0].Record!.Identity.FullName);
        Assert.Equal(new DateTime(2020, 5, 2, 3, 11, 12, DateTimeKind.Utc), b[0].Record!.Fact.OccurredAtUtc);
        Assert.NotNull(b[1].Problem);
    }
}
