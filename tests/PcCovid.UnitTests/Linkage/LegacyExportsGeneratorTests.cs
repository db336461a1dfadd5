using System.Text;
using System.Text.Json;
using PcCovid.Web.Features.SyntheticData;
using PcCovid.Web.Infrastructure;

namespace PcCovid.UnitTests.Linkage;

public sealed class LegacyExportsGeneratorTests : IDisposable
{
    private static readonly ReferenceData s_reference = ReferenceData.LoadEmbedded();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pccovid-legacy-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Generate(string name, int seed)
    {
        using var population = new MemoryStream();
        new PopulationGenerator(s_reference.Catalog).Write(population, 3_000, seed: 4);
        population.Position = 0;
        string directory = Path.Combine(_root, name);
        new LegacyExportsGenerator(s_reference.Catalog).Write(population, directory, seed);
        return directory;
    }

    [Fact]
    public void SameSeed_WritesTheSameBytes_AnotherSeedDoesNot()
    {
        string first = Generate("a", 9);
        string second = Generate("b", 9);
        string other = Generate("c", 10);

        string[] files = [.. Directory.GetFiles(first, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first, f)).Order(StringComparer.Ordinal)];
        Assert.Equal(10, files.Length);
        foreach (string file in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, file)), File.ReadAllBytes(Path.Combine(second, file)));
        }

        Assert.NotEqual(File.ReadAllBytes(Path.Combine(first, "truth.csv")), File.ReadAllBytes(Path.Combine(other, "truth.csv")));
    }

    [Theory]
    [InlineData("bluezone/users.csv", "bluezone_id,phone,registered_at,full_name,year_of_birth,id_number")]
    [InlineData("bluezone/encounters.csv", "uploader_bluezone_id,seen_bluezone_id,first_seen,last_seen,rssi_avg,tx_power")]
    [InlineData("ncovi/khai_bao.csv", "ma_to_khai,ho_ten,nam_sinh,gioi_tinh,quoc_tich,so_giay_to,so_dien_thoai,email,tinh_thanh,quan_huyen,phuong_xa,dia_chi,sot,ho,kho_tho,dau_hong,buon_non,tieu_chay,xuat_huyet,noi_ban,tiep_xuc_ca_benh,tu_vung_dich,tiep_xuc_nguoi_tu_vung_dich,tiep_xuc_nguoi_co_trieu_chung,benh_nen,thoi_gian_khai")]
    [InlineData("sskdt/ho_so.csv", "MaHoSo;HoVaTen;NgaySinh;GioiTinh;CCCD;CMND;MaTheBHYT;SoDienThoai;MaTinh;MaHuyen;MaXa;DiaChi;NgayTao")]
    [InlineData("tiemchung/mui_tiem.csv", "ma_mui_tiem,ma_doi_tuong,ho_ten,ngay_sinh,gioi_tinh,so_cccd,so_dien_thoai,ma_tinh,ma_huyen,ma_xa,mui_so,ten_vac_xin,so_lo,ngay_tiem,ma_co_so,ten_co_so,phan_ung_sau_tiem")]
    [InlineData("qr/dia_diem.csv", "ma_dia_diem,ten_dia_diem,loai,ma_tinh,ma_huyen,ma_xa,dia_chi,vi_do,kinh_do")]
    [InlineData("qr/check_in.csv", "ma_check_in,ma_dia_diem,so_dien_thoai,ho_ten,thoi_gian")]
    [InlineData("xetnghiem/ket_qua.csv", "ma_mau,ma_mau_gop,ho_ten,nam_sinh,gioi_tinh,so_giay_to,so_dien_thoai,ma_tinh,loai_xet_nghiem,ket_qua,ct,thoi_gian_lay_mau,thoi_gian_tra_ket_qua,ma_phong_xet_nghiem")]
    [InlineData("truth.csv", "source,source_record_id,citizen_id,person_key")]
    public void EachFile_StartsWithTheContractsHeader_AndHasRows(string file, string header)
    {
        string directory = Generate("h", 3);
        byte[] bytes = File.ReadAllBytes(Path.Combine(directory, file));
        bool bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);

        string[] lines = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(header, lines[0]);
        Assert.True(lines.Length > 10, $"{file}: {lines.Length} lines");
        Assert.Equal(file == "ncovi/khai_bao.csv", bom);
    }

    [Fact]
    public void Vhd_IsOneJsonArrayWhoseObjectsHaveEveryKey()
    {
        string directory = Generate("v", 3);

        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "vhd", "declarations.json")));

        string[] keys = ["id", "type", "fullName", "dateOfBirth", "gender", "nationality", "documentNumber", "phone", "email", "transport", "from", "to", "portOfEntry", "symptoms", "exposure", "submittedAt"];
        Assert.True(json.RootElement.GetArrayLength() > 10);
        foreach (JsonElement declaration in json.RootElement.EnumerateArray())
        {
            Assert.Equal(keys, declaration.EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public void Truth_NamesEveryPersonBearingRecord_WithAPersonKeyForPeopleOutsideTheSnapshot()
    {
        string directory = Generate("t", 3);
        string[][] truth = [.. File.ReadLines(Path.Combine(directory, "truth.csv")).Skip(1).Select(l => l.Split(','))];

        Assert.All(truth, row => Assert.Equal(4, row.Length));
        Assert.Equal(7, truth.Select(r => r[0]).Distinct().Count());
        Assert.Contains(truth, r => r[2].Length == 0 && r[3].StartsWith('F'));
        Assert.Contains(truth, r => r[2].Length == 0 && r[3].StartsWith('U'));
        Assert.All(truth.Where(r => r[2].Length > 0), r => Assert.Equal(r[2], r[3]));
        int qrRows = File.ReadLines(Path.Combine(directory, "qr", "check_in.csv")).Count() - 1;
        Assert.InRange(truth.Count(r => r[0] == "qr"), qrRows * 0.99, qrRows);
    }

    [Fact]
    public void Tiemchung_DosesAreNeverDatedBeforeTheFirstDoseTheVaccinationModelAccepts()
    {
        string directory = Generate("v", 5);
        List<DateOnly> dates = [];
        foreach (string line in File.ReadLines(Path.Combine(directory, "tiemchung", "mui_tiem.csv")).Skip(1))
        {
            string[] fields = line.Split(',');
            if (fields.Length == 17 && DateOnly.TryParseExact(fields[13], "dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out DateOnly on))
            {
                dates.Add(on);
            }
        }

        Assert.True(dates.Count > 100, $"{dates.Count} dated doses");
        Assert.All(dates, on => Assert.True(on >= PcCovid.Domain.Vaccination.Dose.FirstDayInVietnam, $"a dose on {on}"));
    }
}
