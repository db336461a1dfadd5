using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PcCovid.Data;
using PcCovid.Data.Bulk;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.Testing;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.People;

namespace PcCovid.Web.Features.Testing;

/// <summary>
/// Records a batch of one lab's results in one transaction, whatever they came by (API, CSV, demo):
/// a sample already recorded is left alone (re-submission is idempotent), each new result is matched
/// to a person or put on the review list, a positive pool orders retests of its members, an individual
/// result closes its person's open retest order, and a positive individual result opens a case (F0)
/// with one <see cref="CaseEventTypes.CaseOpened"/> event in the outbox, or updates the active case.
/// </summary>
public sealed class RecordLabResults(PcCovidDbContext db, PersonMatcher matcher, AuditTrail audit, TimeProvider clock, DatabaseOptions database)
{
    public sealed record Rejection(long LineNumber, string Reason);

    /// <summary>What became of a batch. <c>Received = Recorded + Unchanged + Rejected.Count</c>.</summary>
    public sealed class Outcome
    {
        public int Received { get; set; }

        public int Recorded { get; set; }

        public int Unchanged { get; set; }

        public int Matched { get; set; }

        public int SentToReview { get; set; }

        public int CasesOpened { get; set; }

        public int CasesUpdated { get; set; }

        public int RetestsOrdered { get; set; }

        public int RetestsClosed { get; set; }

        public List<Rejection> Rejected { get; } = [];

        /// <summary>The ids of the results, in input order (0 where refused); for the single-result API.</summary>
        public List<long> ResultIds { get; } = [];
    }

