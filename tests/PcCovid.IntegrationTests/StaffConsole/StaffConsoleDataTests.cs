using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.StaffConsole;

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
    public async Task UploadStatus_CountsTheRows_AndIsVisibleToItsOwnerOnly(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        string path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "not,the,header\n1,2,3\n");
        var owner = Guid.NewGuid();
        UploadJobs jobs = app.Services.GetRequiredService<UploadJobs>();
        UploadJobs.Job job = jobs.StartVaccination(owner, path, "mui_tiem.csv", AuditActor.System);
        for (int i = 0; i < 200 && job.Status == "running"; i++)
        {
            await Task.Delay(50);
        }

        // A wrong header refuses the file as a whole, in the import's own words; the temporary file is gone.
        Assert.Equal("failed", job.Status);
        Assert.Contains("mui_tiem.csv", job.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Assert.Same(job, jobs.Find(job.Id, owner));
        Assert.Null(jobs.Find(job.Id, Guid.NewGuid()));

        HttpClient someoneElse = await TestAccounts.SignInStaffAsync(app, StaffRole.VaccinationSite, AccessScope.Facility(1));
        Assert.Equal(HttpStatusCode.NotFound, (await someoneElse.GetAsync($"/can-bo/tai-len/{job.Id}/trang-thai")).StatusCode);
    }
}
