using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.Imports;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.StaffConsole;
using PcCovid.Web.Features.Vaccination;

namespace PcCovid.IntegrationTests.StaffConsole;

/// <summary>The console's reads on both providers: the case list's jurisdiction, purpose and audit; an upload's status is its owner's only.</summary>
public sealed class StaffConsoleDataTests
{
    [Theory, BothProviders]
    public async Task CaseList_ShowsTheDistrictsCasesOnly_AfterAPurpose_AndAuditsThem(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        (long here, TestPerson patient, _) = await StaffConsoleFixtures.CaseWithHouseholdAsync(app, "0010000000801", district: 0, name: "Trịnh Văn Đây");
        (long there, _, _) = await StaffConsoleFixtures.CaseWithHouseholdAsync(app, "0010000000802", district: 1, name: "Trịnh Văn Kia");
        HttpClient epidemiologist = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.District(patient.DistrictCode));

        string withoutPurpose = await epidemiologist.GetStringAsync("/can-bo/ca-benh");
        Assert.Contains("purpose-required", withoutPurpose, StringComparison.Ordinal);
        Assert.DoesNotContain("Trịnh Văn Đây", withoutPurpose, StringComparison.Ordinal);

        string list = await epidemiologist.GetStringAsync("/can-bo/ca-benh?purpose=case-investigation");
        Assert.Contains("Trịnh Văn Đây", list, StringComparison.Ordinal);
        Assert.Contains($"/can-bo/ca-benh/{here}?", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Trịnh Văn Kia", list, StringComparison.Ordinal);

        // The other district's case is answered 404, like a case that does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await epidemiologist.GetAsync($"/can-bo/ca-benh/{there}?purpose=case-investigation")).StatusCode);
        using PcCovidDbContext db = app.NewDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "case.list" && a.SubjectPersonId == patient.Id));
    }

    [Theory, BothProviders]
    public async Task UploadStatus_IsReadFromTheDatabase_ForItsOwnerOnly(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        // The page polls whichever node the load balancer picks: here the upload runs on one node and is polled on another.
        await using var otherNode = new PcCovidAppFactory(database);
        (Guid site, HttpClient owner) = await TestAccounts.SignInStaffAccountAsync(otherNode, StaffRole.VaccinationSite, AccessScope.Facility(1));
        UploadJobs jobs = app.Services.GetRequiredService<UploadJobs>();

        // A wrong header refuses the file as a whole, in the import's own words; the temporary file is gone.
        string refusedPath = Path.GetTempFileName();
        await File.WriteAllTextAsync(refusedPath, "not,the,header\n1,2,3\n");
        long refused = await jobs.StartVaccinationAsync(site, refusedPath, "mui_tiem.csv", AuditActor.System, CancellationToken.None);
        UploadStatusEndpoints.UploadStatus status = await PollUntilDoneAsync(owner, refused);
        Assert.Equal("failed", status.Status);
        Assert.Contains("mui_tiem.csv", status.Error, StringComparison.Ordinal);
        // The job deletes its file after the import has written the run's end, so the poll can see "failed" a moment
        // before the file is gone: wait for it (10 s at most).
        for (int i = 0; i < 100 && File.Exists(refusedPath); i++)
        {
            await Task.Delay(100);
        }

        Assert.False(File.Exists(refusedPath));

        // A good header with a broken line: the counts and the refused line's number come from the run's row.
        string path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, string.Join(',', TiemChungRow.Header) + "\nthis line is broken\n");
        long run = await jobs.StartVaccinationAsync(site, path, "mui_tiem.csv", AuditActor.System, CancellationToken.None);
        status = await PollUntilDoneAsync(owner, run);
        Assert.Equal(("completed", 1L, 0L, 1L), (status.Status, status.RowsRead, status.Accepted, status.Rejected));
        Assert.Equal(2, Assert.Single(status.Rejections).LineNumber);

        // Someone else is answered as if it did not exist, and a run that stopped moving is shown interrupted.
        HttpClient someoneElse = await TestAccounts.SignInStaffAsync(app, StaffRole.VaccinationSite, AccessScope.Facility(1));
        Assert.Equal(HttpStatusCode.NotFound, (await someoneElse.GetAsync($"/can-bo/tai-len/{run}/trang-thai")).StatusCode);
        using (PcCovidDbContext db = app.NewDbContext())
        {
            DateTime longAgo = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime - UploadStatusEndpoints.InterruptedAfter - TimeSpan.FromMinutes(1);
            var stalled = ImportRun.Start(SourceSystems.Vaccination, "mui_tiem.csv", longAgo, site);
            db.ImportRuns.Add(stalled);
            await db.SaveChangesAsync();
            Assert.Equal("interrupted", (await owner.GetFromJsonAsync<UploadStatusEndpoints.UploadStatus>($"/can-bo/tai-len/{stalled.Id}/trang-thai"))!.Status);
        }
    }

    private static async Task<UploadStatusEndpoints.UploadStatus> PollUntilDoneAsync(HttpClient client, long run)
    {
        for (int i = 0; ; i++)
        {
            UploadStatusEndpoints.UploadStatus status = (await client.GetFromJsonAsync<UploadStatusEndpoints.UploadStatus>($"/can-bo/tai-len/{run}/trang-thai"))!;
            if (status.Status != "running" || i == 400)
            {
                return status;
            }

            await Task.Delay(50);
        }
    }
}
