using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.Bulk;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Domain.Common;
using PcCovid.Domain.Quarantine;
using PcCovid.Domain.Testing;

namespace PcCovid.Web.Features.Dashboards;

/// <summary>
/// Folds the facts written since the last run into the per-day, per-area counts (<see cref="DailyCount"/>):
/// new cases (by the day of the first positive sample), tests and positives (by the sample's day), doses by
/// dose number (by the day given), each for the nation, the province, the district and the commune of the
/// person's residence. Only rows with an id above the fact's watermark are read, in keyset batches, so a
/// run costs what was written since the previous one, whatever the size of the fact tables. Also recounts
/// the people in quarantine and isolation now per area (<see cref="QuarantineCount"/>).
/// </summary>
/// <remarks>
/// On SQLite writers are serialised, so ids grow in commit order and the highest id is a safe bound. On
/// PostgreSQL a transaction may commit a lower id after a higher one: a run (unless <c>immediate</c>) folds
/// only up to the highest id seen at the previous run, leaving one job interval for such transactions.
/// A fact changed after it was folded (a corrected outcome, a self-declared dose confirmed later) is not
/// refolded: <c>pccovid dashboards --rebuild</c> recounts everything from the facts.
/// </remarks>
public sealed class FoldDailyCounts(PcCovidDbContext db, DatabaseOptions database, TimeProvider clock, ILogger<FoldDailyCounts> logger)
{
    public const string CasesFact = "cases";
    public const string LabResultsFact = "lab_results";
    public const string DosesFact = "doses";

    private const int BatchSize = 20_000;

    public sealed record Outcome(long Cases, long LabResults, long Doses);

    private readonly record struct Area(string? Province, string? District, string? Commune);

    private readonly record struct Delta(long Cases, long Tests, long Positive, long Dose1, long Dose2, long Dose3Plus);

    /// <summary>Folds what is new. <paramref name="immediate"/>: fold up to the highest id now (nothing else writing: tests, demo, CLI).</summary>
    public async Task<Outcome> HandleAsync(bool immediate, CancellationToken cancellationToken)
    {
        long cases = await FoldAsync(CasesFact, immediate, ReadCasesAsync, cancellationToken).ConfigureAwait(false);
        long results = await FoldAsync(LabResultsFact, immediate, ReadLabResultsAsync, cancellationToken).ConfigureAwait(false);
        long doses = await FoldAsync(DosesFact, immediate, ReadDosesAsync, cancellationToken).ConfigureAwait(false);
        await RecountQuarantineAsync(cancellationToken).ConfigureAwait(false);
        if (cases + results + doses > 0)
        {
            logger.LogInformation("Dashboard counts folded: {Cases} cases, {Results} lab results, {Doses} doses", cases, results, doses);
        }

        return new Outcome(cases, results, doses);
    }

    /// <summary>Forgets every count and folds all the facts again (after a bulk correction or a legacy import of old facts).</summary>
    public async Task<Outcome> RebuildAsync(CancellationToken cancellationToken)
    {
        await db.DailyCounts.ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.AggregationWatermarks.ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return await HandleAsync(immediate: true, cancellationToken).ConfigureAwait(false);
    }

    private delegate Task<List<(long Id, DateOnly Day, Area Area, Delta Delta)>> BatchReader(long after, long upTo, CancellationToken cancellationToken);

