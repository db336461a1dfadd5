using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PcCovid.Data;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Linkage.Vietnamese;
using PcCovid.Domain.People;
using PcCovid.Web.Features.Linkage;
using PcCovid.Web.Infrastructure;

/// <summary>
/// Accuracy and speed of the identity resolver (issue 6) on generated legacy exports: the registry
/// index is built from an imported snapshot, every person-bearing record of the seven sources is
/// read with simple readers of this benchmark and resolved (sources with documents first, QR last),
/// new persons are created as an importer would, and the decisions are scored against truth.csv.
/// </summary>
internal static class IdentityResolutionBenchmark
{
    private static readonly string[] s_order = ["tiemchung", "sskdt", "ncovi", "vhd", "xetnghiem", "bluezone", "qr"];

    public static async Task<int> RunAsync(string provider, string connectionString, string legacyDirectory)
    {
        HostApplicationBuilder builder = BenchHost.CreateBuilder(provider, connectionString);
        using IHost host = builder.Build();
        ReferenceData reference = host.Services.GetRequiredService<ReferenceData>();

        Dictionary<long, string> citizenOf;
        await using (AsyncServiceScope scope = host.Services.CreateAsyncScope())
        {
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            citizenOf = await db.People.AsNoTracking().Where(p => p.CitizenId != null).ToDictionaryAsync(p => p.Id, p => p.CitizenId!);
        }

        GC.Collect();
        long before = GC.GetTotalMemory(true);
        var watch = Stopwatch.StartNew();
        VietnameseIdentityResolver resolver = await host.Services.GetRequiredService<IdentityResolverFactory>().CreateAsync(CancellationToken.None);
        double buildSeconds = watch.Elapsed.TotalSeconds;
        long indexBytes = GC.GetTotalMemory(true) - before;
        Console.WriteLine($"index: {resolver.Index.Count:N0} persons in {buildSeconds:F1} s (database read + u estimation); managed memory {indexBytes / 1048576.0:N0} MB ({(double)indexBytes / Math.Max(1, resolver.Index.Count):N0} B/person, estimate {resolver.Index.ApproximateBytes() / 1048576.0:N0} MB) → 10 M persons ≈ {indexBytes / (double)Math.Max(1, resolver.Index.Count) * 1e7 / 1073741824.0:F2} GiB");

        var truth = new Dictionary<(string, string), (string Citizen, string Key)>();
        foreach (string line in File.ReadLines(Path.Combine(legacyDirectory, "truth.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            truth[(f[0], f[1])] = (f[2], f[3]);
        }

        watch.Restart();
        List<LegacyIdentity> records = [.. s_order.SelectMany(source => Read(source, legacyDirectory, reference.Catalog))];
        Console.WriteLine($"read: {records.Count:N0} person-bearing records of 7 sources in {watch.Elapsed.TotalSeconds:F1} s (benchmark readers, not the importers)");

        watch.Restart();
        // EM on the incoming records is off by default: at 1 M persons it lowered recall (see docs/identity-resolution.md).
        bool train = Environment.GetEnvironmentVariable("PCCOVID_BENCH_TRAIN") == "1";
        if (train)
        {
            resolver.Train(records.Where((_, i) => i % 10 == 0).Take(50_000));
        }

        Console.WriteLine($"EM training on {(train ? Math.Min(50_000, records.Count / 10) : 0):N0} records: {watch.Elapsed.TotalSeconds:F1} s; m/u weights (bits) by level:");
        for (int c = 0; c < 6; c++)
        {
            int levels = resolver.Model.LevelCounts[c];
            Console.WriteLine($"  {new[] { "name", "birth", "sex", "document", "phone", "place" }[c]}: {string.Join("  ", Enumerable.Range(1, levels - 1).Select(l => resolver.Model.LevelWeight(c, l).ToString("F1", CultureInfo.InvariantCulture)))}");
        }

        var decisions = new LinkDecision[records.Count];
        var createdKey = new Dictionary<long, string>();
        long nextPerson = 1_000_000_000_000L;
        var created = new Dictionary<string, long>(StringComparer.Ordinal);
        watch.Restart();
        for (int i = 0; i < records.Count; i++)
        {
            LinkDecision decision = resolver.Resolve(records[i]);
            if (decision.Outcome == LinkOutcome.New && decision.NewPersonKey is { } key && !created.ContainsKey(key))
            {
                long id = nextPerson++;
                created[key] = id;
                resolver.AddPerson(id, records[i]);
                createdKey[id] = truth.TryGetValue((records[i].Source, records[i].SourceRecordId), out var t) ? t.Key : "?";
            }

            decisions[i] = decision;
        }

        double resolveSeconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"resolve: {records.Count:N0} records in {resolveSeconds:F1} s = {records.Count / resolveSeconds:N0} records/s (one thread); candidates per scored record {resolver.Statistics.CandidatesPerScoredRecord:F1}; blocks over the cap {resolver.Statistics.DroppedBlocks:N0}");
        Console.WriteLine($"estimated share of scored records whose person is in the registry (ρ): Vietnamese {resolver.InRegistryShares[0]:F4}, passport or foreign {resolver.InRegistryShares[1]:F4}");
        Console.WriteLine("rules: " + string.Join(", ", resolver.Statistics.ByRule.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value:N0}")));

        // Scoring.
        string KeyOf(long personId) => citizenOf.TryGetValue(personId, out string? c) ? c : createdKey.GetValueOrDefault(personId, "?");
        var slices = new Dictionary<string, Slice>(StringComparer.Ordinal);
        var phoneOwners = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (int i = 0; i < records.Count; i++)
        {
            if (records[i].Phone is { } raw && reference.Phones.Normalize(raw).E164 is { } e && truth.TryGetValue((records[i].Source, records[i].SourceRecordId), out var t))
            {
                (phoneOwners.TryGetValue(e, out var set) ? set : phoneOwners[e] = []).Add(t.Key);
            }
        }

        long linked = 0, linkedCorrect = 0;
        var wrongBy = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < records.Count; i++)
        {
            LegacyIdentity r = records[i];
            if (!truth.TryGetValue((r.Source, r.SourceRecordId), out var t))
            {
                continue;
            }

            LinkDecision d = decisions[i];
            bool inSnapshot = t.Citizen.Length > 0;
            bool correct = d.Outcome == LinkOutcome.Linked && d.PersonId is { } p && KeyOf(p) == t.Key;
            if (d.Outcome == LinkOutcome.Linked)
            {
                linked++;
                linkedCorrect += correct ? 1 : 0;
                if (!correct)
                {
                    string why = $"{r.Source}/{d.Rule}/{(inSnapshot ? "snapshot" : "outside")}";
                    wrongBy[why] = wrongBy.GetValueOrDefault(why) + 1;
                }
            }

            bool anchored = r.BirthDate is not null || !string.IsNullOrWhiteSpace(r.DocumentNumber) || !string.IsNullOrWhiteSpace(r.SecondDocumentNumber);
            string? e164 = r.Phone is { } raw ? reference.Phones.Normalize(raw).E164 : null;
            VietnameseName? name = VietnameseName.Parse(r.FullName);
            void Add(string slice) => (slices.TryGetValue(slice, out Slice? s) ? s : slices[slice] = new Slice()).Add(d, correct, inSnapshot);
            Add(anchored ? "with ID or birth date/year" : e164 is not null && name is not null ? "phone and name only" : e164 is not null ? "phone only (no name)" : "neither");
            if (string.IsNullOrWhiteSpace(r.DocumentNumber) && string.IsNullOrWhiteSpace(r.SecondDocumentNumber))
            {
                Add("no ID");
            }

            if (r.BirthDate is { IsYearOnly: true })
            {
                Add("year-only birth");
            }

            if (r.FullName is { } n && n.All(char.IsAscii))
            {
                Add("no diacritics");
            }

            if (e164 is not null && phoneOwners.TryGetValue(e164, out var owners) && owners.Count > 1)
            {
                Add("family-shared phone");
            }

            if (name?.Surname == "nguyen")
            {
                Add("Nguyễn only");
            }

            Add("source " + r.Source);
            if (!inSnapshot)
            {
                Add("not in snapshot");
            }
        }

        Console.WriteLine($"precision of automatic links overall: {(double)linkedCorrect / Math.Max(1, linked):F5} ({linked - linkedCorrect:N0} wrong of {linked:N0})");
        Console.WriteLine("wrong links by source/rule/truth: " + string.Join(", ", wrongBy.OrderByDescending(w => w.Value).Select(w => $"{w.Key} {w.Value}")));
        Console.WriteLine($"{"slice",-28} {"records",9} {"in snap",9} {"prec",8} {"recall",8} {"review",7} {"claim",7} {"new",7}");
        foreach ((string slice, Slice s) in slices.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"{slice,-28} {s.Records,9:N0} {s.InSnapshot,9:N0} {s.Precision,8:F5} {s.Recall,8:F4} {s.Share(LinkOutcome.Review),7:P2} {s.Share(LinkOutcome.Claim),7:P2} {s.Share(LinkOutcome.New),7:P2}");
        }

        // New persons: are the records of one unknown person clustered into one, and never two persons into one?
        var keysByTruth = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var truthByCreated = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (int i = 0; i < records.Count; i++)
        {
            if (truth.TryGetValue((records[i].Source, records[i].SourceRecordId), out var t) && t.Citizen.Length == 0)
            {
                if (decisions[i].Outcome is not (LinkOutcome.New or LinkOutcome.Linked))
                {
                    continue;
                }

                string cluster = decisions[i].Outcome == LinkOutcome.New ? "p:" + created[decisions[i].NewPersonKey!] : "p:" + decisions[i].PersonId;
                (keysByTruth.TryGetValue(t.Key, out var a) ? a : keysByTruth[t.Key] = []).Add(cluster);
                (truthByCreated.TryGetValue(cluster, out var b) ? b : truthByCreated[cluster] = []).Add(t.Key);
            }
        }

        // Misses for analysis (PCCOVID_BENCH_MISSES=FILE): one line per snapshot record not linked to its person,
        // with the comparison levels against its true person and against the chosen candidate (no names are written).
        if (Environment.GetEnvironmentVariable("PCCOVID_BENCH_MISSES") is { Length: > 0 } missesFile)
        {
            var personOfCitizen = citizenOf.ToDictionary(c => c.Value, c => c.Key, StringComparer.Ordinal);
            using var writer = new StreamWriter(missesFile);
            writer.WriteLine("source,outcome,rule,score,no_id,year_only,family_phone,true_levels,true_weight,best_levels,best_weight,true_in_candidates");
            for (int i = 0; i < records.Count; i++)
            {
                LegacyIdentity r = records[i];
                if (!truth.TryGetValue((r.Source, r.SourceRecordId), out var t) || t.Citizen.Length == 0)
                {
                    continue;
                }

                LinkDecision d = decisions[i];
                if (d.Outcome == LinkOutcome.Linked && d.PersonId is { } lp && KeyOf(lp) == t.Key)
                {
                    continue;
                }

                string? e164 = r.Phone is { } raw ? reference.Phones.Normalize(raw).E164 : null;
                bool family = e164 is not null && phoneOwners.TryGetValue(e164, out var owners) && owners.Count > 1;
                string Levels((byte[] Levels, double Weight) x) => string.Concat(x.Levels.Select(l => l.ToString(CultureInfo.InvariantCulture))) + "," + x.Weight.ToString("F1", CultureInfo.InvariantCulture);
                string trueSide = personOfCitizen.TryGetValue(t.Citizen, out long truePerson) ? Levels(resolver.Explain(r, truePerson)) : ",";
                string bestSide = d.PersonId is { } bp ? Levels(resolver.Explain(r, bp)) : ",";
                bool inCandidates = resolver.CandidatePersons(r).Contains(truePerson);
                writer.WriteLine(string.Join(',', r.Source, d.Outcome, d.Rule, d.Score?.ToString("F4", CultureInfo.InvariantCulture) ?? "",
                    string.IsNullOrWhiteSpace(r.DocumentNumber) ? 1 : 0, r.BirthDate is { IsYearOnly: true } ? 1 : 0, family ? 1 : 0, trueSide, bestSide, inCandidates ? 1 : 0));
            }
        }

        Console.WriteLine($"persons not in the snapshot: {keysByTruth.Count:N0}; clusters per person {keysByTruth.Values.Average(v => v.Count):F2}; clusters holding two or more persons {truthByCreated.Values.Count(v => v.Count > 1):N0}");

        // Blocking recall on the records scored probabilistically (deterministic rules excluded).
        long scored = 0, found = 0, candidateTotal = 0;
        for (int i = 0; i < records.Count && scored < 20_000; i++)
        {
            if (decisions[i].Rule is "probabilistic" or "ambiguous" or "no-candidate" && truth.TryGetValue((records[i].Source, records[i].SourceRecordId), out var t) && t.Citizen.Length > 0)
            {
                IReadOnlyList<long> candidates = resolver.CandidatePersons(records[i]);
                scored++;
                candidateTotal += candidates.Count;
                found += candidates.Any(c => KeyOf(c) == t.Key) ? 1 : 0;
            }
        }

        Console.WriteLine($"blocking recall on {scored:N0} probabilistically scored records of snapshot persons: {(double)found / Math.Max(1, scored):F4}; candidates per record {(double)candidateTotal / Math.Max(1, scored):F1}");
        return 0;
    }

