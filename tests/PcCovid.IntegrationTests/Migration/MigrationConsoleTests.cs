using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Imports;
using PcCovid.Domain.Migration;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Migration;
using PcCovid.Web.Features.Migration.Sources;
using PcCovid.Web.Infrastructure.Jobs;

namespace PcCovid.IntegrationTests.Migration;

/// <summary>
/// Migration jobs started and watched from the staff console: the same use case and job lease as <c>pccovid migrate</c>,
/// the run's progress read from the database, the upload folder deleted at the end, bad uploads and a second start refused.
/// </summary>
public sealed partial class MigrationConsoleTests : IDisposable
{
    /// <summary>Where this test's uploads wait for their jobs (the job deletes each one's folder at its end).</summary>
    private readonly string _work = Directory.CreateTempSubdirectory("pccovid-console-work-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private Dictionary<string, string?> Settings(long maxUploadBytes = 1 << 20) => new()
    {
        ["Migration:Console:WorkFolder"] = _work,
        ["Migration:Console:MaxUploadBytes"] = maxUploadBytes.ToString(CultureInfo.InvariantCulture),
    };

    private static string NcoviRow(string id, string name, string year, string document) =>
        $"{id},{name},{year},Nam,Việt Nam,{document},,,Hà Nội,,,Số 1,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,20/08/2021 08:30";

    /// <summary>Three declarations of registered people by citizen ID and a broken row (line 5).</summary>
    private static async Task<string> NcoviFileAsync(PcCovidAppFactory app)
    {
        var people = new TestPeople(app);
        var lines = new List<string> { string.Join(',', NcoviSource.Header) };
        for (int i = 0; i < 3; i++)
        {
            TestPerson person = await people.AddAsync(new DateOnly(1980 + i, 2, 3), name: "Đỗ Văn Chuyển");
            lines.Add(NcoviRow($"NC{i}", "Đỗ Văn Chuyển", (1980 + i).ToString(CultureInfo.InvariantCulture), person.CitizenId));
        }

        lines.Add("NC9,Lê Văn Cột,1990");
        return string.Join("\r\n", lines) + "\r\n";
    }

    private static MultipartFormDataContent Form(params (string Field, string Value, string? FileName)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach ((string field, string value, string? fileName) in parts)
        {
            if (fileName is null)
            {
                form.Add(new StringContent(value), field);
            }
            else
            {
                var file = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
                file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                form.Add(file, field, fileName);
            }
        }

        return form;
    }

    private static async Task<MigrationRunEndpoints.RunStatus> PollUntilFinishedAsync(HttpClient client, long run)
    {
        for (int i = 0; ; i++)
        {
            MigrationRunEndpoints.RunStatus status = await StatusOfAsync(client, run);
            if (status.Status != "running" || i == 600)
            {
                return status;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The job deletes its folder after the run's end is written: a poll can see "done" a moment before (10 s at most).</summary>
    private async Task AssertWorkFolderEmptiesAsync()
    {
        for (int i = 0; i < 100 && Directory.EnumerateFileSystemEntries(_work).Any(); i++)
        {
            await Task.Delay(100);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
    }

    [Theory, BothProviders]
    public async Task AStewardStartsAMigrationFromThePage_AndWatchesItToTheReport_AndATwoFileSourceFromTheApi(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, Settings());
        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.National);
        string ncovi = await NcoviFileAsync(app);

        // The page's form: the source and its file, with the page's antiforgery token.
        string page = await steward.GetStringAsync("/can-bo/chuyen-doi");
        Assert.Contains("id=\"migrate-form\"", page, StringComparison.Ordinal);
        HttpResponseMessage posted = await steward.PostAsync("/can-bo/chuyen-doi", Form(
            ("Source", "ncovi", null), ("Upload", ncovi, "xuat-ncovi.csv"), ("__RequestVerificationToken", Token().Match(page).Groups[1].Value, null)));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        long run = long.Parse(RunInLocation().Match(posted.Headers.Location!.OriginalString).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Contains($"data-status-url=\"/api/migration/runs/{run}\"", await steward.GetStringAsync($"/can-bo/chuyen-doi?run={run}"), StringComparison.Ordinal);

        MigrationRunEndpoints.RunStatus status = await PollUntilFinishedAsync(steward, run);
        Assert.True(status.Status == "done", $"{status.Status}: {status.Error}\n{app.Logs.Errors}");
        // Saved under the contract's name, whatever the uploaded file was called.
        Assert.Equal(("ncovi", NcoviSource.FileName), (status.Source, status.FileName));
        Assert.Equal((4L, 3L, 0L, 0L, 0L, 1L, 0L, 3L), (status.Read, status.Linked, status.Review, status.Claim, status.New, status.Rejected, status.AlreadyMigrated, status.FactsCreated));
        Assert.True(status.Accounted);
        Assert.Equal(3, status.LinkedByRule.Values.Sum());
        Assert.Equal(5, Assert.Single(status.Rejections).LineNumber);
        Assert.Null(status.Error);
        await AssertWorkFolderEmptiesAsync();
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(3, db.HealthDeclarations.Count());
            long importRunId = db.MigrationRuns.Single(m => m.Id == run).ImportRunId;
            Assert.Equal(4, db.ImportRuns.Single(r => r.Id == importRunId).RowsRead);
        }

        // The QR system's two files through the API: its venues and its check-ins (one linked by phone and name, one held as a claim).
        TestPerson an = await new TestPeople(app).AddAsync(new DateOnly(1985, 3, 14), phone: "+84912000111", name: "Nguyễn Văn An");
        HttpResponseMessage started = await steward.PostAsync("/api/migration/runs", Form(
            ("source", "qr", null),
            ("file", "ma_check_in,ma_dia_diem,so_dien_thoai,ho_ten,thoi_gian\nCI1,DD1,0912.000.111,Nguyễn Văn An,2021-09-01 07:30:00\nCI2,DD1,0912000111,Bé Na,2021-09-02 07:30:00\n", "check_in.csv"),
            ("second", $"ma_dia_diem,ten_dia_diem,loai,ma_tinh,ma_huyen,ma_xa,dia_chi,vi_do,kinh_do\nDD1,Chợ Thử,cho,01,{an.DistrictCode},{an.CommuneCode},Số 3,21.03,105.85\n", "dia_diem.csv")));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        MigrationRunEndpoints.Started qr = (await started.Content.ReadFromJsonAsync<MigrationRunEndpoints.Started>())!;
        Assert.Equal($"/api/migration/runs/{qr.MigrationRunId}", started.Headers.Location!.OriginalString);
        status = await PollUntilFinishedAsync(steward, qr.MigrationRunId);
        Assert.True(status.Status == "done", $"{status.Status}: {status.Error}\n{app.Logs.Errors}");
        Assert.Equal((2L, 1L, 1L, 0L), (status.Read, status.Linked, status.Claim, status.Rejected));
        await AssertWorkFolderEmptiesAsync();

        // The same file again: everything already migrated, nothing created twice.
        page = await steward.GetStringAsync("/can-bo/chuyen-doi");
        posted = await steward.PostAsync("/can-bo/chuyen-doi", Form(
            ("Source", "ncovi", null), ("Upload", ncovi, "khai_bao.csv"), ("__RequestVerificationToken", Token().Match(page).Groups[1].Value, null)));
        long again = long.Parse(RunInLocation().Match(posted.Headers.Location!.OriginalString).Groups[1].Value, CultureInfo.InvariantCulture);
        status = await PollUntilFinishedAsync(steward, again);
        Assert.True(status.Status == "done", $"{status.Status}: {status.Error}\n{string.Join("\n", app.Logs.Lines.Where(l => !l.StartsWith("Debug", StringComparison.Ordinal) && !l.StartsWith("Trace", StringComparison.Ordinal)).TakeLast(60))}");
        Assert.Equal(("done", 3L, 0L, 0L), (status.Status, status.AlreadyMigrated, status.Linked, status.FactsCreated));
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(3, db.HealthDeclarations.Count());
        }

        // Nothing personal in the logs of the jobs.
        string logs = string.Join("\n", app.Logs.Lines);
        Assert.Contains($"Console migration run {run} of ncovi done", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Đỗ Văn Chuyển", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(an.CitizenId, logs, StringComparison.Ordinal);
    }

    [Theory, BothProviders]
    public async Task ASecondStartOfARunningSource_AndBadUploads_AreRefusedWithTheirReason(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, Settings(maxUploadBytes: 4096));
        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.National);
        string ncovi = await NcoviFileAsync(app);

        // Another node (or `pccovid migrate ncovi` in a shell) holds the source's lease, the one the CLI verb takes.
        JobCoordinator coordinator = app.Services.GetRequiredService<JobCoordinator>();
        JobLease lease = (await coordinator.TryAcquireAsync("migrate.ncovi", null, CancellationToken.None))!;
        HttpResponseMessage busy = await steward.PostAsync("/api/migration/runs", Form(("source", "ncovi", null), ("file", ncovi, "khai_bao.csv")));
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        JsonElement problem = await busy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("already being migrated", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(lease.Holder, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        string page = await steward.GetStringAsync("/can-bo/chuyen-doi");
        string refused = await (await steward.PostAsync("/can-bo/chuyen-doi", Form(
            ("Source", "ncovi", null), ("Upload", ncovi, "khai_bao.csv"), ("__RequestVerificationToken", Token().Match(page).Groups[1].Value, null)))).Content.ReadAsStringAsync();
        Assert.Contains("data-refusal=\"AlreadyRunning\"", refused, StringComparison.Ordinal);
        Assert.Contains("Nguồn này đang được chuyển đổi", refused, StringComparison.Ordinal);
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Empty(db.MigrationRuns);
        }

        // Once that run has ended, the same upload starts.
        Assert.True(await lease.CompleteAsync(CancellationToken.None));
        HttpResponseMessage started = await steward.PostAsync("/api/migration/runs", Form(("source", "ncovi", null), ("file", ncovi, "khai_bao.csv")));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        long run = (await started.Content.ReadFromJsonAsync<MigrationRunEndpoints.Started>())!.MigrationRunId;
        Assert.Equal("done", (await PollUntilFinishedAsync(steward, run)).Status);

        // Bad uploads: each refused with its reason, as ProblemDetails, and nothing left behind.
        string tiemchung = "ma_mui_tiem,ma_doi_tuong,ho_ten,ngay_sinh,gioi_tinh,so_cccd,so_dien_thoai,ma_tinh,ma_huyen,ma_xa,mui_so,ten_vac_xin,so_lo,ngay_tiem,ma_co_so,ten_co_so,phan_ung_sau_tiem\nMT1,DT1,Nguyễn Văn An,1985-03-14,NAM,,,01,,,1,AstraZeneca,L1,01/08/2021,CS1,Trạm Y tế,\n";
        (string Key, string Text)[] cases =
        [
            ("file", await ProblemAsync(steward, HttpStatusCode.BadRequest, Form(("source", "ncovi", null), ("file", string.Empty, "khai_bao.csv")))),
            ("file", await ProblemAsync(steward, HttpStatusCode.BadRequest, Form(("source", "ncovi", null), ("file", tiemchung, "khai_bao.csv")))),
            ("file", await ProblemAsync(steward, HttpStatusCode.BadRequest, Form(("source", "ncovi", null), ("file", string.Join(',', NcoviSource.Header) + "\n", "khai_bao.csv")))),
            ("file", await ProblemAsync(steward, HttpStatusCode.BadRequest, Form(("source", "vhd", null), ("file", ncovi, "declarations.json")))),
            ("source", await ProblemAsync(steward, HttpStatusCode.BadRequest, Form(("source", "zalo", null), ("file", ncovi, "khai_bao.csv")))),
            ("second", await ProblemAsync(steward, HttpStatusCode.BadRequest, Form(("source", "ncovi", null), ("file", ncovi, "khai_bao.csv"), ("second", ncovi, "dia_diem.csv")))),
            ("file", await ProblemAsync(steward, HttpStatusCode.BadRequest, Form(("source", "ncovi", null)))),
            ("detail", await ProblemAsync(steward, HttpStatusCode.RequestEntityTooLarge, Form(("source", "ncovi", null), ("file", ncovi + new string('x', 4096), "khai_bao.csv")))),
        ];
        Assert.Contains("the file is empty", cases[0].Text, StringComparison.Ordinal);
        Assert.Contains("line 1 is not the expected header", cases[1].Text, StringComparison.Ordinal);
        Assert.Contains("holds no records", cases[2].Text, StringComparison.Ordinal);
        Assert.Contains("JSON array", cases[3].Text, StringComparison.Ordinal);
        Assert.Contains("unknown source", cases[4].Text, StringComparison.Ordinal);
        Assert.Contains("this source has one file", cases[5].Text, StringComparison.Ordinal);
        Assert.Contains("choose the source's file", cases[6].Text, StringComparison.Ordinal);
        Assert.Contains("too large", cases[7].Text, StringComparison.Ordinal);
        foreach ((string key, string text) in cases)
        {
            Assert.Contains($"\"{key}\"", text, StringComparison.Ordinal);
        }

        page = await steward.GetStringAsync("/can-bo/chuyen-doi");
        string wrongSource = await (await steward.PostAsync("/can-bo/chuyen-doi", Form(
            ("Source", "ncovi", null), ("Upload", tiemchung, "khai_bao.csv"), ("__RequestVerificationToken", Token().Match(page).Groups[1].Value, null)))).Content.ReadAsStringAsync();
        Assert.Contains("data-refusal=\"BadFile\"", wrongSource, StringComparison.Ordinal);
        Assert.Contains("line 1 is not the expected header", wrongSource, StringComparison.Ordinal);
        await AssertWorkFolderEmptiesAsync();
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(1, db.MigrationRuns.Count());
        }

        // Only a national steward migrates (a legacy export covers the country); a provincial one is refused.
        HttpClient provincial = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.Province("01"));
        Assert.Equal(HttpStatusCode.Forbidden, (await provincial.PostAsync("/api/migration/runs", Form(("source", "ncovi", null), ("file", ncovi, "khai_bao.csv")))).StatusCode);
        Assert.DoesNotContain("id=\"migrate-form\"", await provincial.GetStringAsync("/can-bo/chuyen-doi"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await steward.GetAsync("/api/migration/runs/999999")).StatusCode);
    }

