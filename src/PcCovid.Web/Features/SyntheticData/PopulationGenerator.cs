using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.People;

namespace PcCovid.Web.Features.SyntheticData;

// CA5394 flags System.Random as insecure. The generator needs the opposite of a secure generator: a
// seeded, repeatable one, so that the same seed writes the same bytes. Nothing it draws is a secret.
#pragma warning disable CA5394

/// <summary>
/// Writes a synthetic <c>dan-cu</c> population snapshot (legacy-sources.md §0) of a realistic Vietnam:
/// households of realistic size and make-up spread over the 63 provinces by their 2019 census
/// population, an age pyramid like 2019–2021, names by real frequency, valid and unique citizen IDs.
/// The snapshot is clean: it stands for the authoritative registry, so it carries none of the faults
/// of legacy-sources.md §9. The same seed always writes the same bytes, and a smaller file is a prefix
/// of a larger one with the same seed.
/// </summary>
/// <remarks>
/// Ages come from household templates. A pool of households (head, spouse, children, the head's
/// parents, grandchildren …, with plausible ages relative to each other) is drawn first, then weighted
/// by iterative proportional updating so that the people in it follow the census age pyramid and the
/// households the census size distribution; every household written is a weighted draw from that pool,
/// then placed, named and numbered afresh. Memory stays flat at any size: people are written household
/// by household and only counters are kept.
/// </remarks>
public sealed class PopulationGenerator
{
    private const int MaxHouseholdSize = 8;
    private const int MaxAge = 100;
    private const int ProgressInterval = 10_000;
    private const int TemplateHouseholds = 40_000;

    // Output is gathered into blocks of this size before it reaches the stream: a few hundred large
    // writes instead of one per line, which is what a BufferedStream would give, without a second copy.
    private const int FlushBytes = 256 * 1024;

    // Vietnam 2019–2021 in 5-year bands, 0–4 … 75–79, then 80+ (per cent; census 2019, rounded).
    private static readonly double[] s_ageBandShares =
        [8.0, 8.5, 7.6, 6.8, 7.0, 8.0, 8.2, 7.8, 7.2, 6.5, 5.8, 5.0, 4.2, 3.0, 2.0, 1.3, 1.6];

    // Households of 1 … 8 people (per cent; mean ≈ 3.6, census 2019 about 3.5; larger ones are rare
    // and are folded into 8).
    private static readonly double[] s_householdSizeShares = [10.0, 17.0, 21.0, 27.0, 14.0, 6.5, 3.0, 1.5];

    // The snapshot is dated by the administrative catalogue it is coded against, never by the clock,
    // so that a seed always gives the same ages.
    private static readonly DateOnly s_snapshotDate = new(2021, 11, 1);

    // Someone aged a on the snapshot date was born between the day after the (a + 1)th anniversary
    // and the a-th one, counted back from the snapshot date.
    private static readonly int[] s_latestBirthDay = BirthDays(latest: true);
    private static readonly int[] s_birthDaysInYear = BirthDaySpans();

    // Mobile prefixes after the 2018 renumbering (domain-rules.md §4.4), weighted by carrier:
    // Viettel about half the market, VinaPhone and MobiFone a fifth each, Vietnamobile the rest.
    // MobiFone's 089 is allocated only from 0896 to 0899 (libphonenumber's VN mobile pattern), so
    // it is listed by its four-digit blocks.
    private static readonly string[] s_phonePrefixes =
    [
        "032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098",
        "088", "091", "094", "081", "082", "083", "084", "085",
        "0896", "0897", "0898", "0899", "090", "093", "070", "076", "077", "078", "079",
        "056", "058",
    ];

    private static readonly double[] s_phonePrefixCumulative = Cumulative(
    [
        4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5,
        2.75, 2.75, 2.75, 2.75, 2.75, 2.75, 2.75, 2.75,
        0.625, 0.625, 0.625, 0.625, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5,
        2.0, 2.0,
    ]);

    // The first two digits of a 9-digit CMND name the issuing province's police (domain-rules.md §4.2).
    // Recalled from the published table, not verified; several provinces share a prefix, which is why
    // the serial counters below are kept per prefix.
    private static readonly Dictionary<string, int> s_cmndPrefixByProvince = new(StringComparer.Ordinal)
    {
        ["01"] = 1, ["02"] = 7, ["04"] = 8, ["06"] = 9, ["08"] = 7, ["10"] = 6, ["11"] = 4, ["12"] = 4,
        ["14"] = 5, ["15"] = 6, ["17"] = 11, ["19"] = 9, ["20"] = 8, ["22"] = 10, ["24"] = 12, ["25"] = 13,
        ["26"] = 13, ["27"] = 12, ["30"] = 14, ["31"] = 3, ["33"] = 14, ["34"] = 15, ["35"] = 16, ["36"] = 16,
        ["37"] = 16, ["38"] = 17, ["40"] = 18, ["42"] = 18, ["44"] = 19, ["45"] = 19, ["46"] = 19, ["48"] = 20,
        ["49"] = 20, ["51"] = 21, ["52"] = 21, ["54"] = 22, ["56"] = 22, ["58"] = 26, ["60"] = 26, ["62"] = 23,
        ["64"] = 23, ["66"] = 24, ["67"] = 24, ["68"] = 25, ["70"] = 28, ["72"] = 29, ["74"] = 28, ["75"] = 27,
        ["77"] = 27, ["79"] = 2, ["80"] = 30, ["82"] = 31, ["83"] = 32, ["84"] = 33, ["86"] = 33, ["87"] = 34,
        ["89"] = 35, ["91"] = 37, ["92"] = 36, ["93"] = 36, ["94"] = 36, ["95"] = 38, ["96"] = 38,
    };