    private sealed class Slice
    {
        private readonly Dictionary<LinkOutcome, long> _outcomes = [];

        public long Records { get; private set; }

        public long InSnapshot { get; private set; }

        private long _linked;
        private long _correct;
        private long _correctInSnapshot;

        public void Add(LinkDecision decision, bool correct, bool inSnapshot)
        {
            Records++;
            InSnapshot += inSnapshot ? 1 : 0;
            _outcomes[decision.Outcome] = _outcomes.GetValueOrDefault(decision.Outcome) + 1;
            if (decision.Outcome == LinkOutcome.Linked)
            {
                _linked++;
                _correct += correct ? 1 : 0;
            }

            _correctInSnapshot += correct && inSnapshot ? 1 : 0;
        }

        public double Precision => _linked == 0 ? double.NaN : (double)_correct / _linked;

        public double Recall => InSnapshot == 0 ? double.NaN : (double)_correctInSnapshot / InSnapshot;

        public double Share(LinkOutcome outcome) => (double)_outcomes.GetValueOrDefault(outcome) / Math.Max(1, Records);
    }

    private static IEnumerable<LegacyIdentity> Read(string source, string root, AdministrativeCatalog catalog) => source switch
    {
        "bluezone" => Csv(Path.Combine(root, "bluezone", "users.csv"), ',', 6, f => new LegacyIdentity
        {
            Source = source, SourceRecordId = f[0], Phone = f[1], FullName = Null(f[3]), BirthDate = Year(f[4]), DocumentNumber = Null(f[5]),
        }),
        "ncovi" => Csv(Path.Combine(root, "ncovi", "khai_bao.csv"), ',', 26, f =>
        {
            AddressResolution place = catalog.Resolve(Null(f[8]), Null(f[9]), Null(f[10]));
            return new LegacyIdentity
            {
                Source = source, SourceRecordId = f[0], FullName = Null(f[1]), BirthDate = Year(f[2]), Sex = SexOf(f[3]), DocumentNumber = Null(f[5]), Phone = Null(f[6]),
                Nationality = f[4] == "Việt Nam" ? "VNM" : null, ProvinceCode = place.ProvinceCode, DistrictCode = place.DistrictCode, CommuneCode = place.CommuneCode,
            };
        }),
        "sskdt" => Csv(Path.Combine(root, "sskdt", "ho_so.csv"), ';', 13, f =>
        {
            (BirthDate? birth, bool ambiguous) = Date(f[2], "dd/MM/yyyy");
            return new LegacyIdentity
            {
                Source = source, SourceRecordId = f[0], FullName = Null(f[1]), BirthDate = birth, BirthDayMonthAmbiguous = ambiguous, Sex = f[3] == "1" ? Sex.Male : f[3] == "2" ? Sex.Female : null,
                DocumentNumber = Null(f[4]), SecondDocumentNumber = Null(f[5]), Phone = Null(f[7]), ProvinceCode = Null(f[8]), DistrictCode = Null(f[9]), CommuneCode = Null(f[10]),
            };
        }),
        "tiemchung" => Csv(Path.Combine(root, "tiemchung", "mui_tiem.csv"), ',', 17, f =>
        {
            (BirthDate? birth, bool ambiguous) = Date(f[3], "yyyy-MM-dd");
            return new LegacyIdentity
            {
                Source = source, SourceRecordId = f[0], SourcePersonKey = f[1], FullName = Null(f[2]), BirthDate = birth, BirthDayMonthAmbiguous = ambiguous, Sex = f[4] == "NAM" ? Sex.Male : f[4] == "NU" ? Sex.Female : null,
                DocumentNumber = Null(f[5]), Phone = Null(f[6]), ProvinceCode = Null(f[7]), DistrictCode = Null(f[8]), CommuneCode = Null(f[9]),
            };
        }),
        "qr" => Csv(Path.Combine(root, "qr", "check_in.csv"), ',', 5, f => new LegacyIdentity { Source = source, SourceRecordId = f[0], Phone = Null(f[2]), FullName = Null(f[3]) }),
        "xetnghiem" => Csv(Path.Combine(root, "xetnghiem", "ket_qua.csv"), ',', 14, f => new LegacyIdentity
        {
            Source = source, SourceRecordId = f[0], FullName = Null(f[2]), BirthDate = Year(f[3]), Sex = SexOf(f[4]), DocumentNumber = Null(f[5]), Phone = Null(f[6]), ProvinceCode = Null(f[7]),
        }),
        _ => Vhd(Path.Combine(root, "vhd", "declarations.json")),
    };