    [Theory, BothProviders]
    public async Task ARunNobodyRuns_IsInterrupted_AFailedOneShowsWhy_AndTheNextStartResumesIt(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, Settings());
        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.National);
        string ncovi = await NcoviFileAsync(app);

        // A run left unfinished by a node that stopped: no lease is held for its source.
        DateTime now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        long runId = await AddRunAsync(app, "ncovi", NcoviSource.FileName, now, complete: false);

        Assert.Equal("interrupted", (await StatusOfAsync(steward, runId)).Status);
        using (PcCovidDbContext db = app.NewDbContext())
        {
            long importRunId = db.MigrationRuns.Single(m => m.Id == runId).ImportRunId;
            ImportRun importRun = db.ImportRuns.Single(r => r.Id == importRunId);
            importRun.Fail(now, "Lỗi thử / a test failure");
            await db.SaveChangesAsync();
        }

        MigrationRunEndpoints.RunStatus failed = await StatusOfAsync(steward, runId);
        Assert.Equal(("failed", "Lỗi thử / a test failure"), (failed.Status, failed.Error));

        // The next start of the source takes the same run up again (after its last committed line) and finishes it.
        HttpResponseMessage started = await steward.PostAsync("/api/migration/runs", Form(("source", "ncovi", null), ("file", ncovi, "khai_bao.csv")));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(runId, (await started.Content.ReadFromJsonAsync<MigrationRunEndpoints.Started>())!.MigrationRunId);
        MigrationRunEndpoints.RunStatus done = await PollUntilFinishedAsync(steward, runId);
        Assert.Equal(("done", 4L, 3L, (string?)null), (done.Status, done.Read, done.Linked, done.Error));
        await AssertWorkFolderEmptiesAsync();
    }

    [Theory, BothProviders]
    public async Task AnEndedRun_IsRunningWhileItsJobStillHoldsTheSourcesLease_AndDoneOnceItIsFreedOrANewerRunHasIt(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, Settings());
        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.National);
        string ncovi = await NcoviFileAsync(app);
        JobCoordinator jobs = app.Services.GetRequiredService<JobCoordinator>();
        DateTime now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

        // The moment between a job writing its run's end and freeing the source's lease.
        JobLease lease = (await jobs.TryAcquireAsync(MigrationJobs.JobName("ncovi"), null, CancellationToken.None))!;
        long ended = await AddRunAsync(app, "ncovi", "xuat.csv", now, complete: true);
        long failed = await AddRunAsync(app, "tiemchung", "xuat.csv", now, complete: false, failure: "Lỗi thử / a test failure");
        JobLease tiemchungLease = (await jobs.TryAcquireAsync(MigrationJobs.JobName("tiemchung"), null, CancellationToken.None))!;
        Assert.Equal("running", (await StatusOfAsync(steward, ended)).Status);
        Assert.Equal("running", (await StatusOfAsync(steward, failed)).Status);

        // Freed: the run has ended, and the next start of the source is taken at once (it was refused as already running).
        Assert.True(await lease.ReleaseAsync(CancellationToken.None));
        Assert.True(await tiemchungLease.ReleaseAsync(CancellationToken.None));
        Assert.Equal("done", (await StatusOfAsync(steward, ended)).Status);
        MigrationRunEndpoints.RunStatus failedStatus = await StatusOfAsync(steward, failed);
        Assert.Equal(("failed", "Lỗi thử / a test failure"), (failedStatus.Status, failedStatus.Error));
        HttpResponseMessage started = await steward.PostAsync("/api/migration/runs", Form(("source", "ncovi", null), ("file", ncovi, "khai_bao.csv")));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        long next = (await started.Content.ReadFromJsonAsync<MigrationRunEndpoints.Started>())!.MigrationRunId;
        Assert.True(next > ended);
        Assert.Equal("done", (await PollUntilFinishedAsync(steward, next)).Status);
        Assert.Null((await jobs.StatusAsync(MigrationJobs.JobName("ncovi"), CancellationToken.None))?.Holder);

        // A lease held by a newer run of the source is not the ended run's: that one stays done.
        JobLease newer = (await jobs.TryAcquireAsync(MigrationJobs.JobName("ncovi"), null, CancellationToken.None))!;
        Assert.Equal("done", (await StatusOfAsync(steward, ended)).Status);
        Assert.Equal("running", (await StatusOfAsync(steward, next)).Status);
        Assert.True(await newer.ReleaseAsync(CancellationToken.None));
        await AssertWorkFolderEmptiesAsync();
    }

    /// <summary>A run as a job leaves it: ended (done or failed) or not, with no lease taken.</summary>
    private static async Task<long> AddRunAsync(PcCovidAppFactory app, string source, string fileName, DateTime now, bool complete, string? failure = null)
    {
        using PcCovidDbContext db = app.NewDbContext();
        var importRun = ImportRun.Start("migrate:" + source, fileName, now);
        db.ImportRuns.Add(importRun);
        await db.SaveChangesAsync();
        var run = MigrationRun.Start(source, fileName, now, importRun.Id);
        if (complete)
        {
            run.Complete(now);
        }

        if (failure is not null)
        {
            importRun.Fail(now, failure);
        }

        db.MigrationRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    private static async Task<MigrationRunEndpoints.RunStatus> StatusOfAsync(HttpClient client, long runId) =>
        (await client.GetFromJsonAsync<MigrationRunEndpoints.RunStatus>($"/api/migration/runs/{runId}"))!;

    private static async Task<string> ProblemAsync(HttpClient client, HttpStatusCode expected, MultipartFormDataContent form)
    {
        HttpResponseMessage response = await client.PostAsync("/api/migration/runs", form);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex(@"[?&]run=(\d+)")]
    private static partial Regex RunInLocation();
}