    private static readonly double[] s_familyNorth = Cumulative(VietnameseNames.FamilyNames.Select(n => n.North).ToArray());
    private static readonly double[] s_familySouth = Cumulative(VietnameseNames.FamilyNames.Select(n => n.South).ToArray());
    private static readonly double[] s_maleMiddle = Cumulative(VietnameseNames.MaleMiddleNames.Select(n => n.Weight).ToArray());
    private static readonly double[] s_femaleMiddle = Cumulative(VietnameseNames.FemaleMiddleNames.Select(n => n.Weight).ToArray());
    private static readonly double[] s_maleGivenOlder = Cumulative(VietnameseNames.MaleGivenNames.Select(n => n.Older).ToArray());
    private static readonly double[] s_maleGivenYounger = Cumulative(VietnameseNames.MaleGivenNames.Select(n => n.Younger).ToArray());
    private static readonly double[] s_femaleGivenOlder = Cumulative(VietnameseNames.FemaleGivenNames.Select(n => n.Older).ToArray());
    private static readonly double[] s_femaleGivenYounger = Cumulative(VietnameseNames.FemaleGivenNames.Select(n => n.Younger).ToArray());

    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        // Vietnamese is written as UTF-8, not as \u escapes; the file is data, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonEncodedText s_soDinhDanh = JsonEncodedText.Encode("so_dinh_danh");
    private static readonly JsonEncodedText s_soCmnd = JsonEncodedText.Encode("so_cmnd");
    private static readonly JsonEncodedText s_hoTen = JsonEncodedText.Encode("ho_ten");
    private static readonly JsonEncodedText s_ngaySinh = JsonEncodedText.Encode("ngay_sinh");
    private static readonly JsonEncodedText s_gioiTinh = JsonEncodedText.Encode("gioi_tinh");
    private static readonly JsonEncodedText s_quocTich = JsonEncodedText.Encode("quoc_tich");
    private static readonly JsonEncodedText s_maTinh = JsonEncodedText.Encode("ma_tinh");
    private static readonly JsonEncodedText s_maHuyen = JsonEncodedText.Encode("ma_huyen");
    private static readonly JsonEncodedText s_maXa = JsonEncodedText.Encode("ma_xa");
    private static readonly JsonEncodedText s_diaChi = JsonEncodedText.Encode("dia_chi");
    private static readonly JsonEncodedText s_maHo = JsonEncodedText.Encode("ma_ho");
    private static readonly JsonEncodedText s_quanHeChuHo = JsonEncodedText.Encode("quan_he_chu_ho");
    private static readonly JsonEncodedText s_soDienThoai = JsonEncodedText.Encode("so_dien_thoai");
    private static readonly JsonEncodedText s_male = JsonEncodedText.Encode("Nam", JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
    private static readonly JsonEncodedText s_female = JsonEncodedText.Encode("Nữ", JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
    private static readonly JsonEncodedText s_vietnam = JsonEncodedText.Encode("VNM");
    private static readonly JsonEncodedText[] s_relationTexts = Enum.GetValues<HouseholdRelation>()
        .OrderBy(r => (int)r)
        .Select(r => JsonEncodedText.Encode(HouseholdRelations.ToVietnamese(r), JavaScriptEncoder.UnsafeRelaxedJsonEscaping))
        .ToArray();

    private readonly ProvinceData[] _provinces;
    private readonly double[] _provinceCumulative;
    private readonly string[] _districtCodes;

    public PopulationGenerator(AdministrativeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var provinces = new List<ProvinceData>();
        var districtCodes = new List<string>();
        foreach (ProvinceInfo info in catalog.Provinces.OrderBy(p => p.Unit.Code, StringComparer.Ordinal))
        {
            string code = info.Unit.Code;
            var communes = new List<CommuneData>();
            foreach (AdministrativeUnit district in catalog.ChildrenOf(code))
            {
                int districtIndex = districtCodes.Count;
                districtCodes.Add(district.Code);
                foreach (AdministrativeUnit commune in catalog.ChildrenOf(district.Code))
                {
                    communes.Add(new CommuneData(JsonEncodedText.Encode(commune.Code), districtIndex, KindOf(commune.TypeName)));
                }
            }

            if (communes.Count == 0 || info.Population2019 <= 0)
            {
                throw new ArgumentException($"Province {code} has no communes or no population in the catalogue.", nameof(catalog));
            }

            int number = int.Parse(code, NumberStyles.None, CultureInfo.InvariantCulture);
            provinces.Add(new ProvinceData(
                code,
                JsonEncodedText.Encode(code),
                info.CitizenIdCode,
                s_cmndPrefixByProvince.GetValueOrDefault(code, number),
                SouthOfGianh: number >= 44,
                StyleOf(number),
                LaneWordOf(number),
                info.Population2019,
                communes.ToArray()));
        }

        if (provinces.Count == 0)
        {
            throw new ArgumentException("The catalogue has no provinces.", nameof(catalog));
        }

        _provinces = provinces.ToArray();
        _provinceCumulative = Cumulative(_provinces.Select(p => (double)p.Population).ToArray());
        _districtCodes = districtCodes.ToArray();
    }

    /// <summary>
    /// Writes exactly <paramref name="people"/> lines of <c>dan-cu</c> JSON Lines (UTF-8, no BOM, LF)
    /// and returns the number written. The stream is flushed, not closed. The last household may be
    /// cut short to hit the count exactly; its head is always written first.
    /// </summary>
    public long Write(Stream output, int people, int seed, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(people);
        var random = new Random(seed);
        HouseholdTemplates templates = HouseholdTemplates.Build(random, TemplateHouseholds);
        var run = new GenerationRun(this, random, templates, output);
        long written = run.Write(people, progress);
        output.Flush();
        return written;
    }

    /// <summary>The number of phones a sequence array must hold (one counter per mobile prefix).</summary>
    internal static int MobilePrefixCount => s_phonePrefixes.Length;

    /// <summary>
    /// Writes a 10-digit mobile number (carrier shares of the market) into <paramref name="phone"/>:
    /// distinct numbers per <paramref name="sequence"/>, scattered. Shared with the legacy generator.
    /// </summary>
    internal static void WriteMobile(Random random, int[] sequence, Span<char> phone)
    {
        int prefix = PickIndex(s_phonePrefixCumulative, random);
        string prefixText = s_phonePrefixes[prefix];
        long numbers = prefixText.Length == 3 ? 10_000_000 : 1_000_000;
        long counter = sequence[prefix]++ % numbers;

        // A bijection again (2,718,281 is coprime with 10^6 and 10^7): distinct numbers, scattered.
        long subscriber = ((counter * 2_718_281L) + 3_141_592L + (prefix * 1_000_003L)) % numbers;
        prefixText.CopyTo(phone);
        for (int i = phone.Length - 1; i >= prefixText.Length; i--)
        {
            phone[i] = (char)('0' + (subscriber % 10));
            subscriber /= 10;
        }
    }

    private static int PickIndex(double[] cumulative, Random random)
    {
        double target = random.NextDouble() * cumulative[^1];
        int low = 0;
        int high = cumulative.Length - 1;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] > target)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    private static double[] Cumulative(double[] weights)
    {
        var cumulative = new double[weights.Length];
        double total = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            cumulative[i] = total;
        }

        return cumulative;
    }

