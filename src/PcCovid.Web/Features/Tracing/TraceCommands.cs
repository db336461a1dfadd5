using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Cases;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.People;

namespace PcCovid.Web.Features.Tracing;

/// <summary>
/// <c>pccovid trace CCCD [--depth 2] [--json]</c>: the F1 (and F2) of a person with the evidence, computed now by
/// the engine under the rules in force (a read: nothing is written, nobody is alerted). The window is the
/// person's case's (first positive sample), or, without a case, as if sampled now.
/// </summary>
public static class TraceCommands
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public sealed record Line(int Degree, long PersonId, long? ViaPersonId, string Sources, IReadOnlyList<string> Evidence);

    public static Command Build(Func<IHost> buildHost)
    {
        var citizenId = new Argument<string>("CCCD") { Description = "The person's citizen ID (12 digits)." };
        var depth = new Option<int>("--depth") { Description = "1: F1 only; 2: F1 and F2.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "One JSON document instead of lines." };
        var trace = new Command("trace", "Prints the F1 (and with --depth 2 the F2) of a person, with the evidence.");
        trace.Arguments.Add(citizenId);
        trace.Options.Add(depth);
        trace.Options.Add(json);
        trace.SetAction(async (parseResult, cancellationToken) =>
        {
            using IHost host = buildHost();
            await host.Services.GetRequiredService<Infrastructure.DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            Person? person = await PersonLookup.FindByCitizenIdAsync(db, parseResult.GetValue(citizenId), cancellationToken).ConfigureAwait(false);
            if (person is null)
            {
                await Console.Error.WriteLineAsync("Không tìm thấy người / No person with this citizen ID").ConfigureAwait(false);
                return 1;
            }

            int levels = parseResult.GetValue(depth);
            if (levels is not (1 or 2))
            {
                await Console.Error.WriteLineAsync("--depth là 1 hoặc 2 / --depth is 1 or 2").ConfigureAwait(false);
                return 2;
            }

            ContactTracer tracer = host.Services.GetRequiredService<ContactTracer>();
            TimeProvider clock = host.Services.GetRequiredService<TimeProvider>();
            DateTime now = clock.GetUtcNow().UtcDateTime;
            var latest = await db.Cases.Where(c => c.PersonId == person.Id).OrderByDescending(c => c.Status == CaseStatus.Active).ThenByDescending(c => c.Id)
                .Select(c => new { c.OnsetOn, c.FirstPositiveSampledAtUtc }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            RuleBook book = await tracer.RulesAsync(cancellationToken).ConfigureAwait(false);
            DateTime? onset = latest?.OnsetOn is { } day ? VietnamTime.StartOfDayUtc(day) : null;
            TraceSeed seed = ContactTracer.Seed(book, person.Id, person.ProvinceCode, onset, latest?.FirstPositiveSampledAtUtc ?? onset ?? now, now);
            List<Line> lines = await TraceLinesAsync(tracer, seed, levels, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { personId = person.Id, windowStartUtc = seed.WindowStartUtc, windowEndUtc = seed.WindowEndUtc, contacts = lines },
                    s_json));
                return 0;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Người {person.Id}: cửa sổ lây nhiễm {VietnamTime.Format(seed.WindowStartUtc)} – {VietnamTime.Format(seed.WindowEndUtc)}; F1: {lines.Count(l => l.Degree == 1)}, F2: {lines.Count(l => l.Degree == 2)}"));
            foreach (Line line in lines)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"F{line.Degree}\t{line.PersonId}\t{(line.ViaPersonId is { } via ? "qua " + via.ToString(CultureInfo.InvariantCulture) : "-")}\t{line.Sources}\t{string.Join("; ", line.Evidence)}"));
            }

            return 0;
        });
        return trace;
    }

    /// <summary>F1 of the seed, then (depth 2) the F2 through each F1 from their first exposure, F1s never repeated as F2.</summary>
    public static async Task<List<Line>> TraceLinesAsync(ContactTracer tracer, TraceSeed seed, int depth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        ArgumentNullException.ThrowIfNull(seed);
        List<TracedContact> f1 = await tracer.TraceAsync(seed, cancellationToken).ConfigureAwait(false);
        var lines = f1.Select(c => new Line(1, c.PersonId, null, Sources(c), Evidence(c))).ToList();
        if (depth < 2)
        {
            return lines;
        }

        var seen = f1.Select(c => c.PersonId).Append(seed.PersonId).ToHashSet();
        var seeds = f1.Select(c => seed with
        {
            PersonId = c.PersonId,
            WindowStartUtc = c.FirstExposureUtc ?? seed.WindowStartUtc,
        }).ToList();
        List<TracedContact>[] second = await tracer.TraceBatchAsync(seeds, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < seeds.Count; i++)
        {
            foreach (TracedContact c in second[i].Where(c => seen.Add(c.PersonId)))
            {
                lines.Add(new Line(2, c.PersonId, seeds[i].PersonId, Sources(c), Evidence(c)));
            }
        }

        return lines;
    }

    private static string Sources(TracedContact contact) => string.Join('+', TracingEndpoints.SourceNames(contact.Sources));

    private static List<string> Evidence(TracedContact contact)
    {
        var evidence = contact.Venues.Select(v => string.Create(CultureInfo.InvariantCulture,
            $"venue {v.VenueId} {VietnamTime.Format(CheckIn.FromUnixMilliseconds(v.OverlapStartMs))}–{VietnamTime.Format(CheckIn.FromUnixMilliseconds(v.OverlapEndMs))}")).ToList();
        if (contact.HouseholdCode is { } household)
        {
            evidence.Add("household " + household);
        }

        evidence.AddRange(contact.BluetoothEncounters.Select(b => string.Create(CultureInfo.InvariantCulture,
            $"bluetooth ({b.SourceSystem}) {VietnamTime.Format(b.FirstSeenUtc)}–{VietnamTime.Format(b.LastSeenUtc)} {b.Rssi} dBm")));

        return evidence;
    }
}