    /// <summary>
    /// Records the batch. <c>auditEachResult</c>: true for the API and the demo (one audit entry per
    /// linked result); a file import audits its cases, retests and the run.
    /// </summary>
    public async Task<Outcome> HandleAsync(
        long labFacilityId,
        IReadOnlyList<LabResultInput> inputs,
        string sourceSystem,
        long? importRunId,
        AuditActor actor,
        bool auditEachResult,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(actor);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        var outcome = new Outcome { Received = inputs.Count };

        // 1. Repeats: within the batch the first line wins; a sample the lab already sent is unchanged.
        var sampleIds = inputs.Select(i => i.SampleId).Distinct(StringComparer.Ordinal).ToList();
        Dictionary<string, KnownSample> existing = await KnownSamplesAsync(labFacilityId, sampleIds, cancellationToken).ConfigureAwait(false);
        var firstLine = new Dictionary<string, LabResultInput>(StringComparer.Ordinal);
        var fresh = new List<(int Index, LabResultInput Input, LabResult Result)>();
        for (int i = 0; i < inputs.Count; i++)
        {
            outcome.ResultIds.Add(0);
            LabResultInput input = inputs[i];
            if (existing.TryGetValue(input.SampleId, out var known))
            {
                if (known.Outcome == input.Outcome && SameTime(known.SampledAtUtc, input.SampledAtUtc))
                {
                    outcome.Unchanged++;
                    outcome.ResultIds[i] = known.Id;
                }
                else
                {
                    outcome.Rejected.Add(new Rejection(input.LineNumber, "Mã mẫu đã có kết quả khác / sample id already recorded with a different result"));
                }

                continue;
            }

            if (firstLine.TryGetValue(input.SampleId, out LabResultInput? earlier))
            {
                if (earlier.Outcome == input.Outcome && earlier.SampledAtUtc == input.SampledAtUtc)
                {
                    outcome.Unchanged++;
                }
                else
                {
                    outcome.Rejected.Add(new Rejection(input.LineNumber, $"Mã mẫu trùng dòng {earlier.LineNumber} với kết quả khác / duplicate sample id with a different result than line {earlier.LineNumber}"));
                }

                continue;
            }

            string? problem = LabResult.Check(input.SampleId, input.TestType, input.Outcome, input.Ct, input.SampledAtUtc, input.ReportedAtUtc, now);
            if (problem is not null)
            {
                outcome.Rejected.Add(new Rejection(input.LineNumber, problem));
                continue;
            }

            firstLine.Add(input.SampleId, input);
            var provenance = new Provenance(sourceSystem, input.SampleId, now, isAuthoritative: true);
            fresh.Add((i, input, LabResult.Record(labFacilityId, input.SampleId, input.PoolId, input.TestType, input.Outcome, input.Ct, input.SampledAtUtc, input.ReportedAtUtc, provenance, now, importRunId)));
        }

        if (fresh.Count == 0)
        {
            return outcome;
        }

        // 2. Match, batched.
        PersonMatch[] matches = await matcher.MatchAsync(fresh.Select(f => new PersonClues(f.Input.IdNumber, f.Input.Phone, f.Input.FullName, f.Input.BirthYear)).ToList(), cancellationToken).ConfigureAwait(false);
        for (int k = 0; k < fresh.Count; k++)
        {
            if (matches[k].PersonId is { } personId)
            {
                fresh[k].Result.MatchTo(personId);
                outcome.Matched++;
            }
        }

        IDbContextTransaction? own = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            // 3. The results themselves, in bulk.
            long[] ids = await EntityBulkInsert.InsertReturningIdsAsync(db, fresh.Select(f => f.Result).ToList(), cancellationToken).ConfigureAwait(false);
            outcome.Recorded = fresh.Count;
            for (int k = 0; k < fresh.Count; k++)
            {
                outcome.ResultIds[fresh[k].Index] = ids[k];
            }

            // 4. Review list: never dropped.
            for (int k = 0; k < fresh.Count; k++)
            {
                if (!matches[k].IsMatched)
                {
                    LabReviewReason reason = matches[k].IsAmbiguous ? LabReviewReason.Ambiguous : LabReviewReason.Unmatched;
                    LabResultInput input = fresh[k].Input;
                    db.LabReviewItems.Add(LabReviewItem.For(ids[k], labFacilityId, reason, matches[k].Candidates, input.FullName, input.BirthYear, input.IdNumber, input.Phone, now));
                    outcome.SentToReview++;
                }
                else if (auditEachResult)
                {
                    audit.Record(actor, "lab-result.recorded", fresh[k].Result.PersonId, AccessPurpose.LabResultEntry, $"result {ids[k]}");
                }
            }

            await RecordPoolsAsync(fresh, ids, actor, now, outcome, cancellationToken).ConfigureAwait(false);
            await RecordCasesAsync(fresh, ids, actor, now, outcome, cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }

        // Stop tracking what was written so a long import does not grow the context; an import run stays tracked.
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is not Domain.Imports.ImportRun).ToList())
        {
            entry.State = EntityState.Detached;
        }

        return outcome;
    }

    /// <summary>A sample the lab already sent: what it said then.</summary>
    private sealed record KnownSample(string SampleId, long Id, LabOutcome Outcome, DateTime SampledAtUtc);

    private async Task<Dictionary<string, KnownSample>> KnownSamplesAsync(long labFacilityId, List<string> sampleIds, CancellationToken cancellationToken)
    {
        IQueryable<KnownSample> query;
        if (database.Provider == DatabaseProvider.Postgres)
        {
            // The lab's id behind a sub-select hides its value from PostgreSQL's planner. With the value in sight, a lab
            // that is new since the last ANALYZE is estimated at one row, the planner walks the (lab, id) index and filters
            // the samples: every batch of the lab's first large import then read all the rows its earlier batches wrote
            // (57 ms a batch and growing, 11 s of a million-row import). Hidden, it probes (lab, sample id), 5,000 probes in
            // a few milliseconds, whatever the statistics say. The samples are hidden too: planning with 5,000 values in
            // sight estimates each against the histogram (4–5 ms a batch), for a plan that cannot change.
            query = db.Database.SqlQuery<KnownSample>(
                $"""
                SELECT l.sample_id, l.id, l.outcome, l.sampled_at_utc
                FROM lab_results AS l
                WHERE l.lab_facility_id = (SELECT {labFacilityId}) AND l.sample_id = ANY ((SELECT {sampleIds})::text[])
                """);
        }
        else
        {
            query = db.LabResults.AsNoTracking()
                .Where(r => r.LabFacilityId == labFacilityId && EF.Parameter(sampleIds).Contains(r.SampleId))
                .Select(r => new KnownSample(r.SampleId, r.Id, r.Outcome, r.SampledAtUtc));
        }

        return await query.ToDictionaryAsync(r => r.SampleId, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PostgreSQL keeps microseconds, .NET ticks: a resubmitted time compares within a millisecond.</summary>
    private static bool SameTime(DateTime a, DateTime b) => (a - b).Duration() < TimeSpan.FromMilliseconds(1);

    private async Task RecordPoolsAsync(List<(int Index, LabResultInput Input, LabResult Result)> fresh, long[] ids, AuditActor actor, DateTime now, Outcome outcome, CancellationToken cancellationToken)
    {
        var orders = new List<RetestOrder>();
        for (int k = 0; k < fresh.Count; k++)
        {
            LabResult result = fresh[k].Result;
            if (result.IsPositivePool && result.PersonId is { } person)
            {
                RetestOrder order = RetestOrder.For(ids[k], result, now);
                orders.Add(order);
                db.RetestOrders.Add(order);
                audit.Record(actor, "lab-result.retest-ordered", person, AccessPurpose.LabResultEntry, $"result {ids[k]}");
                outcome.RetestsOrdered++;
            }
        }

        // Individual results close their person's open orders (from earlier batches or this one).
        var individual = fresh.Select((f, k) => (f.Result, Id: ids[k])).Where(x => x.Result.PoolId is null && x.Result.PersonId is not null).ToList();
        if (individual.Count == 0)
        {
            return;
        }

        var persons = individual.Select(x => x.Result.PersonId!.Value).Distinct().ToList();
        List<RetestOrder> open = await db.RetestOrders
            .Where(o => EF.Parameter(persons).Contains(o.PersonId) && o.ClosedAtUtc == null)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        open.AddRange(orders);
        if (open.Count == 0)
        {
            return;
        }

        var closedPools = new List<long>();
        foreach ((LabResult result, long id) in individual)
        {
            foreach (RetestOrder order in open.Where(o => o.IsAnsweredBy(result)))
            {
                order.Close(id, now);
                closedPools.Add(order.PooledResultId);
                outcome.RetestsClosed++;
            }
        }

        if (closedPools.Count > 0)
        {
            // Pooled results created in this batch were inserted as pending; the closed ones become final.
            List<LabResult> pooled = await db.LabResults.Where(r => closedPools.Contains(r.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (LabResult result in pooled)
            {
                result.CloseRetest();
            }
        }
    }

    private async Task RecordCasesAsync(List<(int Index, LabResultInput Input, LabResult Result)> fresh, long[] ids, AuditActor actor, DateTime now, Outcome outcome, CancellationToken cancellationToken)
    {
        // A positive pool is not a diagnosis: its members' individual retests decide.
        var positives = fresh.Select((f, k) => (f.Result, Id: ids[k]))
            .Where(x => x.Result.IsPositive && x.Result.PoolId is null && x.Result.PersonId is not null)
            .OrderBy(x => x.Result.SampledAtUtc)
            .ToList();
        if (positives.Count == 0)
        {
            return;
        }

        var persons = positives.Select(x => x.Result.PersonId!.Value).Distinct().ToList();
        Dictionary<long, Case> active = await db.Cases
            .Where(c => EF.Parameter(persons).Contains(c.PersonId) && c.Status == CaseStatus.Active)
            .ToDictionaryAsync(c => c.PersonId, cancellationToken).ConfigureAwait(false);
        var opened = new List<Case>();
        foreach ((LabResult result, long id) in positives)
        {
            long person = result.PersonId!.Value;
            if (active.TryGetValue(person, out Case? current))
            {
                current.AddPositive(result.SampledAtUtc, now);
                audit.Record(actor, "case.updated", person, AccessPurpose.LabResultEntry, $"result {id}");
                outcome.CasesUpdated++;
                continue;
            }

            var opening = Case.OpenFromResult(person, id, result.SampledAtUtc, now);
            db.Cases.Add(opening);
            active[person] = opening;
            opened.Add(opening);
            audit.Record(actor, "case.opened", person, AccessPurpose.LabResultEntry, $"result {id}");
            outcome.CasesOpened++;
        }

        if (opened.Count > 0)
        {
            // The case ids exist after this save; the events commit with them in the same transaction.
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            foreach (Case opening in opened)
            {
                db.CaseEvents.Add(CaseEvent.Opened(opening, now));
            }
        }
    }
}