    private static int[] BirthDays(bool latest)
    {
        var days = new int[MaxAge + 1];
        for (int age = 0; age <= MaxAge; age++)
        {
            days[age] = latest
                ? s_snapshotDate.AddYears(-age).DayNumber
                : s_snapshotDate.AddYears(-age - 1).AddDays(1).DayNumber;
        }

        return days;
    }

    private static int[] BirthDaySpans()
    {
        int[] latest = BirthDays(latest: true);
        int[] earliest = BirthDays(latest: false);
        var spans = new int[MaxAge + 1];
        for (int age = 0; age <= MaxAge; age++)
        {
            spans[age] = latest[age] - earliest[age] + 1;
        }

        return spans;
    }

    private static CommuneKind KindOf(string communeType) => communeType switch
    {
        "Phường" => CommuneKind.Ward,
        "Thị trấn" => CommuneKind.Town,
        _ => CommuneKind.Rural,
    };

    // Highland provinces name their villages bản (north) or buôn/làng (Central Highlands); the south
    // calls its hamlets ấp; the rest of the country thôn and xóm.
    private static AddressStyle StyleOf(int province) => province switch
    {
        2 or 4 or 6 or 8 or 10 or 11 or 12 or 14 or 15 or 17 or 20 => AddressStyle.NorthernHighlands,
        <= 37 => AddressStyle.North,
        62 or 64 or 66 or 67 => AddressStyle.CentralHighlands,
        < 70 => AddressStyle.Central,
        _ => AddressStyle.South,
    };

    // A lane is a ngõ in the north, a kiệt around Huế and Đà Nẵng, a hẻm further south.
    private static string LaneWordOf(int province) => province switch
    {
        <= 44 => "ngõ",
        <= 49 => "kiệt",
        _ => "hẻm",
    };

    private enum AddressStyle
    {
        North,
        NorthernHighlands,
        Central,
        CentralHighlands,
        South,
    }

    private enum CommuneKind
    {
        Rural,
        Town,
        Ward,
    }

    private sealed record ProvinceData(
        string Code,
        JsonEncodedText CodeText,
        string CitizenIdCode,
        int CmndPrefix,
        bool SouthOfGianh,
        AddressStyle Style,
        string LaneWord,
        long Population,
        CommuneData[] Communes);

    private readonly record struct CommuneData(JsonEncodedText Code, int DistrictIndex, CommuneKind Kind);

    /// <summary>
    /// The pool of household templates with their calibrated weights, stored column-wise so that a
    /// draw touches a few bytes.
    /// </summary>
    private sealed class HouseholdTemplates
    {
        private readonly int[] _start;
        private readonly double[] _cumulativeWeight;

        private HouseholdTemplates(int[] start, HouseholdRelation[] relations, Sex[] sexes, byte[] ages, byte[] nameSlots, double[] weights)
        {
            _start = start;
            Relations = relations;
            Sexes = sexes;
            Ages = ages;
            NameSlots = nameSlots;
            _cumulativeWeight = Cumulative(weights);
        }

        public HouseholdRelation[] Relations { get; }

        public Sex[] Sexes { get; }

        public byte[] Ages { get; }

        /// <summary>Members with the same slot share a family name (a father and his children).</summary>
        public byte[] NameSlots { get; }

        public static HouseholdTemplates Build(Random random, int households)
        {
            var builder = new TemplateBuilder(random);
            for (int i = 0; i < households; i++)
            {
                builder.AddHousehold();
            }

            int[] start = builder.Starts.ToArray();
            byte[] ages = builder.Ages.ToArray();
            double[] weights = Calibrate(start, ages);
            return new HouseholdTemplates(start, builder.Relations.ToArray(), builder.Sexes.ToArray(), ages, builder.Slots.ToArray(), weights);
        }

        public int Pick(Random random) => PickIndex(_cumulativeWeight, random);

        public int Start(int template) => _start[template];

        public int End(int template) => _start[template + 1];

        /// <summary>
        /// Iterative proportional updating (Ye et al., 2009): household weights are scaled in turn so
        /// that the weighted households match the size distribution and the weighted people in them
        /// match each age band, until no constraint is off by more than 0.01 %.
        /// </summary>
        private static double[] Calibrate(int[] start, byte[] ages)
        {
            int households = start.Length - 1;
            int bands = s_ageBandShares.Length;
            var bandCounts = new int[households * bands];
            var sizes = new int[households];
            for (int h = 0; h < households; h++)
            {
                sizes[h] = start[h + 1] - start[h];
                for (int m = start[h]; m < start[h + 1]; m++)
                {
                    bandCounts[(h * bands) + Math.Min(ages[m] / 5, bands - 1)]++;
                }
            }

            // Sparse form: for each constraint, the households it touches and how many people each adds.
            var members = new List<(int Household, int Count)>[MaxHouseholdSize + bands];
            for (int c = 0; c < members.Length; c++)
            {
                members[c] = [];
            }

            for (int h = 0; h < households; h++)
            {
                members[sizes[h] - 1].Add((h, 1));
                for (int b = 0; b < bands; b++)
                {
                    int count = bandCounts[(h * bands) + b];
                    if (count > 0)
                    {
                        members[MaxHouseholdSize + b].Add((h, count));
                    }
                }
            }

            double sizeTotal = s_householdSizeShares.Sum();
            double meanSize = 0;
            for (int s = 0; s < MaxHouseholdSize; s++)
            {
                meanSize += (s + 1) * s_householdSizeShares[s] / sizeTotal;
            }

            double bandTotal = s_ageBandShares.Sum();
            var targets = new double[members.Length];
            for (int s = 0; s < MaxHouseholdSize; s++)
            {
                targets[s] = households * s_householdSizeShares[s] / sizeTotal;
            }

            for (int b = 0; b < bands; b++)
            {
                targets[MaxHouseholdSize + b] = households * meanSize * s_ageBandShares[b] / bandTotal;
            }

            var weights = new double[households];
            Array.Fill(weights, 1.0);
            for (int iteration = 0; iteration < 500; iteration++)
            {
                double worst = 0;
                for (int c = 0; c < members.Length; c++)
                {
                    List<(int Household, int Count)> touched = members[c];
                    double sum = 0;
                    foreach ((int household, int count) in touched)
                    {
                        sum += weights[household] * count;
                    }

                    if (sum <= 0)
                    {
                        // The pool has no household of this size or nobody of this age: nothing to scale.
                        continue;
                    }

                    double ratio = targets[c] / sum;
                    worst = Math.Max(worst, Math.Abs(ratio - 1));
                    foreach ((int household, int _) in touched)
                    {
                        weights[household] *= ratio;
                    }
                }

                if (worst < 1e-4)
                {
                    break;
                }
            }

            return weights;
        }
    }

