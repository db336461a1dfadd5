using System.Globalization;
using System.Text;
using System.Text.Json;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.Testing;

namespace PcCovid.Web.Features.SyntheticData;

/// <summary>
/// Writes a realistic <c>xetnghiem</c> CSV (legacy-sources.md §7) for the people of a population
/// snapshot: RT-PCR and rapid tests, about a third of the samples pooled by ten, a few positive pools
/// followed by individual retests of their members, some positives, Ct with a decimal comma, and the
/// faults of §9 (the old CMND, lost leading zeros, missing IDs identified by phone or not at all,
/// names in capitals or without diacritics, broken rows). The same seed writes the same bytes.
/// </summary>
public sealed class LabResultsGenerator
{
    private static readonly DateTime s_start = new(2021, 8, 1, 7, 0, 0, DateTimeKind.Unspecified);

    public sealed record Summary(long Rows, long Positives, long Pools, long PositivePools, long Broken);

    private sealed record PersonRef(string? CitizenId, string? LegacyId, string Name, int BirthYear, string Sex, string? Phone, string Province);

    /// <summary>Writes <paramref name="results"/> rows (plus retests of positive pools) drawn in order from the population file, cycling if it is shorter.</summary>
    public static Summary Write(Stream population, Stream output, int results, int seed, string labCode)
    {
        ArgumentNullException.ThrowIfNull(population);
        var random = new Random(seed);
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(XetNghiemCsv.Header);
        List<PersonRef> people = ReadPeople(population, results);
        long rows = 0, positives = 0, pools = 0, positivePools = 0, broken = 0, sample = 0;
        int next = 0;
        var poolMembers = new List<(PersonRef Person, DateTime Sampled)>();
        while (rows < results)
        {
            DateTime sampled = s_start.AddMinutes((long)rows * 86_400L * 120 / Math.Max(results, 1) / 60).AddMinutes(random.Next(0, 60));
            bool pooled = random.NextDouble() < 0.33;
            if (pooled)
            {
                // A pool of up to ten people sampled together; all rows share its RT-PCR result.
                string poolId = string.Create(CultureInfo.InvariantCulture, $"G{seed:D2}{++pools:D9}");
                bool positive = random.NextDouble() < 0.02;
                positivePools += positive ? 1 : 0;
                poolMembers.Clear();
                int size = (int)Math.Min(10, results - rows);
                for (int m = 0; m < size; m++)
                {
                    PersonRef person = people[next++ % people.Count];
                    WriteRow(writer, random, ++sample, poolId, person, "RT-PCR", positive ? "Dương tính" : "Âm tính", positive ? Ct(random) : null, sampled, labCode, seed);
                    poolMembers.Add((person, sampled));
                    rows++;
                }

                if (positive)
                {
                    // The retests: each member individually, a few hours later; about one in five positive.
                    foreach ((PersonRef member, DateTime at) in poolMembers)
                    {
                        bool memberPositive = random.NextDouble() < 0.2;
                        positives += memberPositive ? 1 : 0;
                        WriteRow(writer, random, ++sample, null, member, "RT-PCR", memberPositive ? "Dương tính" : "Âm tính", memberPositive ? Ct(random) : null, at.AddHours(6), labCode, seed);
                        rows++;
                    }
                }

                continue;
            }

            PersonRef one = people[next++ % people.Count];
            if (random.NextDouble() < 0.001)
            {
                // §9: broken rows, refused with their line number.
                writer.WriteLine(random.Next(3) switch
                {
                    0 => string.Create(CultureInfo.InvariantCulture, $"X{seed:D2}{++sample:D10},,\"{one.Name},1990"),
                    1 => string.Create(CultureInfo.InvariantCulture, $"X{seed:D2}{++sample:D10},,{one.Name},{one.BirthYear},{one.Sex},,,{one.Province},Xét nghiệm máu,Âm tính,,01/09/2021 08:00,01/09/2021 10:00,{labCode}"),
                    _ => string.Create(CultureInfo.InvariantCulture, $"X{seed:D2}{++sample:D10},,{one.Name},{one.BirthYear},{one.Sex},,,{one.Province},RT-PCR,Âm tính,,31/02/2021 08:00,01/03/2021 10:00,{labCode}"),
                });
                rows++;
                broken++;
                continue;
            }

            bool pcr = random.NextDouble() < 0.6;
            bool isPositive = random.NextDouble() < 0.03;
            positives += isPositive ? 1 : 0;
            WriteRow(writer, random, ++sample, null, one, pcr ? "RT-PCR" : "Test nhanh kháng nguyên", isPositive ? "Dương tính" : (random.NextDouble() < 0.005 ? "Không xác định" : "Âm tính"),
                pcr && isPositive ? Ct(random) : null, sampled, labCode, seed);
            rows++;
        }

        return new Summary(rows, positives, pools, positivePools, broken);
    }

