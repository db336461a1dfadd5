using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Imports;
using PcCovid.Domain.Migration;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Migration;

/// <summary>
/// Migration jobs for data stewards: start one (the source's file or files, uploaded; <see cref="MigrationJobs"/>) and
/// watch its run. The status is read from the run's checkpoint, written after every batch, and the source's job
/// lease, so any node answers; when the run is done it carries the whole report (legacy-sources.md §8).
/// </summary>
public static class MigrationRunEndpoints
{
    public const int MaxRejectionsShown = 200;

    public sealed record Started(long MigrationRunId, string StatusUrl);

    public sealed record Rejection(long LineNumber, string Reason);

    /// <summary>
    /// A run's report so far. <c>Status</c>: <c>running</c> (its source's lease is held), <c>done</c>, <c>failed</c> (with the
    /// error; the next start of the source resumes it) or <c>interrupted</c> (not finished and nobody runs it: its node
    /// stopped; the next start resumes it after <c>LastCommittedLine</c>).
    /// </summary>
    public sealed record RunStatus(
        long Id,
        string Source,
        string FileName,
        string Status,
        DateTime StartedAtUtc,
        DateTime? FinishedAtUtc,
        DateTime? ProgressAtUtc,
        long LastCommittedLine,
        long Read,
        long Linked,
        IReadOnlyDictionary<string, long> LinkedByRule,
        long Review,
        long Claim,
        long New,
        long PersonsCreated,
        long Rejected,
        long AlreadyMigrated,
        long FactsCreated,
        bool Accounted,
        string? Error,
        IReadOnlyList<Rejection> Rejections);

    public static void MapMigrationRuns(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder runs = routes.MapGroup("/api/migration/runs").WithTags("Migration");
        // The handler reads the form itself: a form parameter would let routing answer 415 to a wrong content type before
        // authorisation, and would ask for an antiforgery token. Form posts from other sites carry no session (the cookie
        // is SameSite=Lax), as for every other API write; the console page posts through its own antiforgery-checked form.
        runs.MapPost("", StartAsync).WithName("StartMigrationRun").RequireAuthorization(AccessPolicies.DataSteward)
            .WithMetadata(new RequestSizeLimitAttribute(MigrationJobs.MaxRequestBytes))
            .WithSummary("Start migrating a legacy source from uploaded files (multipart: source, file, and second for bluezone's encounters.csv or qr's dia_diem.csv); national data stewards");
        runs.MapGet("/{id:long}", StatusAsync).WithName("GetMigrationRun").RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("A migration run's progress and report: read, linked (by rule), review, claim, new, rejected with the first refused lines");
    }