    /// <summary>
    /// Draws household templates: who lives together and how old each is relative to the others.
    /// The shares of each kind are judgement; calibration then corrects the sizes and ages overall.
    /// </summary>
    private sealed class TemplateBuilder(Random random)
    {
        private int _size;
        private int _nextSlot;
        private int _headAge;

        public List<int> Starts { get; } = [0];

        public List<HouseholdRelation> Relations { get; } = [];

        public List<Sex> Sexes { get; } = [];

        public List<byte> Ages { get; } = [];

        public List<byte> Slots { get; } = [];

        public void AddHousehold()
        {
            _size = 0;
            _nextSlot = 1;
            double kind = random.NextDouble();
            if (kind < 0.10)
            {
                LivingAlone();
            }
            else if (kind < 0.22)
            {
                Couple();
            }
            else if (kind < 0.60)
            {
                CoupleWithChildren();
            }
            else if (kind < 0.67)
            {
                SingleParent();
            }
            else if (kind < 0.79)
            {
                WithHeadsParents();
            }
            else if (kind < 0.91)
            {
                WithMarriedChild();
            }
            else if (kind < 0.94)
            {
                GrandparentsAndGrandchildren();
            }
            else
            {
                SiblingsOrLodgers();
            }

            // Any kind of household sometimes also holds a sibling of the head, or someone recorded
            // as Khác (a relative by marriage, a helper, a lodger).
            if (random.NextDouble() < 0.02)
            {
                Sibling();
            }

            if (random.NextDouble() < 0.015)
            {
                Add(HouseholdRelation.Other, AnySex(0.5), Between(15, 75), NewSlot());
            }

            Starts.Add(Relations.Count);
        }

        private void LivingAlone()
        {
            // Young people who left home for work or study, and older people, mostly widows.
            if (random.NextDouble() < 0.4)
            {
                Head(AnySex(0.58), Between(18, 40));
            }
            else
            {
                Head(AnySex(0.32), Triangular(50, 72, 98));
            }
        }

        private void Couple()
        {
            // Newly married couples before the first child, and couples whose children have left.
            int husband = random.NextDouble() < 0.35 ? Between(20, 36) : Triangular(45, 64, 95);
            int wife = Math.Max(18, husband - SpouseGap());
            _ = AddCouple(husband, wife, headIsMale: random.NextDouble() < 0.88);
        }

        private void CoupleWithChildren()
        {
            int children = ChildCount();
            int eldest = random.NextDouble() < 0.85 ? Between(0, 25) : Between(26, 35);
            int mother = eldest + MotherAgeAtFirstBirth();
            int father = Math.Max(eldest + 18, mother + SpouseGap());
            int childrenSlot = AddCouple(Math.Min(father, MaxAge), mother, headIsMale: random.NextDouble() < 0.85);
            AddChildren(HouseholdRelation.Child, eldest, children, childrenSlot);
        }

        private void SingleParent()
        {
            bool isMother = random.NextDouble() < 0.78;
            double u = random.NextDouble();
            int children = u < 0.5 ? 1 : u < 0.85 ? 2 : 3;
            int eldest = random.NextDouble() < 0.7 ? Between(0, 25) : Between(26, 45);
            int parent = eldest + MotherAgeAtFirstBirth() + (isMother ? 0 : Between(0, 6));
            Head(isMother ? Sex.Female : Sex.Male, Math.Min(parent, MaxAge));

            // Children carry their father's name; an absent father still gave it, so a mother's
            // children usually have a name of their own.
            int slot = !isMother || random.NextDouble() < 0.15 ? 0 : NewSlot();
            AddChildren(HouseholdRelation.Child, eldest, children, slot);
        }

        private void WithHeadsParents()
        {
            bool isMale = random.NextDouble() < 0.85;
            int head = Triangular(24, 36, 58);
            if (random.NextDouble() < 0.85)
            {
                int spouse = isMale ? Math.Max(18, head - SpouseGap()) : Math.Max(18, head + SpouseGap());
                int childrenSlot = isMale
                    ? AddCouple(head, spouse, headIsMale: true)
                    : AddCouple(spouse, head, headIsMale: false);
                int eldest = Math.Min((isMale ? spouse : head) - MotherAgeAtFirstBirth(), (isMale ? head : spouse) - 18);
                double u = random.NextDouble();
                int children = u < 0.15 ? 0 : u < 0.45 ? 1 : u < 0.85 ? 2 : 3;
                if (eldest >= 0 && children > 0)
                {
                    AddChildren(HouseholdRelation.Child, eldest, children, childrenSlot);
                }
            }
            else
            {
                Head(isMale ? Sex.Male : Sex.Female, head);
            }

            // The head's parents, most often a widowed mother; the father shares the head's name.
            int mother = head + Triangular(18, 26, 42);
            int father = Math.Max(head + 18, mother + SpouseGap());
            double which = random.NextDouble();
            if ((which < 0.40 || which >= 0.85) && father <= MaxAge)
            {
                Add(HouseholdRelation.Father, Sex.Male, father, 0);
            }

            if (which < 0.85 && mother <= MaxAge)
            {
                Add(HouseholdRelation.Mother, Sex.Female, mother, NewSlot());
            }

            // A young head sometimes keeps a grandparent at home as well.
            if (head < 35 && random.NextDouble() < 0.12)
            {
                int grandparent = mother + Triangular(18, 25, 38);
                if (grandparent <= MaxAge)
                {
                    if (random.NextDouble() < 0.7)
                    {
                        Add(HouseholdRelation.Grandmother, Sex.Female, grandparent, NewSlot());
                    }
                    else
                    {
                        Add(HouseholdRelation.Grandfather, Sex.Male, Math.Min(MaxAge, grandparent + 2), 0);
                    }
                }
            }
        }

