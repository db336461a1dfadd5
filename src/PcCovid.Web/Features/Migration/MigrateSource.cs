using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.Bulk;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Imports;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Migration;
using PcCovid.Domain.People;
using PcCovid.Web.Features.Linkage;
using PcCovid.Web.Features.Migration.Sources;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Migration;

/// <summary>
/// <c>pccovid migrate SOURCE PATH</c>: streams one legacy source through the identity resolver and
/// stores every record's outcome in <c>legacy_links</c> (linked, review, claim, new; broken rows
/// rejected with line number and reason), writing the facts of linked and new records with provenance,
/// storing the phone numbers those records carry for their persons (self-declared; what the resolver learns)
/// and holding claims for the phone's owner. Batches commit in one transaction each, with the run's
/// last committed line: a killed run resumes after it (no duplicate, no gap), and a record already in
/// <c>legacy_links</c> is skipped (a second run creates nothing).
/// </summary>
public sealed class MigrateSource(
    PcCovidDbContext db,
    IdentityResolverFactory resolvers,
    LegacyFactWriter facts,
    ReferenceData reference,
    TimeProvider clock,
    ILogger<MigrateSource> logger)
{
    /// <summary>
    /// Records per transaction. A batch's doses, links and declarations land at random places in their tables' indexes,
    /// so a batch writes nearly as many index pages as it has records, whatever its size: at 10,000 records a batch the
    /// pages written per record are a fifth of what they were at 2,000 (a million-person tiemchung run: commit 6.2 s → 2.3 s).
    /// </summary>
    public const int BatchSize = 10_000;

    public const int MaxStoredRejections = 100_000;

    /// <summary>Refused lines of Bluezone's second file are stored under the same run, their reason prefixed with the file.</summary>
    public const string EncountersPrefix = "encounters.csv: ";

    /// <summary>Refused lines of the QR venues file, likewise.</summary>
    public const string VenuesPrefix = "dia_diem.csv: ";

    public static readonly string[] Sources =
    [
        SourceSystems.Bluezone, SourceSystems.Ncovi, SourceSystems.Vhd, SourceSystems.HealthBook,
        SourceSystems.Vaccination, SourceSystems.QrCheckIn, SourceSystems.LabResults,
    ];

    public sealed record Progress(long BytesRead, long LastLine);

    /// <summary>Batches read and checked ahead of the one being resolved and written (bounds the memory of the pipeline).</summary>
    public const int BatchesAhead = 3;

    /// <summary>Records per committed batch (tests make it small to kill a run between batches).</summary>
    public int BatchRows { get; set; } = BatchSize;

    /// <summary>
    /// Told the migration run's id as soon as the run is opened or resumed, before its first batch: the staff console
    /// hands it to the page that polls the run's progress.
    /// </summary>
    public Action<long>? RunOpened { get; set; }

    /// <summary>The run's report (legacy-sources.md §8). <c>Read = Linked + Review + Claim + New + Rejected + AlreadyMigrated</c>.</summary>
    public sealed record Report(
        long MigrationRunId,
        string Source,
        bool Resumed,
        long Read,
        long Rejected,
        long Linked,
        IReadOnlyDictionary<string, long> LinkedByRule,
        long Review,
        long Claim,
        long New,
        long PersonsCreated,
        long AlreadyMigrated,
        long FactsCreated,
        long SecondaryRead,
        long SecondaryRejected,
        long SecondaryFacts,
        IReadOnlyList<(long LineNumber, string Reason)> FirstRejections,
        TimeSpan Elapsed);

    /// <summary>The files a source reads from PATH (a folder, or the file itself for a one-file source).</summary>
    public static (string Main, string? Secondary) FilesOf(string source, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        bool folder = Directory.Exists(path);
        string In(string name) => folder ? Path.Combine(path, name) : path;
        return source switch
        {
            SourceSystems.Bluezone => (Path.Combine(folder ? path : Path.GetDirectoryName(path)!, BluezoneSource.UsersFileName), Path.Combine(folder ? path : Path.GetDirectoryName(path)!, BluezoneSource.EncountersFileName)),
            SourceSystems.QrCheckIn => (Path.Combine(folder ? path : Path.GetDirectoryName(path)!, QrSource.CheckInsFileName), Path.Combine(folder ? path : Path.GetDirectoryName(path)!, QrSource.VenuesFileName)),
            SourceSystems.Ncovi => (In(NcoviSource.FileName), null),
            SourceSystems.Vhd => (In(VhdSource.FileName), null),
            SourceSystems.HealthBook => (In(SskdtSource.FileName), null),
            SourceSystems.Vaccination => (In(TiemChungSource.FileName), null),
            SourceSystems.LabResults => (In(XetNghiemSource.FileName), null),
            _ => throw new DomainException($"Nguồn không rõ / unknown source '{source}': one of {string.Join(", ", Sources)}"),
        };
    }

    /// <summary>Runs one source. <paramref name="resolver"/>: null builds the Vietnamese resolver over the registry (tests may pass their own).</summary>
    public async Task<Report> HandleAsync(string source, string path, IProgress<Progress>? progress, CancellationToken cancellationToken, IIdentityResolver? resolver = null)
    {
        (string main, string? secondary) = FilesOf(source, path);
        if (!File.Exists(main))
        {
            throw new DomainException($"Không có tệp / no such file: {Path.GetFileName(main)}");
        }

        long started = clock.GetTimestamp();
        long startedTicks = Stopwatch.GetTimestamp();
        // The registry index is built on another thread (its own context) while this one opens the run and
        // the reader reads and checks the first batches: nothing before the first resolution needs it.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<IIdentityResolver> resolverReady = resolver is not null
            ? Task.FromResult(resolver)
            : Task.Run(async () => (IIdentityResolver)await resolvers.CreateAsync(stop.Token).ConfigureAwait(false), stop.Token);
        SqliteBulkWriteSession? session = null;
        try
        {
            session = await SqliteBulkWriteSession.BeginAsync(db, cancellationToken).ConfigureAwait(false);
            return await RunAsync(source, main, secondary, resolverReady, progress, started, startedTicks, stop, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }

            await stop.CancelAsync().ConfigureAwait(false);
            // Observed, never thrown from here: a failure of the resolver's build surfaces where it is awaited.
            await resolverReady.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private async Task<Report> RunAsync(string source, string main, string? secondary, Task<IIdentityResolver> resolverReady, IProgress<Progress>? progress, long started, long startedTicks,
        CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        DateTime now = clock.GetUtcNow().UtcDateTime;
        string fileName = Path.GetFileName(main);

        // Resume the unfinished run of this file, if any.
        MigrationRun? run = await db.MigrationRuns.Where(r => r.Source == source && r.FileName == fileName && !r.Completed)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        bool resumed = run is not null;
        ImportRun importRun;
        if (run is null)
        {
            importRun = ImportRun.Start("migrate:" + source, fileName, now);
            db.ImportRuns.Add(importRun);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            run = MigrationRun.Start(source, fileName, now, importRun.Id);
            db.MigrationRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            long importRunId = run.ImportRunId;
            importRun = await db.ImportRuns.SingleAsync(r => r.Id == importRunId, cancellationToken).ConfigureAwait(false);
            if (importRun.Status == ImportRunStatus.Failed)
            {
                // A run the console marked failed (a file refused as a whole, a server error) is taken up again.
                importRun.Reopen(now);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        RunOpened?.Invoke(run.Id);

        logger.LogInformation("Migration run {MigrationRunId} of {Source} {Mode} after line {LastLine}", run.Id, source, resumed ? "resumed" : "started", run.LastCommittedLine);
        var tally = Tally.From(run);
        var phases = new Phases();
        var first = new List<(long, string)>();
        (long SecondaryRead, long SecondaryRejected, long SecondaryFacts) secondaryTally = (0, 0, 0);

        if (source == SourceSystems.QrCheckIn && secondary is not null && File.Exists(secondary))
        {
            secondaryTally = await ReadVenuesAsync(secondary, importRun, cancellationToken).ConfigureAwait(false);
        }

        // Two stages: a reader task reads, parses and checks the facts of batch N+1 (no database, no resolver)
        // while this thread resolves batch N and writes it. The resolver's state is touched by this thread
        // only, batch after batch in file order, so a person created by batch N is known when N+1 is resolved.
        phases.Time(Phase.Start, startedTicks);
        Channel<Prepared> prepared = Channel.CreateBounded<Prepared>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
        long skipAfter = run.LastCommittedLine;
        Task reader = Task.Run(() => ReadBatchesAsync(source, main, skipAfter, prepared.Writer, phases, stop.Token), stop.Token);
        try
        {
            IIdentityResolver? resolver = null;
            long waiting = Stopwatch.GetTimestamp();
            while (await prepared.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                phases.Time(Phase.Wait, waiting);
                while (prepared.Reader.TryRead(out Prepared? batch))
                {
                    if (resolver is null)
                    {
                        long building = Stopwatch.GetTimestamp();
                        resolver = await resolverReady.ConfigureAwait(false);
                        phases.Time(Phase.Start, building);
                    }

                    await CommitBatchAsync(resolver, run, importRun, batch, tally, first, phases, cancellationToken).ConfigureAwait(false);
                    progress?.Report(new Progress(batch.BytesRead, run.LastCommittedLine));
                }

                waiting = Stopwatch.GetTimestamp();
            }

            await reader.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await reader.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }

        if (source == SourceSystems.Bluezone && secondary is not null && File.Exists(secondary))
        {
            secondaryTally = await ReadEncountersAsync(secondary, importRun, cancellationToken).ConfigureAwait(false);
            tally.Facts += secondaryTally.SecondaryFacts;
        }

        run.Checkpoint(run.LastCommittedLine, tally.Read, tally.Rejected, tally.Linked, tally.RulesText(), tally.Review, tally.Claim, tally.New, tally.PersonsCreated, tally.Already, tally.Facts);
        run.Complete(clock.GetUtcNow().UtcDateTime);
        importRun.Complete(tally.Read, tally.Linked + tally.New + tally.Claim, 0, tally.Already, tally.Rejected, clock.GetUtcNow().UtcDateTime, tally.Review);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        TimeSpan elapsed = clock.GetElapsedTime(started);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Migration run {MigrationRunId} of {Source} phases (s): {Phases}", run.Id, source, phases.ToString());
        }

        logger.LogInformation(
            "Migration run {MigrationRunId} of {Source} done: {Read} read, {Rejected} rejected, {Linked} linked, {Review} review, {Claim} claim, {New} new, {Already} already migrated, {Facts} facts in {Seconds:F1} s",
            run.Id, source, tally.Read, tally.Rejected, tally.Linked, tally.Review, tally.Claim, tally.New, tally.Already, tally.Facts, elapsed.TotalSeconds);
        return new Report(run.Id, source, resumed, tally.Read, tally.Rejected, tally.Linked, tally.Rules, tally.Review, tally.Claim, tally.New, tally.PersonsCreated, tally.Already, tally.Facts,
            secondaryTally.SecondaryRead, secondaryTally.SecondaryRejected, secondaryTally.SecondaryFacts, first, elapsed);
    }

    /// <summary>A batch read and checked ahead: its items, each record's fact problem (null: none), the bytes read so far.</summary>
    private sealed record Prepared(List<SourceItem> Items, string?[] Problems, long BytesRead);

    /// <summary>
    /// The reader stage: reads the file, skips the lines a resumed run committed already, and checks each
    /// record's fact (pure: the model's own rules, no database) so the writer stage only resolves and writes.
    /// </summary>
    private async Task ReadBatchesAsync(string source, string path, long skipAfter, ChannelWriter<Prepared> writer, Phases phases, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            long mark = Stopwatch.GetTimestamp();
            FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            await using (stream.ConfigureAwait(false))
            {
                var batch = new List<SourceItem>(BatchRows);
                await foreach (SourceItem item in Read(source, stream, cancellationToken).ConfigureAwait(false))
                {
                    if (item.LineNumber <= skipAfter)
                    {
                        continue;
                    }

                    batch.Add(item);
                    if (batch.Count >= BatchRows)
                    {
                        Prepared ready = Check(batch, stream.Position);
                        phases.Time(Phase.Read, mark);
                        await writer.WriteAsync(ready, cancellationToken).ConfigureAwait(false);
                        mark = Stopwatch.GetTimestamp();
                        batch = new List<SourceItem>(BatchRows);
                    }
                }

                if (batch.Count > 0)
                {
                    Prepared last = Check(batch, stream.Position);
                    phases.Time(Phase.Read, mark);
                    await writer.WriteAsync(last, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception)
        {
            failure = exception;
            throw;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    private Prepared Check(List<SourceItem> batch, long bytesRead)
    {
        string?[] problems = new string?[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            if (batch[i].Record is { } record)
            {
                problems[i] = facts.Problem(record);
            }
        }

        return new Prepared(batch, problems, bytesRead);
    }

    /// <summary>
    /// Checks the files of <paramref name="path"/> before a run is started for them (the staff console's uploads): the
    /// source's file is there and holds at least one record under the source's header, and a second file, when
    /// present, starts with its own header. Null when they can be migrated; otherwise why not, in both languages.
    /// </summary>
    public async Task<string?> CheckFilesAsync(string source, string path, CancellationToken cancellationToken)
    {
        (string main, string? secondary) = FilesOf(source, path);
        if (!File.Exists(main) || new FileInfo(main).Length == 0)
        {
            return $"Tệp {Path.GetFileName(main)} trống / the file {Path.GetFileName(main)} is empty";
        }

        string reading = main;
        try
        {
            FileStream stream = new(main, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            await using (stream.ConfigureAwait(false))
            {
                IAsyncEnumerator<SourceItem> items = Read(source, stream, cancellationToken).GetAsyncEnumerator(cancellationToken);
                await using (items.ConfigureAwait(false))
                {
                    if (!await items.MoveNextAsync().ConfigureAwait(false))
                    {
                        return $"Tệp {Path.GetFileName(main)} không có bản ghi nào / the file {Path.GetFileName(main)} holds no records";
                    }
                }
            }

            if (secondary is not null && File.Exists(secondary))
            {
                reading = secondary;
                FileStream second = new(secondary, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
                await using (second.ConfigureAwait(false))
                {
                    // Reading the first line checks the header; an empty second file is an export with nothing in it.
                    if (source == SourceSystems.QrCheckIn)
                    {
                        await foreach (var _ in QrSource.ReadVenuesAsync(second, cancellationToken).ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    else
                    {
                        await foreach (var _ in BluezoneSource.ReadEncountersAsync(second, cancellationToken).ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                }
            }
        }
        catch (DomainException exception)
        {
            return $"{Path.GetFileName(reading)}: {exception.Message}";
        }

        return null;
    }

    private IAsyncEnumerable<SourceItem> Read(string source, Stream stream, CancellationToken cancellationToken) => source switch
    {
        SourceSystems.Bluezone => BluezoneSource.ReadUsersAsync(stream, cancellationToken),
        SourceSystems.Ncovi => NcoviSource.ReadAsync(stream, reference, cancellationToken),
        SourceSystems.Vhd => VhdSource.ReadAsync(stream, cancellationToken),
        SourceSystems.HealthBook => SskdtSource.ReadAsync(stream, cancellationToken),
        SourceSystems.Vaccination => TiemChungSource.ReadAsync(stream, reference.Vaccines, cancellationToken),
        SourceSystems.QrCheckIn => QrSource.ReadCheckInsAsync(stream, cancellationToken),
        SourceSystems.LabResults => XetNghiemSource.ReadAsync(stream, cancellationToken),
        _ => throw new DomainException("unknown source"),
    };

    private async Task CommitBatchAsync(IIdentityResolver resolver, MigrationRun run, ImportRun importRun, Prepared prepared, Tally tally, List<(long, string)> first, Phases phases, CancellationToken cancellationToken)
    {
        List<SourceItem> batch = prepared.Items;
        if (batch.Count == 0)
        {
            return;
        }

        long mark = Stopwatch.GetTimestamp();

        DateTime now = clock.GetUtcNow().UtcDateTime;
        string source = run.Source;
        void Refuse(long line, string reason)
        {
            if (tally.Rejected < MaxStoredRejections)
            {
                db.ImportRejections.Add(new ImportRejection(importRun.Id, line, reason));
            }

            if (first.Count < 20)
            {
                first.Add((line, reason));
            }

            tally.Rejected++;
        }

        // 1. Records already migrated (an earlier run) are skipped; a record id repeated in the file is refused.
        List<string> ids = batch.Where(i => i.Record is not null).Select(i => i.Record!.Identity.SourceRecordId).Distinct(StringComparer.Ordinal).ToList();
        var known = (await db.LegacyLinks.AsNoTracking().Where(l => l.Source == source && EF.Parameter(ids).Contains(l.SourceRecordId)).Select(l => l.SourceRecordId)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        mark = phases.Time(Phase.Existing, mark);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var fresh = new List<LegacyRecord>(batch.Count);
        for (int k = 0; k < batch.Count; k++)
        {
            SourceItem item = batch[k];
            tally.Read++;
            if (item.Record is not { } record)
            {
                Refuse(item.LineNumber, item.Problem ?? "?");
                continue;
            }

            string id = record.Identity.SourceRecordId;
            if (known.Contains(id))
            {
                tally.Already++;
                continue;
            }

            if (seen.TryGetValue(id, out long earlier))
            {
                Refuse(item.LineNumber, string.Create(CultureInfo.InvariantCulture, $"Mã bản ghi trùng dòng {earlier} / duplicate record id of line {earlier}"));
                continue;
            }

            if (prepared.Problems[k] is { } problem)
            {
                Refuse(item.LineNumber, problem);
                continue;
            }

            seen[id] = item.LineNumber;
            fresh.Add(record);
        }


        // 2. Identity resolution, then the outcomes.
        var decisions = new List<(LegacyRecord Record, LinkDecision Decision)>(fresh.Count);
        foreach (LegacyRecord record in fresh)
        {
            decisions.Add((record, resolver.Resolve(record.Identity)));
        }

        mark = phases.Time(Phase.Resolve, mark);

        // Check-ins of linked records go first, through the check-in store: it commits on its own connection
        // (SQLite allows one writer), idempotent by source + record id, so a batch killed after them and
        // before its commit writes them again harmlessly when resumed.
        var early = decisions.Where(d => d.Decision is { Outcome: LinkOutcome.Linked, PersonId: not null } && d.Record.Fact is CheckInFact)
            .Select(d => (d.Record, d.Decision.PersonId!.Value)).ToList();
        tally.Facts += await facts.WriteAsync(early, importRun.Id, cancellationToken).ConfigureAwait(false);
        var writtenEarly = early.Select(e => e.Record).ToHashSet();
        mark = phases.Time(Phase.Facts, mark);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // 3. New persons: one per NewPersonKey (several records of one unknown person become one).
        var created = new Dictionary<string, (Person Person, LegacyIdentity First)>(StringComparer.Ordinal);
        for (int k = 0; k < decisions.Count; k++)
        {
            (LegacyRecord record, LinkDecision decision) = decisions[k];
            if (decision.Outcome != LinkOutcome.New)
            {
                continue;
            }

            string key = decision.NewPersonKey ?? (source + ":" + record.Identity.SourceRecordId);
            if (created.ContainsKey(key))
            {
                continue;
            }

            if (facts.NewPerson(record, now) is { } person)
            {
                db.People.Add(person);
                created[key] = (person, record.Identity);
            }
            else
            {
                // Not enough to create anyone (no birth year): a steward decides.
                decisions[k] = (record, new LinkDecision(LinkOutcome.Review, null, decision.Score, "new-without-birth-year"));
            }
        }

        if (created.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            foreach ((Person person, LegacyIdentity firstRecord) in created.Values)
            {
                resolver.AddPerson(person.Id, firstRecord);
                tally.PersonsCreated++;
            }
        }

        mark = phases.Time(Phase.Persons, mark);

        // 4. Links, claims and facts.
        var toWrite = new List<(LegacyRecord, long)>();
        var decided = new List<(LegacyRecord, long)>(decisions.Count);
        var links = new List<LegacyLink>(decisions.Count);
        var claims = new List<HeldClaim>();
        foreach ((LegacyRecord record, LinkDecision original) in decisions)
        {
            LinkDecision decision = original;
            if (decision.Outcome == LinkOutcome.New)
            {
                string key = decision.NewPersonKey ?? (source + ":" + record.Identity.SourceRecordId);
                decision = decision with { PersonId = created[key].Person.Id };
            }

            string? payload = null;
            switch (decision.Outcome)
            {
                case LinkOutcome.Linked when decision.PersonId is { } person:
                    if (!writtenEarly.Contains(record))
                    {
                        toWrite.Add((record, person));
                    }

                    decided.Add((record, person));
                    tally.Linked++;
                    tally.Rules[decision.Rule] = tally.Rules.GetValueOrDefault(decision.Rule) + 1;
                    break;
                case LinkOutcome.New:
                    toWrite.Add((record, decision.PersonId!.Value));
                    decided.Add((record, decision.PersonId!.Value));
                    tally.New++;
                    break;
                case LinkOutcome.Claim when reference.Phones.Normalize(record.Identity.Phone).E164 is { } phone:
                    claims.Add(HeldClaim.Hold(phone, source, record.Identity.SourceRecordId, record.Fact.Kind, record.Fact.OccurredAtUtc,
                        record.Identity.FullName ?? string.Empty, LegacyPayload.Of(record).ToJson(), now));
                    tally.Claim++;
                    break;
                case LinkOutcome.Rejected:
                    Refuse(record.LineNumber, decision.Rule);
                    continue;
                default:
                    // Review (or a claim without a usable phone, or a link without a person): a steward decides.
                    decision = decision with { Outcome = LinkOutcome.Review };
                    payload = LegacyPayload.Of(record).ToJson();
                    tally.Review++;
                    break;
            }

            LegacyLink link = LegacyLink.Record(source, record.Identity.SourceRecordId, decision, run.Id, record.LineNumber, now, payload);
            if (decision.Outcome is LinkOutcome.Linked or LinkOutcome.New)
            {
                link.MarkFactWritten();
            }

            links.Add(link);
        }

        // The batch's own rows go in at once, inside its transaction: nothing in the batch reads their ids.
        await EntityBulkInsert.InsertAsync(db, links, cancellationToken).ConfigureAwait(false);
        await EntityBulkInsert.InsertAsync(db, claims, cancellationToken).ConfigureAwait(false);
        mark = phases.Time(Phase.Links, mark);

        // The phones of the linked and new records, as the resolver learnt them: a later run's resolver, built from the
        // registry, knows them too. Claims and reviews store none. The health book's phones are among them.
        tally.Facts += await facts.StorePhonesAsync(decided, cancellationToken, bulk: true).ConfigureAwait(false);
        tally.Facts += await facts.WriteAsync(toWrite, importRun.Id, cancellationToken, bulk: true).ConfigureAwait(false);
        mark = phases.Time(Phase.Facts, mark);

        long lastLine = batch[^1].LineNumber;
        run.Checkpoint(lastLine, tally.Read, tally.Rejected, tally.Linked, tally.RulesText(), tally.Review, tally.Claim, tally.New, tally.PersonsCreated, tally.Already, tally.Facts);
        // The counts and the time of this batch, in the database: the console's poll reads them on any node.
        importRun.RecordProgress(tally.Read, tally.Rejected, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is not (MigrationRun or ImportRun)).ToList())
        {
            entry.State = EntityState.Detached;
        }

        phases.Time(Phase.Commit, mark);
    }

    private enum Phase
    {
        Start,
        Read,
        Wait,
        Existing,
        Resolve,
        Persons,
        Links,
        Facts,
        Commit,
    }

    /// <summary>
    /// Where a run's time goes, per phase (logged at debug level: seconds only). Read (and the fact check) is
    /// the reader stage's own time, on its thread, overlapping the others; wait is the writer stage waiting for it.
    /// </summary>
    private sealed class Phases
    {
        private readonly long[] _ticks = new long[Enum.GetValues<Phase>().Length];

        /// <summary>Adds the time since <paramref name="since"/> to the phase; returns now.</summary>
        public long Time(Phase phase, long since)
        {
            long now = Stopwatch.GetTimestamp();
            Interlocked.Add(ref _ticks[(int)phase], now - since);
            return now;
        }

        public override string ToString() => string.Join(", ", Enum.GetValues<Phase>().Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{p.ToString().ToLowerInvariant()} {(double)_ticks[(int)p] / Stopwatch.Frequency:F2}")));
    }

    /// <summary>Venues of <c>dia_diem.csv</c>, upserted by legacy code (a newer export updates the venue, its status stays staff's).</summary>
    private async Task<(long, long, long)> ReadVenuesAsync(string path, ImportRun importRun, CancellationToken cancellationToken)
    {
        long read = 0, rejected = 0, created = 0;
        FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        await using (stream.ConfigureAwait(false))
        {
            var batch = new List<LegacyVenue>(BatchSize);
            await foreach ((long line, LegacyVenue? venue, string? problem) in QrSource.ReadVenuesAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                read++;
                if (venue is null)
                {
                    db.ImportRejections.Add(new ImportRejection(importRun.Id, line, VenuesPrefix + problem));
                    rejected++;
                    continue;
                }

                batch.Add(venue);
                if (batch.Count >= BatchSize)
                {
                    (int added, int refused) = await UpsertVenuesAsync(batch, importRun, cancellationToken).ConfigureAwait(false);
                    (created, rejected) = (created + added, rejected + refused);
                    batch.Clear();
                }
            }

            (int lastAdded, int lastRefused) = await UpsertVenuesAsync(batch, importRun, cancellationToken).ConfigureAwait(false);
            (created, rejected) = (created + lastAdded, rejected + lastRefused);
        }

        return (read, rejected, created);
    }

    private async Task<(int Added, int Refused)> UpsertVenuesAsync(List<LegacyVenue> batch, ImportRun importRun, CancellationToken cancellationToken)
    {
        DateTime now = clock.GetUtcNow().UtcDateTime;
        List<string> codes = batch.Select(v => v.Code).Distinct(StringComparer.Ordinal).ToList();
        Dictionary<string, Venue> known = await db.Venues.Where(v => v.LegacyCode != null && EF.Parameter(codes).Contains(v.LegacyCode))
            .ToDictionaryAsync(v => v.LegacyCode!, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        int added = 0, refused = 0;
        foreach (LegacyVenue v in batch)
        {
            VenueKind kind = VenueKinds.TryParse(v.Kind, out VenueKind parsed) ? parsed : VenueKind.Other;
            try
            {
                if (known.TryGetValue(v.Code, out Venue? venue))
                {
                    venue.UpdateFromLegacy(v.Name, kind, v.CommuneCode ?? string.Empty, v.Address ?? string.Empty, v.Latitude, v.Longitude, reference.Catalog);
                }
                else
                {
                    venue = Venue.FromLegacy(v.Code, v.Name, kind, v.CommuneCode ?? string.Empty, v.Address ?? string.Empty, v.Latitude, v.Longitude, reference.Catalog, now);
                    db.Venues.Add(venue);
                    known[v.Code] = venue;
                    added++;
                }
            }
            catch (DomainException exception)
            {
                db.ImportRejections.Add(new ImportRejection(importRun.Id, v.LineNumber, VenuesPrefix + (exception.Message.Length <= 250 ? exception.Message : exception.Message[..250])));
                refused++;
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is not (MigrationRun or ImportRun)).ToList())
        {
            entry.State = EntityState.Detached;
        }

        return (added, refused);
    }

    private async Task<(long, long, long)> ReadEncountersAsync(string path, ImportRun importRun, CancellationToken cancellationToken)
    {
        long read = 0, rejected = 0, created = 0;
        FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        await using (stream.ConfigureAwait(false))
        {
            var batch = new List<BluezoneEncounter>(BatchSize);
            await foreach ((long line, BluezoneEncounter? encounter, string? problem) in BluezoneSource.ReadEncountersAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                read++;
                if (encounter is null)
                {
                    if (rejected < MaxStoredRejections)
                    {
                        db.ImportRejections.Add(new ImportRejection(importRun.Id, line, EncountersPrefix + problem));
                    }

                    rejected++;
                    continue;
                }

                batch.Add(encounter);
                if (batch.Count >= BatchSize)
                {
                    created += await WriteEncountersAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            created += await WriteEncountersAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return (read, rejected, created);
    }

    private async Task<long> WriteEncountersAsync(List<BluezoneEncounter> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        List<string> installations = batch.SelectMany(e => new[] { e.UploaderId, e.SeenId }).Distinct(StringComparer.Ordinal).ToList();
        Dictionary<string, long?> persons = await db.LegacyLinks.AsNoTracking()
            .Where(l => l.Source == SourceSystems.Bluezone && EF.Parameter(installations).Contains(l.SourceRecordId) && (l.Outcome == LinkOutcome.Linked || l.Outcome == LinkOutcome.New))
            .ToDictionaryAsync(l => l.SourceRecordId, l => l.PersonId, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var encounters = batch.Select(e => LegacyEncounter.Record(e.UploaderId, e.SeenId, persons.GetValueOrDefault(e.UploaderId), persons.GetValueOrDefault(e.SeenId), e.FirstSeenUtc, e.LastSeenUtc, e.RssiAverage, e.TxPower, now))
            .GroupBy(e => e.SourceKey, StringComparer.Ordinal).Select(g => g.First()).ToList();
        List<string> keys = encounters.Select(e => e.SourceKey).ToList();
        var existing = (await db.LegacyEncounters.AsNoTracking().Where(e => EF.Parameter(keys).Contains(e.SourceKey)).Select(e => e.SourceKey).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        List<LegacyEncounter> fresh = encounters.Where(e => !existing.Contains(e.SourceKey)).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await EntityBulkInsert.InsertAsync(db, fresh, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        int added = fresh.Count;

        return added;
    }

    private sealed class Tally
    {
        public long Read { get; set; }

        public long Rejected { get; set; }

        public long Linked { get; set; }

        public Dictionary<string, long> Rules { get; } = new(StringComparer.Ordinal);

        public long Review { get; set; }

        public long Claim { get; set; }

        public long New { get; set; }

        public long PersonsCreated { get; set; }

        public long Already { get; set; }

        public long Facts { get; set; }

        public static Tally From(MigrationRun run)
        {
            var tally = new Tally
            {
                Read = run.Read, Rejected = run.Rejected, Linked = run.Linked, Review = run.Review, Claim = run.Claim, New = run.NewPersons,
                PersonsCreated = run.PersonsCreated, Already = run.AlreadyLinked, Facts = run.FactsCreated,
            };
            foreach (string pair in run.LinkedByRule.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.LastIndexOf('=');
                if (eq > 0 && long.TryParse(pair.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
                {
                    tally.Rules[pair[..eq]] = n;
                }
            }

            return tally;
        }

        public string RulesText() => string.Join(';', Rules.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key}={r.Value}")));
    }
}