    /// <summary>The form: <c>source</c>, <c>file</c> (the source's file), <c>second</c> (Bluezone's encounters or the QR venues, optional).</summary>
    public static async Task<Results<Accepted<Started>, ValidationProblem, ProblemHttpResult>> StartAsync(
        HttpRequest request, MigrationJobs jobs, CurrentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Scope is not { Kind: ScopeKind.National })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                detail: "Chỉ cán bộ quản lý dữ liệu cấp quốc gia chạy chuyển đổi / only a national data steward starts a migration");
        }

        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: "Gửi multipart/form-data: source, file, second / send multipart/form-data: source, file, second");
        }

        IFormCollection form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MigrationJobs.MaxRequestBytes }, cancellationToken).ConfigureAwait(false);
        MigrationJobs.StartResult result = await jobs.StartAsync(form["source"].FirstOrDefault(), form.Files.GetFile("file"), form.Files.GetFile("second"), cancellationToken).ConfigureAwait(false);
        return result switch
        {
            { MigrationRunId: { } id } => TypedResults.Accepted($"/api/migration/runs/{id}", new Started(id, $"/api/migration/runs/{id}")),
            { Refusal: MigrationJobs.Refusal.TooLarge } => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: Describe(result)),
            { Refusal: MigrationJobs.Refusal.AlreadyRunning } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: Describe(result)),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [result.Refusal switch
                {
                    MigrationJobs.Refusal.UnknownSource => "source",
                    MigrationJobs.Refusal.SecondFileNotExpected => "second",
                    _ => "file",
                }] = [Describe(result)],
            }),
        };
    }

    /// <summary>A refusal in both languages, for API clients (the console page shows its own translated texts).</summary>
    public static string Describe(MigrationJobs.StartResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Refusal switch
        {
            MigrationJobs.Refusal.UnknownSource => $"Nguồn không rõ / unknown source: one of {string.Join(", ", MigrateSource.Sources)}",
            MigrationJobs.Refusal.NoFile => "Chọn tệp của nguồn / choose the source's file",
            MigrationJobs.Refusal.EmptyFile => "Tệp trống / the file is empty",
            MigrationJobs.Refusal.SecondFileNotExpected => "Nguồn này chỉ có một tệp / this source has one file",
            MigrationJobs.Refusal.TooLarge => "Tệp quá lớn để tải lên; dùng lệnh pccovid migrate / the upload is too large; use pccovid migrate",
            MigrationJobs.Refusal.AlreadyRunning => $"Nguồn này đang được chuyển đổi / this source is already being migrated (by {result.Detail ?? "another node"})",
            _ => result.Detail ?? "Tệp bị từ chối / the file was refused",
        };
    }

    public static async Task<Results<Ok<RunStatus>, NotFound>> StatusAsync(long id, PcCovidDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        // One statement, so one snapshot: the job writes the run's end (done or failed) before it frees the lease, and a
        // run read before its end with a lease read after it would otherwise look interrupted.
        DateTime now = clock.GetUtcNow().UtcDateTime;
        var row = await (
                from r in db.MigrationRuns.AsNoTracking()
                join i in db.ImportRuns.AsNoTracking() on r.ImportRunId equals i.Id
                where r.Id == id
                select new
                {
                    Run = r,
                    i.Status,
                    i.FailureReason,
                    i.ProgressAtUtc,
                    LeaseHeld = db.JobLeases.Any(j => j.Name == MigrationJobs.JobPrefix + r.Source && j.Holder != null && j.LeaseExpiresAtUtc > now),
                    NewerRun = db.MigrationRuns.Any(o => o.Source == r.Source && o.Id > r.Id),
                })
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return TypedResults.NotFound();
        }

        MigrationRun run = row.Run;
        // The source's lease is this run's while no newer run of the source exists (a run is opened under the lease). A
        // run that wrote its end (done or failed) still holds it for a moment: the job frees it after. Reported as ended
        // then, a client starting the next run of the source at once was refused as "already running"; so the run is
        // running for as long as it holds the lease. Without it, a run that wrote no end was interrupted.
        string status = row.LeaseHeld && !row.NewerRun ? "running"
            : run.Completed ? "done"
            : row.Status == ImportRunStatus.Failed ? "failed"
            : "interrupted";
        List<Rejection> rejections = await db.ImportRejections.AsNoTracking().Where(r => r.ImportRunId == run.ImportRunId)
            .OrderBy(r => r.Id).Take(MaxRejectionsShown).Select(r => new Rejection(r.LineNumber, r.Reason))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        long accounted = run.Linked + run.Review + run.Claim + run.NewPersons + run.Rejected + run.AlreadyLinked;
        return TypedResults.Ok(new RunStatus(run.Id, run.Source, run.FileName, status, run.StartedAtUtc, run.FinishedAtUtc, row.ProgressAtUtc,
            run.LastCommittedLine, run.Read, run.Linked, RulesOf(run.LinkedByRule), run.Review, run.Claim, run.NewPersons, run.PersonsCreated,
            run.Rejected, run.AlreadyLinked, run.FactsCreated, accounted == run.Read, status == "failed" ? row.FailureReason : null, rejections));
    }

    /// <summary>Parses <c>citizen-id=120;phone+name=30</c>.</summary>
    public static IReadOnlyDictionary<string, long> RulesOf(string linkedByRule)
    {
        ArgumentNullException.ThrowIfNull(linkedByRule);
        var rules = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (string pair in linkedByRule.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.LastIndexOf('=');
            if (eq > 0 && long.TryParse(pair.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
            {
                rules[pair[..eq]] = n;
            }
        }

        return rules;
    }
}