        private void WithMarriedChild()
        {
            // Three generations under an older head: a married child (most often a son) with their
            // spouse and children. The 13 relations have no in-law term, so the spouse is Khác.
            bool isSon = random.NextDouble() < 0.85;
            int child = Triangular(22, 32, 50);
            int inLaw = Math.Max(18, isSon ? child - SpouseGap() : child + SpouseGap());
            int headWife = child + Triangular(18, 26, 40);
            int headHusband = Math.Max(child + 18, headWife + SpouseGap());
            bool widowed = random.NextDouble() < 0.22 || headHusband > MaxAge;
            int lineSlot;
            if (!widowed)
            {
                lineSlot = AddCouple(headHusband, Math.Min(headWife, MaxAge), headIsMale: random.NextDouble() < 0.9);
            }
            else if (random.NextDouble() < 0.75 || headHusband > MaxAge)
            {
                Head(Sex.Female, Math.Min(headWife, MaxAge));
                lineSlot = NewSlot();
            }
            else
            {
                Head(Sex.Male, headHusband);
                lineSlot = 0;
            }

            Add(HouseholdRelation.Child, isSon ? Sex.Male : Sex.Female, child, lineSlot);
            int inLawSlot = NewSlot();
            Add(HouseholdRelation.Other, isSon ? Sex.Female : Sex.Male, inLaw, inLawSlot);
            if (random.NextDouble() < 0.25)
            {
                Add(HouseholdRelation.Child, AnySex(0.5), Math.Max(12, child - Between(2, 10)), lineSlot);
            }

            double u = random.NextDouble();
            int grandchildren = u < 0.08 ? 0 : u < 0.43 ? 1 : u < 0.85 ? 2 : 3;
            int eldest = Math.Min((isSon ? inLaw : child) - MotherAgeAtFirstBirth(), (isSon ? child : inLaw) - 18);
            if (eldest >= 0 && grandchildren > 0)
            {
                AddChildren(HouseholdRelation.Grandchild, eldest, grandchildren, isSon ? lineSlot : inLawSlot);
            }
        }

        private void GrandparentsAndGrandchildren()
        {
            // Grandparents raising grandchildren whose parents work in the cities or abroad.
            int grandmother = Triangular(48, 60, 82);
            int grandfather = grandmother + SpouseGap();
            int lineSlot;
            if (random.NextDouble() < 0.6 && grandfather <= MaxAge)
            {
                lineSlot = AddCouple(grandfather, grandmother, headIsMale: random.NextDouble() < 0.85);
            }
            else if (random.NextDouble() < 0.3 && grandfather <= MaxAge)
            {
                Head(Sex.Male, grandfather);
                lineSlot = 0;
            }
            else
            {
                Head(Sex.Female, grandmother);
                lineSlot = NewSlot();
            }

            // A son's children carry the grandfather's name, a daughter's their own father's.
            int slot = random.NextDouble() < 0.65 ? lineSlot : NewSlot();
            double u = random.NextDouble();
            AddChildren(HouseholdRelation.Grandchild, Between(0, 16), u < 0.45 ? 1 : u < 0.85 ? 2 : 3, slot);
        }

        private void SiblingsOrLodgers()
        {
            int head = Between(18, 35);
            Head(AnySex(0.5), head);
            if (random.NextDouble() < 0.6)
            {
                int siblings = random.NextDouble() < 0.7 ? 1 : 2;
                for (int i = 0; i < siblings; i++)
                {
                    Add(HouseholdRelation.YoungerSibling, AnySex(0.5), Math.Max(14, head - Between(1, 8)), 0);
                }
            }
            else
            {
                int lodgers = 1 + random.Next(3);
                for (int i = 0; i < lodgers; i++)
                {
                    Add(HouseholdRelation.Other, AnySex(0.5), Math.Max(18, head + Between(-5, 5)), NewSlot());
                }
            }
        }

        private void Sibling()
        {
            int age = _headAge + Between(-12, 12);
            if (age < 0 || age > MaxAge)
            {
                return;
            }

            Sex sex = AnySex(0.5);
            HouseholdRelation relation = age <= _headAge
                ? HouseholdRelation.YoungerSibling
                : sex == Sex.Male ? HouseholdRelation.OlderBrother : HouseholdRelation.OlderSister;
            Add(relation, sex, age, 0);
        }

        /// <summary>Adds husband and wife, one of them the head; returns their children's name slot.</summary>
        private int AddCouple(int husband, int wife, bool headIsMale)
        {
            if (headIsMale)
            {
                Head(Sex.Male, husband);
                Add(HouseholdRelation.Wife, Sex.Female, wife, NewSlot());
                return 0;
            }

            // Wives keep their own family name; with a wife as head, the children carry the husband's.
            Head(Sex.Female, wife);
            int husbandSlot = NewSlot();
            Add(HouseholdRelation.Husband, Sex.Male, husband, husbandSlot);
            return husbandSlot;
        }

        private void AddChildren(HouseholdRelation relation, int eldest, int count, int slot)
        {
            int age = eldest;
            for (int i = 0; i < count && age >= 0; i++)
            {
                // More boys than girls among the young: the sex ratio at birth has been about 111
                // since the mid-2000s.
                Add(relation, AnySex(age < 16 ? 0.526 : 0.505), age, slot);
                age -= Triangular(1, 3, 9);
            }
        }

        private void Head(Sex sex, int age)
        {
            _headAge = age;
            Add(HouseholdRelation.Head, sex, age, 0);
        }

        private void Add(HouseholdRelation relation, Sex sex, int age, int slot)
        {
            if (_size == MaxHouseholdSize || age < 0 || age > MaxAge)
            {
                return;
            }

            Relations.Add(relation);
            Sexes.Add(sex);
            Ages.Add((byte)age);
            Slots.Add((byte)slot);
            _size++;
        }