    private static decimal Ct(Random random) => Math.Round(15m + (decimal)random.NextDouble() * 20m, 1);

    private static void WriteRow(StreamWriter writer, Random random, long sample, string? poolId, PersonRef person, string type, string outcome, decimal? ct, DateTime sampledLocal, string labCode, int seed)
    {
        double fault = random.NextDouble();
        string? id = person.CitizenId;
        string name = person.Name;
        string? phone = person.Phone;
        if (fault < 0.03 && person.LegacyId is not null)
        {
            id = person.LegacyId;
        }
        else if (fault < 0.05 && id is not null)
        {
            id = id.TrimStart('0');
        }
        else if (fault < 0.08)
        {
            id = null;
        }

        double nameFault = random.NextDouble();
        if (nameFault < 0.05)
        {
            name = name.ToUpperInvariant();
        }
        else if (nameFault < 0.08)
        {
            name = RemoveDiacritics(name);
        }

        DateTime reportedLocal = sampledLocal.AddHours(type == "RT-PCR" ? random.Next(4, 30) : 0).AddMinutes(random.Next(15, 45));
        var line = new StringBuilder(160);
        line.Append(CultureInfo.InvariantCulture, $"M{seed:D2}{sample:D10}").Append(',')
            .Append(poolId).Append(',')
            .Append(XetNghiemCsv.Quote(name)).Append(',')
            .Append(person.BirthYear.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(person.Sex).Append(',')
            .Append(id).Append(',')
            .Append(phone).Append(',')
            .Append(person.Province).Append(',')
            .Append(type).Append(',')
            .Append(outcome).Append(',')
            .Append(ct is { } value ? XetNghiemCsv.Quote(value.ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',')) : string.Empty).Append(',')
            .Append(sampledLocal.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)).Append(',')
            .Append(reportedLocal.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)).Append(',')
            .Append(labCode);
        writer.WriteLine(line);
    }

    private static string RemoveDiacritics(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c switch { 'Đ' => 'D', 'đ' => 'd', _ => c });
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static List<PersonRef> ReadPeople(Stream population, int max)
    {
        var people = new List<PersonRef>();
        using var reader = new StreamReader(population, Encoding.UTF8, true, 1 << 16, leaveOpen: true);
        string? line;
        while (people.Count < max && (line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            string? Text(string field) => root.TryGetProperty(field, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            string birth = Text("ngay_sinh") ?? "1990";
            people.Add(new PersonRef(
                Text("so_dinh_danh"),
                Text("so_cmnd"),
                Text("ho_ten") ?? "Không Tên",
                int.Parse(birth.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture),
                Text("gioi_tinh") ?? "Nam",
                Text("so_dien_thoai"),
                Text("ma_tinh") ?? "01"));
        }

        if (people.Count == 0)
        {
            throw new DomainException("Tệp dân cư rỗng / the population file holds nobody");
        }

        return people;
    }
}
