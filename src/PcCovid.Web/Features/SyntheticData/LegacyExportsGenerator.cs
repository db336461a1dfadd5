using System.Globalization;
using System.Text;
using System.Text.Json;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Web.Features.Testing;

namespace PcCovid.Web.Features.SyntheticData;

/// <summary>
/// Writes the seven legacy exports of legacy-sources.md §1–§7 for a share of a population snapshot,
/// plus foreigners and Vietnamese not in the snapshot, with the faults of §9 at realistic rates, and
/// <c>truth.csv</c> (<c>source,source_record_id,citizen_id,person_key</c>): <c>citizen_id</c> is empty
/// for persons not in the snapshot, <c>person_key</c> is the citizen ID for snapshot persons and a
/// stable synthetic key (<c>F…</c> foreigner, <c>U…</c> unknown Vietnamese) otherwise, so clustering of
/// new persons can be scored. Broken rows (§9) are not in the truth. The same seed writes the same bytes.
/// </summary>
public sealed class LegacyExportsGenerator(AdministrativeCatalog catalog)
{
    public const string TruthHeader = "source,source_record_id,citizen_id,person_key";

    private static readonly Dictionary<string, string> s_newToOldPrefix = new(StringComparer.Ordinal)
    {
        ["032"] = "0162", ["033"] = "0163", ["034"] = "0164", ["035"] = "0165", ["036"] = "0166", ["037"] = "0167", ["038"] = "0168", ["039"] = "0169",
        ["070"] = "0120", ["079"] = "0121", ["077"] = "0122", ["076"] = "0126", ["078"] = "0128",
        ["083"] = "0123", ["084"] = "0124", ["085"] = "0125", ["081"] = "0127", ["082"] = "0129", ["056"] = "0186", ["058"] = "0188",
    };

    private static readonly (string Code, string Country, string[] Surnames, string[] Given)[] s_foreign =
    [
        ("KOR", "Hàn Quốc", ["KIM", "LEE", "PARK", "CHOI", "JUNG"], ["MIN JUN", "SEO YEON", "JI HOO", "HA EUN", "DO YUN"]),
        ("JPN", "Nhật Bản", ["SATO", "SUZUKI", "TAKAHASHI", "TANAKA", "WATANABE"], ["HIROSHI", "YUKI", "KENJI", "AIKO", "TAKESHI"]),
        ("USA", "Hoa Kỳ", ["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES"], ["JOHN", "MARY", "JAMES", "LINDA", "ROBERT"]),
        ("CHN", "Trung Quốc", ["WANG", "LI", "ZHANG", "LIU", "CHEN"], ["WEI", "FANG", "LEI", "JING", "YONG"]),
        ("FRA", "Pháp", ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT"], ["PIERRE", "MARIE", "LUC", "CLAIRE", "JEAN"]),
    ];

    private static readonly string[] s_vaccines = ["AstraZeneca", "Vaxzevria", "Covishield", "Pfizer", "Comirnaty", "Moderna", "Spikevax", "Vero Cell", "Sinopharm", "Sputnik V", "Abdala", "Janssen", "Covaxin", "Hayat-Vax"];
    private static readonly string[] s_venueKinds = ["cho", "sieu_thi", "nha_hang", "benh_vien", "truong_hoc", "van_phong", "nha_may", "ben_xe", "khac"];
    private static readonly string[] s_conditions = ["Tăng huyết áp", "Đái tháo đường", "Hen phế quản", "Bệnh tim mạch"];

    public sealed record Summary(IReadOnlyDictionary<string, long> Records, long SnapshotPersons, long Foreigners, long Unknown, long Broken);

    private sealed class Human
    {
        public required string Key { get; init; }

        public string? CitizenId { get; init; }

        public string? Cmnd { get; init; }

        public string? Passport { get; init; }

        public required string Name { get; init; }

        public string Nationality { get; init; } = "VNM";

        public string Country { get; init; } = "Việt Nam";

        public required int BirthYear { get; init; }

        public DateOnly? BirthDay { get; init; }

        public required bool Male { get; init; }

        public required string Province { get; init; }

        public required string District { get; init; }

        public required string Commune { get; init; }

        public string? Household { get; init; }

        public string? Phone { get; set; }

        public string? PreviousPhone { get; set; }

        public int Age => 2021 - BirthYear;
    }

    public Summary Write(Stream population, string outputDirectory, int seed, double share = 0.5)
    {
        ArgumentNullException.ThrowIfNull(population);
        var random = new Random(seed);
        List<Human> snapshot = ReadPopulation(population, random, share);
        AssignPhones(snapshot, random);
        var extra = new List<Human>();
        int foreigners = Math.Max(1, snapshot.Count / 100);
        int unknown = Math.Max(1, snapshot.Count / 100);
        for (int i = 0; i < foreigners; i++)
        {
            extra.Add(Foreigner(random, i));
        }

        for (int i = 0; i < unknown; i++)
        {
            extra.Add(UnknownVietnamese(random, i, snapshot));
        }

        using var out_ = new Outputs(outputDirectory);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var run = new Run(this, random, out_, counts, seed);
        run.WriteVenues();
        foreach (Human human in snapshot.Concat(extra))
        {
            run.Emit(human, snapshot);
        }

        run.WriteEncounters();
        out_.Vhd.Write("\n]\n");
        return new Summary(counts, snapshot.Count, foreigners, unknown, run.Broken);
    }

    private static List<Human> ReadPopulation(Stream population, Random random, double share)
    {
        var people = new List<Human>();
        using var reader = new StreamReader(population, Encoding.UTF8, true, 1 << 16, leaveOpen: true);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0 || random.NextDouble() >= share)
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            string? Text(string field) => root.TryGetProperty(field, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            string birth = Text("ngay_sinh") ?? "1990";
            string citizenId = Text("so_dinh_danh")!;
            people.Add(new Human
            {
                Key = citizenId,
                CitizenId = citizenId,
                Cmnd = Text("so_cmnd"),
                Name = Text("ho_ten") ?? "Không Tên",
                BirthYear = int.Parse(birth.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture),
                BirthDay = birth.Length == 10 ? DateOnly.ParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                Male = Text("gioi_tinh") != "Nữ",
                Province = Text("ma_tinh") ?? "01",
                District = Text("ma_huyen") ?? "001",
                Commune = Text("ma_xa") ?? "00001",
                Household = Text("ma_ho"),
                Phone = Text("so_dien_thoai"),
            });
        }

        return people;
    }