        private int NewSlot() => _nextSlot++;

        private Sex AnySex(double maleShare) => random.NextDouble() < maleShare ? Sex.Male : Sex.Female;

        private int Between(int low, int high) => random.Next(low, high + 1);

        private int Triangular(int low, int mode, int high)
        {
            double u = random.NextDouble();
            double split = (double)(mode - low) / (high - low);
            double value = u < split
                ? low + Math.Sqrt(u * (high - low) * (mode - low))
                : high - Math.Sqrt((1 - u) * (high - low) * (high - mode));
            return (int)Math.Round(value);
        }

        // Husbands are on average about three years older than their wives.
        private int SpouseGap()
        {
            double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return Math.Clamp((int)Math.Round(3 + (3.5 * normal)), -8, 20);
        }

        private int MotherAgeAtFirstBirth() => Triangular(18, 23, 36);

        private int ChildCount()
        {
            double u = random.NextDouble();
            return u < 0.30 ? 1 : u < 0.75 ? 2 : u < 0.92 ? 3 : u < 0.98 ? 4 : 5;
        }
    }

    /// <summary>The state of one <see cref="Write"/> call: counters, buffers and the JSON writer.</summary>
    private sealed class GenerationRun
    {
        private const int MaxNameSlots = 16;

        private readonly PopulationGenerator _generator;
        private readonly Random _random;
        private readonly HouseholdTemplates _templates;
        private readonly Stream _output;
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushBytes + (64 * 1024));
        private readonly int[] _householdSequence;

        // Serial counters per (birth province, century-sex digit, year of birth): each is mapped through
        // a bijection of 0..999,999, so IDs look random yet can never repeat.
        private readonly int[] _citizenIdSequence;
        private readonly int[] _cmndSequence = new int[100];
        private readonly int[] _phoneSequence = new int[s_phonePrefixes.Length];
        private readonly int[] _slotFamilyName = new int[MaxNameSlots];
        private readonly char[] _name = new char[128];
        private readonly char[] _address = new char[192];
        private readonly char[] _householdCode = new char[13];
        private readonly char[] _citizenId = new char[12];
        private readonly char[] _cmnd = new char[9];
        private readonly char[] _phone = new char[10];
        private readonly char[] _birthDate = new char[10];
        private int _addressLength;

        public GenerationRun(PopulationGenerator generator, Random random, HouseholdTemplates templates, Stream output)
        {
            _generator = generator;
            _random = random;
            _templates = templates;
            _output = output;
            _householdSequence = new int[generator._districtCodes.Length];
            _citizenIdSequence = new int[generator._provinces.Length * 10 * 100];
        }

        public long Write(int people, IProgress<long>? progress)
        {
            long written = 0;
            using var json = new Utf8JsonWriter(_buffer, s_writerOptions);
            while (written < people)
            {
                int template = _templates.Pick(_random);
                int first = _templates.Start(template);
                int end = _templates.End(template);
                int shift = AgeShift(first, end);
                int provinceIndex = PickIndex(_generator._provinceCumulative, _random);
                ProvinceData province = _generator._provinces[provinceIndex];
                CommuneData commune = province.Communes[_random.Next(province.Communes.Length)];
                string districtCode = _generator._districtCodes[commune.DistrictIndex];
                NumberHousehold(province, commune.DistrictIndex, districtCode);
                BuildAddress(province, commune.Kind);
                Array.Fill(_slotFamilyName, -1);

                for (int member = first; member < end && written < people; member++)
                {
                    WritePerson(json, member, shift, provinceIndex, province, commune, districtCode);
                    written++;
                    if (written % ProgressInterval == 0)
                    {
                        progress?.Report(written);
                    }

                    if (_buffer.WrittenCount >= FlushBytes)
                    {
                        _output.Write(_buffer.WrittenSpan);
                        _buffer.ResetWrittenCount();
                    }
                }
            }

            _output.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
            if (written % ProgressInterval != 0)
            {
                progress?.Report(written);
            }

            return written;
        }

        /// <summary>
        /// Moves a whole household up to two years older or younger, keeping the gaps between its
        /// members, so that the same template does not always give the same ages. A shift that would
        /// make a head, spouse or parent a minor is dropped.
        /// </summary>
        private int AgeShift(int first, int end)
        {
            int shift = _random.Next(-2, 3);
            for (int m = first; m < end; m++)
            {
                int age = _templates.Ages[m] + shift;
                bool mustBeAdult = _templates.Relations[m] is HouseholdRelation.Head or HouseholdRelation.Wife
                    or HouseholdRelation.Husband or HouseholdRelation.Father or HouseholdRelation.Mother
                    or HouseholdRelation.Grandfather or HouseholdRelation.Grandmother;
                if (age < (mustBeAdult ? 18 : 0) || age > MaxAge)
                {
                    return 0;
                }
            }

            return shift;
        }

