using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.People;
using PcCovid.Domain.Testing;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Migration;
using PcCovid.Web.Features.Migration.Sources;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Features.Tracing;

namespace PcCovid.IntegrationTests.StaffConsole;

/// <summary>Data the staff console tests start from, made through the real use cases.</summary>
internal static class StaffConsoleFixtures
{
    /// <summary>A positive result opens a case for the head of a household of three; tracing finds the other two as F1 (household evidence).</summary>
    public static async Task<(long CaseId, TestPerson Case, TestPerson[] Contacts)> CaseWithHouseholdAsync(PcCovidAppFactory app, string household, int district = 0, string name = "Phạm Văn Ca")
    {
        var people = new TestPeople(app);
        TestPerson head = await people.AddAsync(new DateOnly(1975, 3, 3), household: household, district: district, name: name);
        TestPerson wife = await people.AddAsync(new DateOnly(1977, 4, 4), Sex.Female, household: household, relation: HouseholdRelation.Wife, district: district, name: "Lê Thị Vợ");
        TestPerson son = await people.AddAsync(new DateOnly(2001, 5, 5), household: household, relation: HouseholdRelation.Child, district: district, name: "Phạm Văn Con");
        long lab = await TestAccounts.AddFacilityAsync(app, FacilityKind.Lab, head.CommuneCode);
        await using AsyncServiceScope scope = app.Services.CreateAsyncScope();
        DateTime sampled = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(-1);
        await scope.ServiceProvider.GetRequiredService<RecordLabResults>().HandleAsync(lab,
            [new LabResultInput("CASE-" + household, null, name, 1975, head.CitizenId, null, LabTestType.RtPcr, LabOutcome.Positive, 20m, sampled, sampled.AddHours(3))],
            "test", null, AuditActor.System, auditEachResult: false, CancellationToken.None);
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        long caseId = await db.Cases.Where(c => c.PersonId == head.Id).Select(c => c.Id).SingleAsync();
        // The new case is traced automatically (CaseTracingWorker); trace it here only if the worker has not.
        for (int i = 0; i < 100 && await db.CaseContacts.CountAsync(c => c.CaseId == caseId) < 2; i++)
        {
            await Task.Delay(100);
        }

        if (await db.CaseContacts.CountAsync(c => c.CaseId == caseId) < 2)
        {
            await scope.ServiceProvider.GetRequiredService<TraceCase>().HandleAsync(caseId, 2, CancellationToken.None);
        }

        return (caseId, head, [wife, son]);
    }

    /// <summary>Two NCOVI records sent to review with the given person as candidate (a stand-in resolver: the decision is under test, not the scoring).</summary>
    public static async Task ReviewItemsAsync(PcCovidAppFactory app, long candidate)
    {
        string folder = Directory.CreateTempSubdirectory("pccovid-console-").FullName;
        try
        {
            static string Row(string id, string name, string year) =>
                $"{id},{name},{year},Nam,Việt Nam,,,,Hà Nội,,,Số 1,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,20/08/2021 08:30";
            await File.WriteAllTextAsync(Path.Combine(folder, NcoviSource.FileName),
                string.Join('\n', string.Join(',', NcoviSource.Header), Row("NC1", "Hoang Van Binh", "1975"), Row("NC2", "Hoang Van Binh", "1957")), new UTF8Encoding(false));
            await using AsyncServiceScope scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<MigrateSource>().HandleAsync("ncovi", folder, null, CancellationToken.None, new ReviewEverything(candidate));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Signs a new staff member in through the pages: password, then authenticator enrolment.</summary>
    public static async Task SignInAsync(PcCovidAppFactory app, IPage page, StaffRole role, AccessScope scope)
    {
        string userName = await TestAccounts.CreateStaffAsync(app, role, scope);
        await page.GotoAsync("/can-bo/dang-nhap");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", TestAccounts.StaffPassword);
        await page.ClickAsync("main button[type=submit]");
        await page.ArriveAtAsync("/can-bo/dang-ky-xac-thuc");
        string key = (await page.TextContentAsync("#shared-key"))!;
        await page.FillAsync("#code", TestAccounts.CurrentTotp(key));
        await page.ClickAsync("main button[type=submit]");
        await page.ArriveAtAsync("/can-bo");
    }

    private sealed class ReviewEverything(long candidate) : IIdentityResolver
    {
        public LinkDecision Resolve(LegacyIdentity record) => new(LinkOutcome.Review, candidate, 4.2, "probabilistic");

        public void AddPerson(long personId, LegacyIdentity firstRecord)
        {
        }
    }
}