    private async Task<long> FoldAsync(string fact, bool immediate, BatchReader read, CancellationToken cancellationToken)
    {
        long max = fact switch
        {
            CasesFact => await db.Cases.MaxAsync(c => (long?)c.Id, cancellationToken).ConfigureAwait(false) ?? 0,
            LabResultsFact => await db.LabResults.MaxAsync(r => (long?)r.Id, cancellationToken).ConfigureAwait(false) ?? 0,
            _ => await db.Doses.MaxAsync(d => (long?)d.Id, cancellationToken).ConfigureAwait(false) ?? 0,
        };
        long folded = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            AggregationWatermark? mark = await db.AggregationWatermarks.SingleOrDefaultAsync(w => w.Fact == fact, cancellationToken).ConfigureAwait(false);
            if (mark is null)
            {
                mark = new AggregationWatermark { Fact = fact };
                db.AggregationWatermarks.Add(mark);
            }

            long bound = immediate || database.Provider == DatabaseProvider.Sqlite ? max : Math.Min(mark.SeenId, max);
            // LastId is a concurrency token: two nodes folding the same facts at once, one fails and retries at its next run.
            long last = mark.LastId;
            List<(long Id, DateOnly Day, Area Area, Delta Delta)> rows = last < bound ? await read(last, bound, cancellationToken).ConfigureAwait(false) : [];
            DateTime now = clock.GetUtcNow().UtcDateTime;
            if (rows.Count == 0)
            {
                mark.SeenId = Math.Max(mark.SeenId, max);
                mark.UpdatedAtUtc = now;
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                return folded;
            }

            await AddAsync(rows, cancellationToken).ConfigureAwait(false);
            mark.LastId = rows[^1].Id;
            mark.UpdatedAtUtc = now;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            folded += rows.Count;
        }
    }

    private async Task AddAsync(List<(long Id, DateOnly Day, Area Area, Delta Delta)> rows, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<(string Unit, DateOnly Day), (int Level, string Province, Delta Delta)>();
        foreach ((long _, DateOnly day, Area area, Delta delta) in rows)
        {
            Accumulate(sums, DailyCount.NationCode, 0, string.Empty, day, delta);
            if (area.Province is { } province)
            {
                Accumulate(sums, province, 1, province, day, delta);
                if (area.District is { } district)
                {
                    Accumulate(sums, district, 2, province, day, delta);
                    if (area.Commune is { } commune)
                    {
                        Accumulate(sums, commune, 3, province, day, delta);
                    }
                }
            }
        }

        // The rows touched, read once (by their days, then filtered to the units), added to, saved.
        DateOnly[] days = sums.Keys.Select(k => k.Day).Distinct().ToArray();
        string[] units = sums.Keys.Select(k => k.Unit).Distinct().ToArray();
        var existing = new Dictionary<(string, DateOnly), DailyCount>();
        foreach (string[] chunk in units.Chunk(500))
        {
            List<DailyCount> found = await db.DailyCounts.Where(c => chunk.Contains(c.UnitCode) && days.Contains(c.Day)).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (DailyCount row in found)
            {
                existing[(row.UnitCode, row.Day)] = row;
            }
        }

        // Rows already there are updated through the unit of work; new ones (most of them on a first fold) go in through the bulk store.
        var fresh = new List<DailyCount>();
        foreach (var ((unit, day), (level, province, delta)) in sums)
        {
            if (!existing.TryGetValue((unit, day), out DailyCount? row))
            {
                row = new DailyCount { UnitCode = unit, UnitLevel = level, ProvinceCode = province, Day = day };
                fresh.Add(row);
            }

            row.NewCases += delta.Cases;
            row.Tests += delta.Tests;
            row.TestsPositive += delta.Positive;
            row.Dose1 += delta.Dose1;
            row.Dose2 += delta.Dose2;
            row.Dose3Plus += delta.Dose3Plus;
        }

        await EntityBulkInsert.InsertAsync(db, fresh, cancellationToken).ConfigureAwait(false);
    }

    private static void Accumulate(Dictionary<(string, DateOnly), (int, string, Delta)> sums, string unit, int level, string province, DateOnly day, Delta delta)
    {
        Delta sum = sums.TryGetValue((unit, day), out var found) ? found.Item3 : default;
        sums[(unit, day)] = (level, province, new Delta(
            sum.Cases + delta.Cases, sum.Tests + delta.Tests, sum.Positive + delta.Positive,
            sum.Dose1 + delta.Dose1, sum.Dose2 + delta.Dose2, sum.Dose3Plus + delta.Dose3Plus));
    }

    private static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(VietnamTime.ToVietnam(utc).DateTime);

    private async Task<List<(long, DateOnly, Area, Delta)>> ReadCasesAsync(long after, long upTo, CancellationToken cancellationToken)
    {
        var rows = await (from c in db.Cases.AsNoTracking()
                          where c.Id > after && c.Id <= upTo
                          join p in db.People on c.PersonId equals p.Id into people
                          from p in people.DefaultIfEmpty()
                          orderby c.Id
                          select new { c.Id, c.FirstPositiveSampledAtUtc, c.OnsetOn, c.OpenedAtUtc, Province = p == null ? null : p.ProvinceCode, District = p == null ? null : p.DistrictCode, Commune = p == null ? null : p.CommuneCode })
            .Take(BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        // A case counts on its first positive sample's day; one entered by hand without a sample, on its onset day (else the day it was entered).
        return rows.Select(r => (r.Id, r.FirstPositiveSampledAtUtc is { } sampled ? DayOf(sampled) : r.OnsetOn ?? DayOf(r.OpenedAtUtc), new Area(r.Province, r.District, r.Commune), new Delta(1, 0, 0, 0, 0, 0))).ToList();
    }

    private async Task<List<(long, DateOnly, Area, Delta)>> ReadLabResultsAsync(long after, long upTo, CancellationToken cancellationToken)
    {
        var rows = await (from r in db.LabResults.AsNoTracking()
                          where r.Id > after && r.Id <= upTo
                          join p in db.People on r.PersonId equals (long?)p.Id into people
                          from p in people.DefaultIfEmpty()
                          orderby r.Id
                          select new { r.Id, r.SampledAtUtc, r.Outcome, r.PoolId, Province = p == null ? null : p.ProvinceCode, District = p == null ? null : p.DistrictCode, Commune = p == null ? null : p.CommuneCode })
            .Take(BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => (r.Id, DayOf(r.SampledAtUtc), new Area(r.Province, r.District, r.Commune),
            new Delta(0, 1, r.Outcome == LabOutcome.Positive && r.PoolId == null ? 1 : 0, 0, 0, 0))).ToList();
    }

    private async Task<List<(long, DateOnly, Area, Delta)>> ReadDosesAsync(long after, long upTo, CancellationToken cancellationToken)
    {
        var rows = await (from d in db.Doses.AsNoTracking()
                          where d.Id > after && d.Id <= upTo
                          join p in db.People on d.PersonId equals p.Id
                          orderby d.Id
                          select new { d.Id, d.AdministeredOn, d.DoseNumber, Counted = !d.IsSelfDeclared || d.ConfirmedAtUtc != null, p.ProvinceCode, p.DistrictCode, p.CommuneCode })
            .Take(BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => (r.Id, r.AdministeredOn, new Area(r.ProvinceCode, r.DistrictCode, r.CommuneCode),
            r.Counted ? new Delta(0, 0, 0, r.DoseNumber == 1 ? 1 : 0, r.DoseNumber == 2 ? 1 : 0, r.DoseNumber >= 3 ? 1 : 0) : default)).ToList();
    }

    /// <summary>People under an active order now, per area of residence: one grouped query over the active orders.</summary>
    private async Task RecountQuarantineAsync(CancellationToken cancellationToken)
    {
        var active = await (from o in db.QuarantineOrders.AsNoTracking()
                            where o.Status == QuarantineStatus.Active
                            join p in db.People on o.PersonId equals p.Id
                            group o by new { o.Kind, p.ProvinceCode, p.DistrictCode, p.CommuneCode } into g
                            select new { g.Key.Kind, g.Key.ProvinceCode, g.Key.DistrictCode, g.Key.CommuneCode, Count = g.LongCount() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        var counts = new Dictionary<string, QuarantineCount>(StringComparer.Ordinal);
        void Add(string unit, int level, QuarantineKind kind, long count)
        {
            if (!counts.TryGetValue(unit, out QuarantineCount? row))
            {
                counts[unit] = row = new QuarantineCount { UnitCode = unit, UnitLevel = level, CountedAtUtc = now };
            }

            if (kind == QuarantineKind.F1Quarantine)
            {
                row.F1InQuarantine += count;
            }
            else
            {
                row.F0InIsolation += count;
            }
        }

        foreach (var a in active)
        {
            Add(DailyCount.NationCode, 0, a.Kind, a.Count);
            if (a.ProvinceCode is null)
            {
                continue;
            }

            Add(a.ProvinceCode, 1, a.Kind, a.Count);
            if (a.DistrictCode is null)
            {
                continue;
            }

            Add(a.DistrictCode, 2, a.Kind, a.Count);
            if (a.CommuneCode is not null)
            {
                Add(a.CommuneCode, 3, a.Kind, a.Count);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.QuarantineCounts.ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        db.QuarantineCounts.AddRange(counts.Values);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }
}