        private void WritePerson(
            Utf8JsonWriter json,
            int member,
            int shift,
            int provinceIndex,
            ProvinceData province,
            CommuneData commune,
            string districtCode)
        {
            HouseholdRelation relation = _templates.Relations[member];
            Sex sex = _templates.Sexes[member];
            int age = _templates.Ages[member] + shift;
            var birth = DateOnly.FromDayNumber(s_latestBirthDay[age] - _random.Next(s_birthDaysInYear[age]));
            int year = birth.Year;

            // Many older people were never registered with a full birth date: only the year is known.
            bool yearOnly = year < 1950
                ? _random.NextDouble() < 0.35
                : year <= 1965 && _random.NextDouble() < 0.10;

            int slot = _templates.NameSlots[member];
            if (_slotFamilyName[slot] < 0)
            {
                _slotFamilyName[slot] = PickIndex(province.SouthOfGianh ? s_familySouth : s_familyNorth, _random);
            }

            int nameLength = BuildName(_slotFamilyName[slot], sex, year);

            // The ID names the province where the birth was registered: usually where the person
            // lives now, otherwise one weighted by population (people move for work and marriage).
            int birthProvinceIndex = _random.NextDouble() < 0.85 ? provinceIndex : PickIndex(_generator._provinceCumulative, _random);
            ProvinceData birthProvince = _generator._provinces[birthProvinceIndex];
            BuildCitizenId(birthProvinceIndex, birthProvince, year, sex);

            bool hasCmnd = year < 2000 && _random.NextDouble() < 0.45;
            if (hasCmnd)
            {
                BuildCmnd(birthProvince.CmndPrefix);
            }

            bool hasPhone = age >= 18 && _random.NextDouble() < 0.04;
            if (hasPhone)
            {
                BuildPhone();
            }

            json.WriteStartObject();
            json.WriteString(s_soDinhDanh, _citizenId);
            if (hasCmnd)
            {
                json.WriteString(s_soCmnd, _cmnd);
            }
            else
            {
                json.WriteNull(s_soCmnd);
            }

            json.WriteString(s_hoTen, _name.AsSpan(0, nameLength));
            json.WriteString(s_ngaySinh, _birthDate.AsSpan(0, FormatBirthDate(birth, yearOnly)));
            json.WriteString(s_gioiTinh, sex == Sex.Male ? s_male : s_female);
            json.WriteString(s_quocTich, s_vietnam);
            json.WriteString(s_maTinh, province.CodeText);
            json.WriteString(s_maHuyen, districtCode);
            json.WriteString(s_maXa, commune.Code);
            json.WriteString(s_diaChi, _address.AsSpan(0, _addressLength));
            json.WriteString(s_maHo, _householdCode);
            json.WriteString(s_quanHeChuHo, s_relationTexts[(int)relation]);
            if (hasPhone)
            {
                json.WriteString(s_soDienThoai, _phone);
            }
            else
            {
                json.WriteNull(s_soDienThoai);
            }

            json.WriteEndObject();
            json.Flush();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            json.Reset();
        }

        private int BuildName(int family, Sex sex, int birthYear)
        {
            bool male = sex == Sex.Male;
            int length = Append(_name, 0, VietnameseNames.FamilyNames[family].Name);

            // Văn and Thị were near universal for people born before the 1960s and are much less
            // common among children; a few people have two middle names (Thị Thu, Ngọc Bảo; rarely
            // Văn with a second one), a few none.
            double u = _random.NextDouble();
            int middleCount = u < 0.02 ? 0 : u < (birthYear >= 1980 ? 0.20 : 0.10) ? 2 : 1;
            string? firstMiddle = null;
            string? secondMiddle = null;
            if (middleCount > 0)
            {
                firstMiddle = _random.NextDouble() < TraditionalMiddleShare(male, birthYear) && !(male && middleCount > 1)
                    ? (male ? VietnameseNames.TraditionalMaleMiddleName : VietnameseNames.TraditionalFemaleMiddleName)
                    : OtherMiddleName(male);
            }

            if (middleCount > 1)
            {
                secondMiddle = OtherMiddleName(male);
                if (string.Equals(secondMiddle, firstMiddle, StringComparison.Ordinal))
                {
                    secondMiddle = null;
                }
            }

            string given = GivenName(male, birthYear);
            for (int attempt = 0; attempt < 4
                && (string.Equals(given, firstMiddle, StringComparison.Ordinal) || string.Equals(given, secondMiddle, StringComparison.Ordinal)); attempt++)
            {
                given = GivenName(male, birthYear);
            }

            if (firstMiddle is not null)
            {
                _name[length++] = ' ';
                length = Append(_name, length, firstMiddle);
            }

            if (secondMiddle is not null)
            {
                _name[length++] = ' ';
                length = Append(_name, length, secondMiddle);
            }

            _name[length++] = ' ';
            return Append(_name, length, given);
        }

        private static double TraditionalMiddleShare(bool male, int birthYear) => (male, birthYear) switch
        {
            (true, < 1960) => 0.85,
            (true, < 1980) => 0.72,
            (true, < 2000) => 0.55,
            (true, _) => 0.30,
            (false, < 1960) => 0.93,
            (false, < 1980) => 0.82,
            (false, < 2000) => 0.60,
            (false, _) => 0.35,
        };

        private string OtherMiddleName(bool male) => male
            ? VietnameseNames.MaleMiddleNames[PickIndex(s_maleMiddle, _random)].Name
            : VietnameseNames.FemaleMiddleNames[PickIndex(s_femaleMiddle, _random)].Name;

        private string GivenName(bool male, int birthYear)
        {
            bool older = birthYear < 1980;
            return male
                ? VietnameseNames.MaleGivenNames[PickIndex(older ? s_maleGivenOlder : s_maleGivenYounger, _random)].Name
                : VietnameseNames.FemaleGivenNames[PickIndex(older ? s_femaleGivenOlder : s_femaleGivenYounger, _random)].Name;
        }

        /// <summary><c>ma_ho</c>: province (2) + district (3) + a sequence (8) that grows within the district.</summary>
        private void NumberHousehold(ProvinceData province, int districtIndex, string districtCode)
        {
            // Gaps in the sequence stand for households that split, merged or moved away.
            int sequence = _householdSequence[districtIndex] += 1 + _random.Next(3);
            if (sequence > 99_999_999)
            {
                throw new InvalidOperationException($"District {districtCode} has run out of 8-digit household numbers.");
            }

            province.Code.CopyTo(_householdCode);
            districtCode.CopyTo(_householdCode.AsSpan(2));
            WriteDigits(_householdCode.AsSpan(5, 8), sequence);
        }

        private void BuildCitizenId(int provinceIndex, ProvinceData birthProvince, int year, Sex sex)
        {
            int centurySex = CitizenId.CenturySexDigit(year, sex);
            int yearInCentury = year % 100;
            int key = (((provinceIndex * 10) + centurySex) * 100) + yearInCentury;
            int counter = _citizenIdSequence[key]++;
            if (counter >= 1_000_000)
            {
                throw new InvalidOperationException(
                    $"More than a million people born in {year} of one sex registered in province {birthProvince.Code}: the 6-digit serials are exhausted.");
            }

            // 7919 is coprime with 10^6, so counter → serial is a bijection; the offset per key keeps
            // the first serials of different provinces and years apart.
            long serial = ((counter * 7919L) + 104_729L + (key * 7_777L)) % 1_000_000;
            birthProvince.CitizenIdCode.CopyTo(_citizenId);
            _citizenId[3] = (char)('0' + centurySex);
            WriteDigits(_citizenId.AsSpan(4, 2), yearInCentury);
            WriteDigits(_citizenId.AsSpan(6, 6), serial);
        }

