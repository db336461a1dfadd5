using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.Imports;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.Imports;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Vaccination;

/// <summary>
/// Imports the national vaccination platform's export (<c>tiemchung</c> <c>mui_tiem.csv</c>): streaming
/// in batches, idempotent by <c>ma_mui_tiem</c>, every line accounted for
/// (<c>read = inserted + unchanged + rejected + sent to review</c>). A row is linked to a person by
/// citizen ID (12 digits, or the 9-digit CMND) first, then by phone + folded name + birth year; a row
/// matching nobody or several people goes to the review list whole, never dropped. Broken rows are
/// refused with their line number and a reason; the rest of the file still imports. Every dose
/// written is audited.
/// </summary>
public sealed class ImportDoses(PcCovidDbContext db, ReferenceData reference, PersonMatcher matcher, DoseIntervalFlags flags, AuditTrail audit, TimeProvider clock, ILogger<ImportDoses> logger)
{
    public const int BatchSize = 1_000;

    public const int MaxStoredRejections = 100_000;

    public sealed record Result(
        long ImportRunId, long RowsRead, long Inserted, long Unchanged, long Rejected, long SentToReview, long Flagged,
        IReadOnlyList<(long LineNumber, string Reason)> FirstRejections, TimeSpan Elapsed);

    private sealed record Line(long Number, string Text, TiemChungRow Row);