    // Adults have their own number; children use a parent's; three households in ten registered
    // everyone on one number (§9 "a whole family"); one person in a hundred used a number that
    // later changed owner (their old records carry someone else's current number).
    private static void AssignPhones(List<Human> people, Random random)
    {
        int[] sequence = new int[PopulationGenerator.MobilePrefixCount];
        char[] buffer = new char[10];
        string NewPhone()
        {
            PopulationGenerator.WriteMobile(random, sequence, buffer);
            return new string(buffer);
        }

        foreach (IGrouping<string, Human> household in people.GroupBy(p => p.Household ?? p.Key))
        {
            bool shared = random.NextDouble() < 0.3;
            string familyPhone = household.FirstOrDefault(p => p.Phone is not null)?.Phone ?? NewPhone();
            foreach (Human member in household)
            {
                if (member.Phone is null)
                {
                    member.Phone = shared || member.Age < 16 ? familyPhone : NewPhone();
                }
            }
        }

        for (int i = 0; i < people.Count; i++)
        {
            if (random.NextDouble() < 0.01)
            {
                people[i].PreviousPhone = people[random.Next(people.Count)].Phone;
            }
        }
    }

    private static Human Foreigner(Random random, int i)
    {
        var nation = s_foreign[random.Next(s_foreign.Length)];
        int year = random.Next(1950, 2005);
        bool male = random.Next(2) == 0;
        return new Human
        {
            Key = string.Create(CultureInfo.InvariantCulture, $"F{i:D7}"),
            Passport = string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}{random.Next(1_000_000, 9_999_999)}"),
            Name = nation.Surnames[random.Next(nation.Surnames.Length)] + " " + nation.Given[random.Next(nation.Given.Length)],
            Nationality = nation.Code,
            Country = nation.Country,
            BirthYear = year,
            BirthDay = new DateOnly(year, random.Next(1, 13), random.Next(1, 29)),
            Male = male,
            Province = "79",
            District = "760",
            Commune = "26734",
            Phone = string.Create(CultureInfo.InvariantCulture, $"09{random.Next(10_000_000, 99_999_999)}"),
        };
    }

    private static Human UnknownVietnamese(Random random, int i, List<Human> snapshot)
    {
        Human like = snapshot.Count > 0 ? snapshot[random.Next(snapshot.Count)] : Foreigner(random, i);
        bool male = random.Next(2) == 0;
        string surname = VietnameseNames.FamilyNames[random.Next(VietnameseNames.FamilyNames.Length)].Name;
        string middle = male ? VietnameseNames.TraditionalMaleMiddleName : VietnameseNames.TraditionalFemaleMiddleName;
        var given = male ? VietnameseNames.MaleGivenNames : VietnameseNames.FemaleGivenNames;
        int year = random.Next(1940, 2015);
        return new Human
        {
            Key = string.Create(CultureInfo.InvariantCulture, $"U{i:D7}"),
            Name = $"{surname} {middle} {given[random.Next(given.Length)].Name}",
            BirthYear = year,
            BirthDay = new DateOnly(year, random.Next(1, 13), random.Next(1, 29)),
            Male = male,
            Province = like.Province,
            District = like.District,
            Commune = like.Commune,
            Phone = string.Create(CultureInfo.InvariantCulture, $"03{random.Next(20_000_000, 99_999_999)}"),
        };
    }

    private sealed class Outputs : IDisposable
    {
        public Outputs(string root)
        {
            StreamWriter Open(string folder, string file, bool bom = false)
            {
                string directory = Path.Combine(root, folder);
                Directory.CreateDirectory(directory);
                return new StreamWriter(Path.Combine(directory, file), false, new UTF8Encoding(bom), 1 << 16) { NewLine = "\n" };
            }

            Directory.CreateDirectory(root);
            BluezoneUsers = Open("bluezone", "users.csv");
            BluezoneEncounters = Open("bluezone", "encounters.csv");
            Ncovi = Open("ncovi", "khai_bao.csv", bom: true);
            Vhd = Open("vhd", "declarations.json");
            Sskdt = Open("sskdt", "ho_so.csv");
            Tiemchung = Open("tiemchung", "mui_tiem.csv");
            QrVenues = Open("qr", "dia_diem.csv");
            QrCheckIns = Open("qr", "check_in.csv");
            Xetnghiem = Open("xetnghiem", "ket_qua.csv");
            Truth = new StreamWriter(Path.Combine(root, "truth.csv"), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            BluezoneUsers.WriteLine("bluezone_id,phone,registered_at,full_name,year_of_birth,id_number");
            BluezoneEncounters.WriteLine("uploader_bluezone_id,seen_bluezone_id,first_seen,last_seen,rssi_avg,tx_power");
            Ncovi.WriteLine("ma_to_khai,ho_ten,nam_sinh,gioi_tinh,quoc_tich,so_giay_to,so_dien_thoai,email,tinh_thanh,quan_huyen,phuong_xa,dia_chi,sot,ho,kho_tho,dau_hong,buon_non,tieu_chay,xuat_huyet,noi_ban,tiep_xuc_ca_benh,tu_vung_dich,tiep_xuc_nguoi_tu_vung_dich,tiep_xuc_nguoi_co_trieu_chung,benh_nen,thoi_gian_khai");
            Vhd.Write("[");
            Sskdt.WriteLine("MaHoSo;HoVaTen;NgaySinh;GioiTinh;CCCD;CMND;MaTheBHYT;SoDienThoai;MaTinh;MaHuyen;MaXa;DiaChi;NgayTao");
            Tiemchung.WriteLine("ma_mui_tiem,ma_doi_tuong,ho_ten,ngay_sinh,gioi_tinh,so_cccd,so_dien_thoai,ma_tinh,ma_huyen,ma_xa,mui_so,ten_vac_xin,so_lo,ngay_tiem,ma_co_so,ten_co_so,phan_ung_sau_tiem");
            QrVenues.WriteLine("ma_dia_diem,ten_dia_diem,loai,ma_tinh,ma_huyen,ma_xa,dia_chi,vi_do,kinh_do");
            QrCheckIns.WriteLine("ma_check_in,ma_dia_diem,so_dien_thoai,ho_ten,thoi_gian");
            Xetnghiem.WriteLine(XetNghiemCsv.Header);
            Truth.WriteLine(TruthHeader);
        }

        public StreamWriter BluezoneUsers { get; }

        public StreamWriter BluezoneEncounters { get; }

        public StreamWriter Ncovi { get; }

        public StreamWriter Vhd { get; }

        public StreamWriter Sskdt { get; }

        public StreamWriter Tiemchung { get; }

        public StreamWriter QrVenues { get; }

        public StreamWriter QrCheckIns { get; }

        public StreamWriter Xetnghiem { get; }

        public StreamWriter Truth { get; }

        public void Dispose()
        {
            foreach (StreamWriter writer in new[] { BluezoneUsers, BluezoneEncounters, Ncovi, Vhd, Sskdt, Tiemchung, QrVenues, QrCheckIns, Xetnghiem, Truth })
            {
                writer.Dispose();
            }
        }
    }

    private sealed class Run(LegacyExportsGenerator generator, Random random, Outputs output, Dictionary<string, long> counts, int seed)
    {
        private static readonly DateTime s_start = new(2020, 4, 1, 8, 0, 0, DateTimeKind.Unspecified);
        private readonly List<string> _venues = [];
        private readonly List<string> _bluezoneIds = [];
        private readonly HashSet<string> _sskdtHouseholds = new(StringComparer.Ordinal);
        private Dictionary<string, List<Human>>? _households;
        private long _serial;
        private bool _firstVhd = true;

        public long Broken { get; private set; }

        public void WriteVenues()
        {
            List<AdministrativeUnit> communes = [.. generator._catalogCommunes.Value];
            for (int i = 0; i < 500; i++)
            {
                AdministrativeUnit commune = communes[random.Next(communes.Count)];
                AdministrativeUnit district = generator.Catalog.FindDistrict(commune.ParentCode!)!;
                string code = string.Create(CultureInfo.InvariantCulture, $"DD{seed:D2}{i:D6}");
                _venues.Add(code);
                string kind = s_venueKinds[random.Next(s_venueKinds.Length)];
                bool located = random.NextDouble() < 0.8;
                output.QrVenues.WriteLine(string.Join(',',
                    code, Csv($"{kind.Replace('_', ' ')} {i}", ','), kind, commune.ProvinceCode, district.Code, commune.Code, Csv($"Số {random.Next(1, 300)} {VietnameseNames.StreetNames[random.Next(VietnameseNames.StreetNames.Length)]}", ','),
                    located ? (8.5 + (random.NextDouble() * 14.5)).ToString("F6", CultureInfo.InvariantCulture) : string.Empty,
                    located ? (102.2 + (random.NextDouble() * 7.2)).ToString("F6", CultureInfo.InvariantCulture) : string.Empty));
            }
        }

        public void Emit(Human h, List<Human> snapshot)
        {
            bool foreigner = h.Nationality != "VNM";
            if (foreigner)
            {
                Vhd(h, entry: true);
                if (random.NextDouble() < 0.5)
                {
                    Xetnghiem(h);
                }

                if (random.NextDouble() < 0.3)
                {
                    Ncovi(h);
                }

                if (random.NextDouble() < 0.3)
                {
                    Qr(h);
                }

                return;
            }

            if (random.NextDouble() < 0.35)
            {
                int declarations = 1 + random.Next(4);
                for (int i = 0; i < declarations; i++)
                {
                    Ncovi(h);
                }
            }

            if (h.Age >= 12 && random.NextDouble() < 0.6)
            {
                Tiemchung(h);
            }

            if (h.Household is { } household && random.NextDouble() < 0.2 && _sskdtHouseholds.Add(household))
            {
                _households ??= snapshot.Where(p => p.Household is not null).GroupBy(p => p.Household!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
                foreach (Human member in _households[household].Take(12))
                {
                    Sskdt(member, h.Phone);
                }
            }
            else if (h.Household is null && random.NextDouble() < 0.2)
            {
                Sskdt(h, h.Phone);
            }

            if (random.NextDouble() < 0.05)
            {
                Vhd(h, entry: random.NextDouble() < 0.2);
            }

            if (random.NextDouble() < 0.25)
            {
                Xetnghiem(h);
            }

            if (h.Age >= 12 && random.NextDouble() < 0.3)
            {
                Qr(h);
            }

            if (h.Age >= 15 && random.NextDouble() < 0.25)
            {
                Bluezone(h);
            }
        }

        public void WriteEncounters()
        {
            for (int i = 0; i < _bluezoneIds.Count / 20; i++)
            {
                string uploader = _bluezoneIds[random.Next(_bluezoneIds.Count)];
                int seen = 1 + random.Next(5);
                for (int s = 0; s < seen; s++)
                {
                    long first = 1_600_000_000L + random.Next(0, 40_000_000);
                    output.BluezoneEncounters.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{uploader},{_bluezoneIds[random.Next(_bluezoneIds.Count)]},{first},{first + random.Next(60, 3600)},{-random.Next(40, 95)},{-random.Next(0, 20)}"));
                }
            }
        }

        private string NextId(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{seed:D2}{++_serial:D10}");

        private void Truth(string source, string id, Human h)
        {
            counts[source] = counts.GetValueOrDefault(source) + 1;
            output.Truth.WriteLine($"{source},{id},{h.CitizenId},{h.Key}");
        }

        private bool BreakRow() => random.NextDouble() < 0.001;

        private DateTime When(int days) => s_start.AddDays(random.Next(0, days)).AddMinutes(random.Next(0, 720));

        private void Ncovi(Human h)
        {
            string id = NextId("TK");
            string name = FaultyName(h.Name, random);
            string? document = h.Nationality != "VNM" ? h.Passport : FaultyId(h, random, twelveOnly: false);
            AdministrativeUnit commune = generator.Catalog.FindCommune(h.Commune)!;
            AdministrativeUnit district = generator.Catalog.FindDistrict(h.District)!;
            AdministrativeUnit province = generator.Catalog.FindProvince(h.Province)!.Unit;
            string symptoms = string.Join(',', Enumerable.Range(0, 12).Select(_ => random.NextDouble() < 0.03 ? "Có" : "Không"));
            string conditions = random.NextDouble() < 0.1 ? s_conditions[random.Next(s_conditions.Length)] + (random.NextDouble() < 0.3 ? ";" + s_conditions[random.Next(s_conditions.Length)] : string.Empty) : string.Empty;
            string line;
            if (BreakRow())
            {
                Broken++;
                line = random.Next(3) switch
                {
                    0 => $"{id},\"{name},{h.BirthYear}",
                    1 => $"{id},{Csv(name, ',')},{h.BirthYear},Nam",
                    _ => $"{id},,{h.BirthYear},{(h.Male ? "Nam" : "Nữ")},{h.Country},,,,,,,,{symptoms},,31/02/2021 08:00",
                };
                output.Ncovi.WriteLine(line);
                return;
            }

            line = string.Join(',',
                id, Csv(name, ','), h.BirthYear.ToString(CultureInfo.InvariantCulture), h.Male ? "Nam" : "Nữ", Csv(h.Country, ','), document ?? string.Empty,
                FaultyPhone(h, random, old: false), random.NextDouble() < 0.2 ? $"user{random.Next(1_000_000)}@example.vn" : string.Empty,
                Csv(PlaceName(province, random), ','), Csv(PlaceName(district, random), ','), Csv(PlaceName(commune, random), ','),
                Csv($"Số {random.Next(1, 200)} {VietnameseNames.StreetNames[random.Next(VietnameseNames.StreetNames.Length)]}", ','),
                symptoms, Csv(conditions, ','), When(600).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture));
            output.Ncovi.WriteLine(line);
            Truth("ncovi", id, h);
        }

        private void Vhd(Human h, bool entry)
        {
            string id = NextId("VHD-");
            bool broken = BreakRow();
            string name = random.NextDouble() < 0.8 ? LegacyExportsGenerator.Fold(h.Name).ToUpperInvariant() : FaultyName(h.Name, random);
            string? dob = h.BirthDay is { } d && random.NextDouble() < 0.9 ? Swap(d, random).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : h.BirthYear.ToString(CultureInfo.InvariantCulture);
            if (broken)
            {
                Broken++;
                if (random.Next(2) == 0)
                {
                    name = string.Empty;
                }
                else
                {
                    dob = "31/02/" + h.BirthYear.ToString(CultureInfo.InvariantCulture);
                }
            }

            string? document = h.Nationality != "VNM" ? h.Passport : FaultyId(h, random, twelveOnly: false);
            DateTime submitted = When(600).AddHours(-7);
            var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                json.WriteString("id", id);
                json.WriteString("type", entry ? "entry" : "domestic");
                json.WriteString("fullName", name);
                json.WriteString("dateOfBirth", dob);
                json.WriteString("gender", h.Male ? "male" : "female");
                json.WriteString("nationality", h.Nationality);
                WriteNullable(json, "documentNumber", document);
                WriteNullable(json, "phone", random.NextDouble() < 0.9 ? FaultyPhone(h, random, old: false) : null);
                WriteNullable(json, "email", random.NextDouble() < 0.3 ? $"traveller{random.Next(1_000_000)}@example.com" : null);
                json.WriteStartObject("transport");
                json.WriteString("kind", entry ? "flight" : new[] { "train", "bus", "car", "ship", "other", "flight" }[random.Next(6)]);
                json.WriteString("number", entry ? $"VN{random.Next(100, 999)}" : null);
                json.WriteString("seat", entry ? $"{random.Next(1, 40)}{(char)('A' + random.Next(6))}" : null);
                json.WriteString("departureDate", submitted.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                json.WriteEndObject();
                json.WriteStartObject("from");
                json.WriteString("country", entry ? (h.Nationality == "VNM" ? "KOR" : h.Nationality) : "VNM");
                WriteNullable(json, "province", entry ? null : "01");
                json.WriteEndObject();
                json.WriteStartObject("to");
                json.WriteString("provinceCode", h.Province);
                json.WriteString("districtCode", h.District);
                json.WriteString("communeCode", h.Commune);
                json.WriteString("address", $"{random.Next(1, 200)} {VietnameseNames.StreetNames[random.Next(VietnameseNames.StreetNames.Length)]}");
                json.WriteEndObject();
                WriteNullable(json, "portOfEntry", entry ? new[] { "SGN", "HAN", "DAD", "Mộc Bài", "Hữu Nghị" }[random.Next(5)] : null);
                json.WriteStartArray("symptoms");
                if (random.NextDouble() < 0.05)
                {
                    json.WriteStringValue(new[] { "fever", "cough", "shortnessOfBreath", "soreThroat", "vomiting", "diarrhoea", "skinBleeding", "rash" }[random.Next(8)]);
                }

                json.WriteEndArray();
                json.WriteStartObject("exposure");
                json.WriteBoolean("animalFarmOrMarket", random.NextDouble() < 0.02);
                json.WriteBoolean("closeContactWithCase", random.NextDouble() < 0.03);
                json.WriteEndObject();
                json.WriteString("submittedAt", submitted.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            output.Vhd.Write(_firstVhd ? "\n" : ",\n");
            _firstVhd = false;
            output.Vhd.Write(Encoding.UTF8.GetString(buffer.ToArray()));
            if (!broken)
            {
                Truth("vhd", id, h);
            }
        }

        private void Sskdt(Human h, string? familyPhone)
        {
            int copies = random.NextDouble() < 0.02 ? 2 : 1;
            for (int c = 0; c < copies; c++)
            {
                string id = NextId("HS");
                string name = FaultyName(h.Name, random);
                string birth = h.BirthDay is { } d && random.NextDouble() >= 0.05
                    ? Swap(d, random).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
                    : "00/00/" + h.BirthYear.ToString(CultureInfo.InvariantCulture);
                double idFault = random.NextDouble();
                string? cccd = idFault < 0.15 ? null : FaultyId(h, random, twelveOnly: true);
                string? cmnd = h.Cmnd is not null && (cccd is null || idFault < 0.4) ? h.Cmnd : null;
                string bhyt = string.Create(CultureInfo.InvariantCulture, $"{(random.Next(2) == 0 ? "GD" : "HS")}{random.Next(1, 6)}{h.Province}{random.NextInt64(1_000_000_000L, 9_999_999_999L)}");
                string phone = RenderPhone(familyPhone ?? h.Phone!, random, old: false);
                (string commune, string district) = generator.MaybeMoved(h, random);
                if (BreakRow())
                {
                    Broken++;
                    output.Sskdt.WriteLine(random.Next(2) == 0 ? $"{id};{Csv(name, ';')};{birth}" : $"{id};;{birth};{(h.Male ? 1 : 2)};{cccd};{cmnd};{bhyt};{phone};{h.Province};{district};{commune};;2021-05-01 10:00:00");
                    continue;
                }

                output.Sskdt.WriteLine(string.Join(';',
                    id, Csv(name, ';'), birth, h.Male ? "1" : "2", cccd, cmnd, bhyt, phone, h.Province, district, commune,
                    Csv($"Số {random.Next(1, 200)} {VietnameseNames.StreetNames[random.Next(VietnameseNames.StreetNames.Length)]}", ';'),
                    When(600).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
                Truth("sskdt", id, h);
            }
        }

        private void Tiemchung(Human h)
        {
            string subject = NextId("DT");
            int doses = 1 + random.Next(3);
            string vaccine = s_vaccines[random.Next(s_vaccines.Length)];
            // Not before the first dose given in Vietnam: the vaccination model refuses earlier dates.
            DateTime first = Domain.Vaccination.Dose.FirstDayInVietnam.ToDateTime(new TimeOnly(8, 0)).AddDays(random.Next(0, 250));
            for (int dose = 1; dose <= doses; dose++)
            {
                if (dose > 1 && random.NextDouble() < 0.02)
                {
                    subject = NextId("DT"); // registered twice on the platform
                }

                string id = NextId("MT");
                string name = FaultyName(h.Name, random);
                string birth = h.BirthDay is { } d && random.NextDouble() >= 0.1 ? Swap(d, random).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : h.BirthYear.ToString(CultureInfo.InvariantCulture);
                string? document = FaultyId(h, random, twelveOnly: false);
                (string commune, string district) = generator.MaybeMoved(h, random);
                string when = first.AddDays((dose - 1) * (28 + random.Next(0, 60))).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
                if (BreakRow())
                {
                    Broken++;
                    output.Tiemchung.WriteLine(random.Next(2) == 0 ? $"{id},{subject},,{birth}" : $"{id},{subject},{Csv(name, ',')},{birth},{(h.Male ? "NAM" : "NU")},{document},,{h.Province},{district},{commune},{dose},{vaccine},L1,32/13/2021,CS1,Trạm y tế,");
                    continue;
                }

                output.Tiemchung.WriteLine(string.Join(',',
                    id, subject, Csv(name, ','), birth, h.Male ? "NAM" : "NU", document, random.NextDouble() < 0.8 ? FaultyPhone(h, random, old: false) : string.Empty,
                    h.Province, district, commune, dose.ToString(CultureInfo.InvariantCulture), vaccine,
                    string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + random.Next(26))}{random.Next(1000, 9999)}"), when,
                    string.Create(CultureInfo.InvariantCulture, $"CS{h.District}{random.Next(1, 20):D2}"), Csv("Trạm y tế " + generator.Catalog.FindCommune(h.Commune)!.Name, ','),
                    random.NextDouble() < 0.05 ? Csv("Sốt nhẹ, đau tại chỗ tiêm", ',') : string.Empty));
                Truth("tiemchung", id, h);
            }
        }

        private void Qr(Human h)
        {
            int checkIns = 1 + random.Next(6);
            for (int i = 0; i < checkIns; i++)
            {
                string id = NextId("CI");
                string name = FaultyName(h.Name, random);
                if (BreakRow())
                {
                    Broken++;
                    output.QrCheckIns.WriteLine(random.Next(2) == 0 ? $"{id},{_venues[random.Next(_venues.Count)]},{h.Phone},\"{name}" : $"{id},{_venues[random.Next(_venues.Count)]},{h.Phone},,2021-13-01 10:00:00");
                    continue;
                }

                output.QrCheckIns.WriteLine(string.Join(',', id, _venues[random.Next(_venues.Count)], FaultyPhone(h, random, old: false), Csv(name, ','),
                    When(600).AddDays(300).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
                Truth("qr", id, h);
            }
        }

        private void Xetnghiem(Human h)
        {
            int samples = 1 + (random.NextDouble() < 0.3 ? 1 : 0);
            for (int i = 0; i < samples; i++)
            {
                string id = NextId("M");
                string name = FaultyName(h.Name, random);
                string? document = h.Nationality != "VNM" ? h.Passport : FaultyId(h, random, twelveOnly: false);
                DateTime sampled = When(600).AddDays(200);
                bool pcr = random.NextDouble() < 0.6;
                bool positive = random.NextDouble() < 0.03;
                string ct = pcr && positive ? "\"" + (15 + (random.NextDouble() * 20)).ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',') + "\"" : string.Empty;
                if (BreakRow())
                {
                    Broken++;
                    output.Xetnghiem.WriteLine($"{id},,{Csv(name, ',')},{h.BirthYear},{(h.Male ? "Nam" : "Nữ")},,,{h.Province},RT-PCR,Âm tính,,31/02/2021 08:00,01/03/2021 10:00,1");
                    continue;
                }

                output.Xetnghiem.WriteLine(string.Join(',',
                    id, string.Empty, Csv(name, ','), h.BirthYear.ToString(CultureInfo.InvariantCulture), h.Male ? "Nam" : "Nữ", document,
                    random.NextDouble() < 0.7 ? FaultyPhone(h, random, old: false) : string.Empty, h.Province,
                    pcr ? "RT-PCR" : "Test nhanh kháng nguyên", positive ? "Dương tính" : "Âm tính", ct,
                    sampled.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture), sampled.AddHours(pcr ? 8 : 0.5).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture), "1"));
                Truth("xetnghiem", id, h);
            }
        }

        private void Bluezone(Human h)
        {
            int installs = random.NextDouble() < 0.05 ? 2 : 1;
            for (int i = 0; i < installs; i++)
            {
                string id = BluezoneId();
                bool later = random.NextDouble() < 0.4;
                string phone = h.PreviousPhone is not null && random.NextDouble() < 0.5
                    ? RenderPhone(h.PreviousPhone, random, old: true)
                    : FaultyPhone(h, random, old: true);
                DateTime registered = s_start.AddDays(random.Next(0, 300)).AddMinutes(random.Next(0, 1440));
                if (BreakRow())
                {
                    Broken++;
                    output.BluezoneUsers.WriteLine($"{id},{phone}");
                    continue;
                }

                output.BluezoneUsers.WriteLine(string.Join(',', id, phone, registered.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "+07:00",
                    later ? Csv(FaultyName(h.Name, random), ',') : string.Empty,
                    later && random.NextDouble() < 0.7 ? h.BirthYear.ToString(CultureInfo.InvariantCulture) : string.Empty,
                    later && random.NextDouble() < 0.3 ? FaultyId(h, random, twelveOnly: false) : string.Empty));
                _bluezoneIds.Add(id);
                Truth("bluezone", id, h);
            }
        }

        private string BluezoneId()
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            Span<char> id = stackalloc char[6];
            long n = (++_serial * 48_271L) % 2_176_782_336L; // 36^6, a scattered bijection of the serial
            for (int i = 5; i >= 0; i--)
            {
                id[i] = alphabet[(int)(n % 36)];
                n /= 36;
            }

            return new string(id);
        }

        private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
        {
            if (value is null)
            {
                json.WriteNull(name);
            }
            else
            {
                json.WriteString(name, value);
            }
        }
    }

    private AdministrativeCatalog Catalog => catalog;

    private readonly Lazy<List<AdministrativeUnit>> _catalogCommunes = new(() =>
        [.. catalog.Provinces.SelectMany(p => catalog.ChildrenOf(p.Unit.Code)).SelectMany(d => catalog.ChildrenOf(d.Code))]);

    /// <summary>§9 name faults: capitals or lower case, diacritics dropped wholly or partly, NFD, spaces, given name first, a typo, Hoàng/Huỳnh and Vũ/Võ, Đ typed as D.</summary>
    private static string FaultyName(string name, Random random)
    {
        string[] words = name.Split(' ');
        if (words[0] is "Hoàng" or "Huỳnh" or "Vũ" or "Võ" && random.NextDouble() < 0.2)
        {
            words[0] = words[0] switch { "Hoàng" => "Huỳnh", "Huỳnh" => "Hoàng", "Vũ" => "Võ", _ => "Vũ" };
        }

        if (words.Length >= 3 && random.NextDouble() < 0.02)
        {
            words = [words[^1], .. words[..^1]];
        }

        if (random.NextDouble() < 0.015)
        {
            int w = random.Next(words.Length);
            if (words[w].Length > 2)
            {
                char[] letters = words[w].ToCharArray();
                int at = 1 + random.Next(letters.Length - 1);
                letters[at] = "aeinotuhgc"[random.Next(10)];
                words[w] = new string(letters);
            }
        }

        string result = string.Join(' ', words);
        double accents = random.NextDouble();
        if (accents < 0.12)
        {
            result = Fold(result);
        }
        else if (accents < 0.16)
        {
            result = string.Join(' ', result.Split(' ').Select(w => random.Next(2) == 0 ? Fold(w) : w));
        }
        else if (accents < 0.19)
        {
            result = result.Replace('Đ', 'D').Replace('đ', 'd');
        }

        double casing = random.NextDouble();
        result = casing < 0.10 ? result.ToUpper(CultureInfo.GetCultureInfo("vi-VN")) : casing < 0.14 ? result.ToLower(CultureInfo.GetCultureInfo("vi-VN")) : result;
        if (random.NextDouble() < 0.05)
        {
            result = result.Normalize(NormalizationForm.FormD);
        }

        double spaces = random.NextDouble();
        return spaces < 0.02 ? result.Replace(" ", "  ", StringComparison.Ordinal) : spaces < 0.04 ? result + " " : result;
    }

    /// <summary>§9 ID faults: missing, the old CMND, one wrong digit, leading zeros lost; minors often without.</summary>
    private static string? FaultyId(Human h, Random random, bool twelveOnly)
    {
        if (h.CitizenId is null)
        {
            return h.Passport;
        }

        double fault = random.NextDouble();
        if ((h.Age < 14 && fault < 0.7) || fault < 0.08)
        {
            return null;
        }

        if (!twelveOnly && h.Cmnd is not null && fault < 0.16)
        {
            return h.Cmnd;
        }

        if (fault < 0.17)
        {
            char[] digits = h.CitizenId.ToCharArray();
            int at = 6 + random.Next(6);
            digits[at] = (char)('0' + ((digits[at] - '0' + 1 + random.Next(9)) % 10));
            return new string(digits);
        }

        return fault < 0.20 ? h.CitizenId.TrimStart('0') : h.CitizenId;
    }

    private static string FaultyPhone(Human h, Random random, bool old) => RenderPhone(h.Phone!, random, old);

    /// <summary>§9 phone forms: 0…, +84…, 84…, spaced, dotted, and the old 11-digit number where the prefix was converted in 2018.</summary>
    private static string RenderPhone(string phone, Random random, bool old)
    {
        if (phone.Length == 10 && s_newToOldPrefix.TryGetValue(phone[..3], out string? oldPrefix) && random.NextDouble() < (old ? 0.5 : 0.1))
        {
            phone = oldPrefix + phone[3..];
        }

        return random.Next(10) switch
        {
            0 or 1 => "+84" + phone[1..],
            2 => "84" + phone[1..],
            3 => phone.Length == 10 ? $"{phone[..4]} {phone[4..7]} {phone[7..]}" : phone,
            4 => phone.Length == 10 ? $"{phone[..4]}.{phone[4..7]}.{phone[7..]}" : phone,
            _ => phone,
        };
    }

    /// <summary>Birth day and month swapped (both ≤ 12) in about 2 % of records.</summary>
    private static DateOnly Swap(DateOnly date, Random random) =>
        date.Day <= 12 && date.Day != date.Month && random.NextDouble() < 0.02 ? new DateOnly(date.Year, date.Day, date.Month) : date;

    /// <summary>A person who has moved (3 %): another commune of the same province.</summary>
    private (string Commune, string District) MaybeMoved(Human h, Random random)
    {
        if (random.NextDouble() >= 0.03)
        {
            return (h.Commune, h.District);
        }

        IReadOnlyList<AdministrativeUnit> districts = catalog.ChildrenOf(h.Province);
        AdministrativeUnit district = districts[random.Next(districts.Count)];
        IReadOnlyList<AdministrativeUnit> communes = catalog.ChildrenOf(district.Code);
        return communes.Count == 0 ? (h.Commune, h.District) : (communes[random.Next(communes.Count)].Code, district.Code);
    }

    /// <summary>§9 address names: with or without the type word, Hoà/Hòa, sometimes without diacritics.</summary>
    private static string PlaceName(AdministrativeUnit unit, Random random)
    {
        string name = random.NextDouble() < 0.5 ? unit.Name : unit.ShortName;
        double fault = random.NextDouble();
        return fault < 0.1 ? Fold(name) : fault < 0.15 ? name.Replace("Hòa", "Hoà", StringComparison.Ordinal).Replace("Thủy", "Thuỷ", StringComparison.Ordinal) : name;
    }

    /// <summary>Diacritics dropped, đ → d, case kept.</summary>
    internal static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c switch { 'Đ' => 'D', 'đ' => 'd', _ => c });
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static string Csv(string? value, char delimiter)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return value.AsSpan().IndexOfAny([delimiter, '"', '\r', '\n']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