    private static IEnumerable<LegacyIdentity> Vhd(string file)
    {
        using FileStream stream = File.OpenRead(file);
        using var document = JsonDocument.Parse(stream);
        foreach (JsonElement e in document.RootElement.EnumerateArray())
        {
            string? Text(JsonElement parent, string name) => parent.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            (BirthDate? birth, bool ambiguous) = Date(Text(e, "dateOfBirth") ?? string.Empty, "dd/MM/yyyy");
            if (string.IsNullOrWhiteSpace(Text(e, "fullName")) || birth is null && Text(e, "dateOfBirth")?.Length == 10)
            {
                continue; // broken record
            }

            JsonElement to = e.GetProperty("to");
            yield return new LegacyIdentity
            {
                Source = "vhd", SourceRecordId = Text(e, "id")!, FullName = Text(e, "fullName"), BirthDate = birth, BirthDayMonthAmbiguous = ambiguous,
                Sex = Text(e, "gender") switch { "male" => Sex.Male, "female" => Sex.Female, _ => null }, DocumentNumber = Text(e, "documentNumber"), Phone = Text(e, "phone"),
                Nationality = Text(e, "nationality"), ProvinceCode = Text(to, "provinceCode"), DistrictCode = Text(to, "districtCode"), CommuneCode = Text(to, "communeCode"),
            };
        }
    }

    private static IEnumerable<LegacyIdentity> Csv(string file, char delimiter, int columns, Func<string[], LegacyIdentity> map)
    {
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        _ = reader.ReadLine();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            List<string> fields = DelimitedFile.Split(line, delimiter);
            if (fields.Count != columns || line.Count(c => c == '"') % 2 != 0)
            {
                continue; // broken row: the importer rejects it with its line number
            }

            LegacyIdentity record = map([.. fields]);
            if (record.FullName is null && record.Phone is null)
            {
                continue;
            }

            yield return record;
        }
    }

    private static string? Null(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static Sex? SexOf(string value) => value switch { "Nam" => Sex.Male, "Nữ" => Sex.Female, _ => null };

    private static BirthDate? Year(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int year) && year is >= 1880 and <= 2030 ? BirthDate.OfYear(year) : null;

    private static (BirthDate?, bool) Date(string value, string format)
    {
        if (value.Length == 4 || value.StartsWith("00/00/", StringComparison.Ordinal))
        {
            return (Year(value[^4..]), false);
        }

        return DateOnly.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date) && date.Year >= 1880
            ? (BirthDate.Of(date), date.Day <= 12 && date.Month <= 12)
            : (null, false);
    }
}