    /// <summary>Imports the file into a new import run, or into <c>openedRunId</c>, the run the console opened when the file was uploaded (its page polls it).</summary>
    public async Task<Result> HandleAsync(Stream input, string fileName, AuditActor actor, CancellationToken cancellationToken, long? openedRunId = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        long started = clock.GetTimestamp();
        ImportRun run = await db.OpenAsync(SourceSystems.Vaccination, fileName, clock.GetUtcNow().UtcDateTime, openedRunId, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Vaccination import {ImportRunId} started from {FileName}", run.Id, run.FileName);

        var tally = new Tally();
        try
        {
            using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            long lineNumber = 0;
            var batch = new List<Line>(BatchSize);
            var seenInFile = new HashSet<string>(StringComparer.Ordinal);
            DateOnly today = VietnamTime.Today(clock);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
            {
                lineNumber++;
                if (lineNumber == 1)
                {
                    if (!IsHeader(text))
                    {
                        throw new DomainException("Dòng 1 phải là tiêu đề của mui_tiem.csv / Line 1 must be the mui_tiem.csv header: " + string.Join(',', TiemChungRow.Header));
                    }

                    continue;
                }

                if (text.Trim().Length == 0)
                {
                    continue;
                }

                tally.Read++;
                List<string>? fields = TiemChungRow.Split(text, out string? problem);
                TiemChungRow? row = fields is null ? null : TiemChungRow.Parse(fields, reference.Vaccines, out problem);
                if (row is null)
                {
                    tally.Refuse(db, run.Id, lineNumber, problem!);
                    continue;
                }

                try
                {
                    Dose.EnsurePlausibleDateInVietnam(row.AdministeredOn, today);
                }
                catch (DomainException exception)
                {
                    tally.Refuse(db, run.Id, lineNumber, exception.Message);
                    continue;
                }

                if (!seenInFile.Add(row.SourceRecordId))
                {
                    // The same record twice in one file: the first one counts.
                    tally.Unchanged++;
                    continue;
                }

                batch.Add(new Line(lineNumber, text, row));
                if (batch.Count >= BatchSize)
                {
                    await WriteBatchAsync(run, batch, actor, tally, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            await WriteBatchAsync(run, batch, actor, tally, cancellationToken).ConfigureAwait(false);
            run.Complete(tally.Read, tally.Inserted, 0, tally.Unchanged, tally.Rejected, clock.GetUtcNow().UtcDateTime, tally.Review);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError("Vaccination import {ImportRunId} failed after {RowsRead} rows: {Error}", run.Id, tally.Read, exception.GetType().Name);
            Detach();
            run.Fail(clock.GetUtcNow().UtcDateTime, exception is DomainException ? exception.Message : null);
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        TimeSpan elapsed = clock.GetElapsedTime(started);
        logger.LogInformation(
            "Vaccination import {ImportRunId} done: {RowsRead} read, {Inserted} inserted, {Unchanged} unchanged, {Rejected} rejected, {Review} for review, {Flagged} flagged in {ElapsedSeconds:F1} s",
            run.Id, tally.Read, tally.Inserted, tally.Unchanged, tally.Rejected, tally.Review, tally.Flagged, elapsed.TotalSeconds);
        return new Result(run.Id, tally.Read, tally.Inserted, tally.Unchanged, tally.Rejected, tally.Review, tally.Flagged, tally.FirstRejections, elapsed);
    }

    private static bool IsHeader(string text)
    {
        List<string>? fields = TiemChungRow.Split(text.TrimStart('\uFEFF'), out _);
        return fields is not null && fields.Select(f => f.Trim().ToLowerInvariant()).SequenceEqual(TiemChungRow.Header, StringComparer.Ordinal);
    }

    private async Task WriteBatchAsync(ImportRun run, List<Line> batch, AuditActor actor, Tally tally, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            run.RecordProgress(tally.Read, tally.Rejected, clock.GetUtcNow().UtcDateTime);
            await SaveAndDetachAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // 1. Already imported (as a dose or a review row): unchanged.
        List<string> keys = batch.Select(l => Dose.KeyOf(SourceSystems.Vaccination, l.Row.SourceRecordId)).ToList();
        List<string> ids = batch.Select(l => l.Row.SourceRecordId).ToList();
        var known = (await db.Doses.AsNoTracking().Where(d => keys.Contains(d.SourceKey)).Select(d => d.SourceKey).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        known.UnionWith((await db.DoseReviews.AsNoTracking().Where(r => r.SourceSystem == SourceSystems.Vaccination && ids.Contains(r.SourceRecordId))
            .Select(r => r.SourceRecordId).ToListAsync(cancellationToken).ConfigureAwait(false)).Select(id => Dose.KeyOf(SourceSystems.Vaccination, id)));
        List<Line> fresh = batch.Where(l => !known.Contains(Dose.KeyOf(SourceSystems.Vaccination, l.Row.SourceRecordId))).ToList();
        tally.Unchanged += batch.Count - fresh.Count;

        // 2. The person: citizen ID (or old CMND) first, then phone + folded name + birth year.
        PersonMatch[] matches = await matcher.MatchAsync(
            fresh.Select(l => new PersonClues(DigitsOf(l.Row.CitizenId), l.Row.Phone, l.Row.FullName, l.Row.BirthYear)).ToList(),
            cancellationToken).ConfigureAwait(false);
        var matched = new List<(Line Line, long PersonId, string? Province)>();
        for (int i = 0; i < fresh.Count; i++)
        {
            if (matches[i].PersonId is { } personId)
            {
                matched.Add((fresh[i], personId, matches[i].ProvinceCode));
            }
            else
            {
                Hold(run, fresh[i], matches[i].IsAmbiguous ? DoseReviewReason.Ambiguous : DoseReviewReason.NoMatch, matches[i].Candidates.Count, null, tally);
            }
        }

        // 4. The matched people's doses, for duplicate dose numbers and the interval check.
        List<long> personIds = matched.Select(m => m.PersonId).Distinct().ToList();
        Dictionary<long, List<DoseFact>> dosesOf = (await db.Doses.AsNoTracking().Where(d => personIds.Contains(d.PersonId))
                .Select(d => new { d.PersonId, d.DoseNumber, d.ProductCode, d.AdministeredOn })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(d => d.PersonId)
            .ToDictionary(g => g.Key, g => g.Select(d => new DoseFact(d.DoseNumber, d.ProductCode, d.AdministeredOn)).ToList());

        // Doses already on record that follow a dose of this batch: their flags are computed again below.
        var recheck = new Dictionary<long, (int DoseNumber, string? Province)>();
        DateTime now = clock.GetUtcNow().UtcDateTime;
        DateOnly today = VietnamTime.Today(clock);
        foreach ((Line line, long personId, string? province) in matched.OrderBy(m => m.Line.Row.DoseNumber).ThenBy(m => m.Line.Number))
        {
            List<DoseFact> facts = dosesOf.TryGetValue(personId, out List<DoseFact>? list) ? list : dosesOf[personId] = [];
            if (facts.Any(f => f.DoseNumber == line.Row.DoseNumber))
            {
                Hold(run, line, DoseReviewReason.DuplicateDoseNumber, 1, personId, tally);
                continue;
            }

            TiemChungRow row = line.Row;
            Dose dose;
            try
            {
                var provenance = new Provenance(SourceSystems.Vaccination, row.SourceRecordId, now, isAuthoritative: true);
                dose = Dose.Record(personId, row.DoseNumber, row.Product, row.Lot, row.AdministeredOn, today, null, row.SiteCode, row.SiteName, row.Reaction, provenance, null, run.Id);
            }
            catch (DomainException exception)
            {
                tally.Refuse(db, run.Id, line.Number, exception.Message);
                continue;
            }

            if (facts.Any(f => f.DoseNumber == row.DoseNumber + 1))
            {
                recheck.TryAdd(personId, (row.DoseNumber, province));
            }

            string? flag = await flags.CheckAsync(DoseIntervalFlags.Fact(dose), facts, province, cancellationToken).ConfigureAwait(false);
            dose.Flag(flag);
            tally.Flagged += flag is null ? 0 : 1;
            facts.Add(DoseIntervalFlags.Fact(dose));
            db.Doses.Add(dose);
            audit.Record(actor, "vaccination.dose.import", personId, AccessPurpose.Vaccination,
                string.Create(CultureInfo.InvariantCulture, $"run {run.Id} line {line.Number} dose {dose.DoseNumber}"));
            tally.Inserted++;
        }

        run.RecordProgress(tally.Read, tally.Rejected, now);
        await SaveAndDetachAsync(cancellationToken).ConfigureAwait(false);
        if (recheck.Count > 0)
        {
            await RecheckAsync(recheck, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecheckAsync(Dictionary<long, (int DoseNumber, string? Province)> recheck, CancellationToken cancellationToken)
    {
        List<long> people = recheck.Keys.ToList();
        foreach (IGrouping<long, Dose> doses in (await db.Doses.Where(d => people.Contains(d.PersonId)).ToListAsync(cancellationToken).ConfigureAwait(false)).GroupBy(d => d.PersonId))
        {
            (int number, string? province) = recheck[doses.Key];
            Dose added = doses.First(d => d.DoseNumber == number);
            await flags.RecheckNextAsync(added, doses.Where(d => !ReferenceEquals(d, added)).ToList(), province, cancellationToken).ConfigureAwait(false);
        }

        await SaveAndDetachAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Hold(ImportRun run, Line line, DoseReviewReason reason, int candidates, long? personId, Tally tally)
    {
        db.DoseReviews.Add(DoseReview.Hold(run.Id, line.Number, SourceSystems.Vaccination, line.Row.SourceRecordId, reason, candidates, personId, line.Text, clock.GetUtcNow().UtcDateTime));
        tally.Review++;
    }

    private async Task SaveAndDetachAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        Detach();
    }

    /// <summary>Stops tracking what was saved so the context does not grow with the file; the run stays tracked.</summary>
    private void Detach()
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is not ImportRun).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    private static string? DigitsOf(string? raw) => raw is null ? null : new(raw.Where(char.IsAsciiDigit).ToArray());

    private sealed class Tally
    {
        public long Read { get; set; }

        public long Inserted { get; set; }

        public long Unchanged { get; set; }

        public long Rejected { get; private set; }

        public long Review { get; set; }

        public long Flagged { get; set; }

        public List<(long LineNumber, string Reason)> FirstRejections { get; } = [];

        public void Refuse(PcCovidDbContext db, long runId, long lineNumber, string reason)
        {
            if (Rejected < MaxStoredRejections)
            {
                db.ImportRejections.Add(new ImportRejection(runId, lineNumber, reason));
            }

            if (FirstRejections.Count < 20)
            {
                FirstRejections.Add((lineNumber, reason));
            }

            Rejected++;
        }
    }
}