        private void BuildCmnd(int prefix)
        {
            int counter = _cmndSequence[prefix]++;
            if (counter >= 10_000_000)
            {
                throw new InvalidOperationException($"More than ten million CMND numbers with prefix {prefix:D2}.");
            }

            // 7,654,321 is coprime with 10^7: a bijection, so old ID numbers never repeat either.
            long serial = ((counter * 7_654_321L) + 1_234_567L + (prefix * 98_765L)) % 10_000_000;
            WriteDigits(_cmnd.AsSpan(0, 2), prefix);
            WriteDigits(_cmnd.AsSpan(2, 7), serial);
        }

        private void BuildPhone() => WriteMobile(_random, _phoneSequence, _phone);

        private int FormatBirthDate(DateOnly birth, bool yearOnly)
        {
            WriteDigits(_birthDate.AsSpan(0, 4), birth.Year);
            if (yearOnly)
            {
                return 4;
            }

            _birthDate[4] = '-';
            WriteDigits(_birthDate.AsSpan(5, 2), birth.Month);
            _birthDate[7] = '-';
            WriteDigits(_birthDate.AsSpan(8, 2), birth.Day);
            return 10;
        }

        /// <summary>
        /// A street address in a ward, a residential group in a town, a village in a rural commune,
        /// in the words each region uses.
        /// </summary>
        private void BuildAddress(ProvinceData province, CommuneKind kind)
        {
            int length;
            Span<char> address = _address;
            switch (kind)
            {
                case CommuneKind.Ward:
                    length = UrbanAddress(province, address);
                    break;
                case CommuneKind.Town when _random.NextDouble() < 0.5:
                    length = Append(address, 0, "Số ");
                    length = AppendNumber(address, length, HouseNumber(200));
                    length = Append(address, length, " đường ");
                    length = Append(address, length, Street());
                    break;
                case CommuneKind.Town:
                    length = Append(address, 0, province.Style == AddressStyle.South ? "Khu phố " : "Tổ dân phố ");
                    length = AppendNumber(address, length, 1 + _random.Next(15));
                    break;
                default:
                    length = RuralAddress(province, address);
                    break;
            }

            _addressLength = length;
        }

        private int UrbanAddress(ProvinceData province, Span<char> address)
        {
            int house = HouseNumber(300);
            string street = Street();
            string streetWord = province.Style is AddressStyle.North && _random.NextDouble() < 0.5 ? " phố " : " đường ";
            double form = _random.NextDouble();
            int length = Append(address, 0, "Số ");
            if (province.Style == AddressStyle.South && form < 0.3)
            {
                // Southern alley addresses read 123/45: house 45 in the alley off number 123.
                length = AppendNumber(address, length, HouseNumber(400));
                address[length++] = '/';
                length = AppendNumber(address, length, house);
            }
            else if (form < 0.55)
            {
                length = AppendNumber(address, length, house);
                if (province.Style == AddressStyle.North && form < 0.12)
                {
                    length = Append(address, length, " ngách ");
                    length = AppendNumber(address, length, HouseNumber(120));
                }

                length = Append(address, length, " ");
                length = Append(address, length, province.LaneWord);
                length = Append(address, length, " ");
                length = AppendNumber(address, length, HouseNumber(600));
            }
            else
            {
                length = AppendNumber(address, length, house);
            }

            length = Append(address, length, streetWord);
            return Append(address, length, street);
        }

        private int RuralAddress(ProvinceData province, Span<char> address)
        {
            double form = _random.NextDouble();
            switch (province.Style)
            {
                case AddressStyle.NorthernHighlands when form < 0.5:
                    return Village(address, "Bản ", VietnameseNames.NorthernHighlandVillageNames);
                case AddressStyle.CentralHighlands when form < 0.35:
                    return Village(address, _random.NextDouble() < 0.6 ? "Buôn " : "Làng ", VietnameseNames.CentralHighlandVillageNames);
                case AddressStyle.South:
                    return form < 0.45 ? Numbered(address, "Ấp ", 12) : Village(address, "Ấp ", VietnameseNames.HamletNames);
                case AddressStyle.Central or AddressStyle.CentralHighlands:
                    return form < 0.6 ? Numbered(address, "Thôn ", 15) : Village(address, form < 0.9 ? "Thôn " : "Xóm ", VietnameseNames.HamletNames);
                default:
                    return _random.NextDouble() switch
                    {
                        < 0.3 => Numbered(address, "Thôn ", 12),
                        < 0.6 => Village(address, "Thôn ", VietnameseNames.HamletNames),
                        < 0.8 => Numbered(address, "Xóm ", 15),
                        _ => Village(address, "Xóm ", VietnameseNames.HamletNames),
                    };
            }
        }

        private int Numbered(Span<char> address, string word, int count) =>
            AppendNumber(address, Append(address, 0, word), 1 + _random.Next(count));

        private int Village(Span<char> address, string word, string[] names) =>
            Append(address, Append(address, 0, word), names[_random.Next(names.Length)]);

        private string Street() => VietnameseNames.StreetNames[_random.Next(VietnameseNames.StreetNames.Length)];

        // Low numbers are more common than high ones: every street has a number 5, few a number 280.
        private int HouseNumber(int max)
        {
            double u = _random.NextDouble();
            return u < 0.6 ? 1 + (int)(u / 0.6 * (max / 3)) : 1 + (int)((u - 0.6) / 0.4 * max);
        }

        private static int Append(Span<char> destination, int at, string text)
        {
            text.CopyTo(destination[at..]);
            return at + text.Length;
        }

        private static int AppendNumber(Span<char> destination, int at, int value)
        {
            _ = value.TryFormat(destination[at..], out int written, provider: CultureInfo.InvariantCulture);
            return at + written;
        }

        /// <summary>Writes <paramref name="value"/> zero-padded to exactly the span's length.</summary>
        private static void WriteDigits(Span<char> destination, long value)
        {
            for (int i = destination.Length - 1; i >= 0; i--)
            {
                destination[i] = (char)('0' + (int)(value % 10));
                value /= 10;
            }
        }
    }
}
