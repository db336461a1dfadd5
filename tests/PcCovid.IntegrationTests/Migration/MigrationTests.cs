using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.Imports;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Migration;
using PcCovid.Domain.People;
using PcCovid.Domain.Testing;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Migration;
using PcCovid.Web.Features.Migration.Sources;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Features.Vaccination;

namespace PcCovid.IntegrationTests.Migration;

public sealed class MigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pccovid-migrate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string NcoviRow(string id, string name, string year, string document, string phone, string fever, string time) =>
        $"{id},{name},{year},Nam,Việt Nam,{document},{phone},,Hà Nội,,,Số 1,{fever},Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,{time}";

    private string Write(string name, string text, bool bom = false)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    private static async Task<MigrateSource.Report> MigrateAsync(PcCovidAppFactory app, string source, string path, IProgress<MigrateSource.Progress>? progress = null, int batchRows = MigrateSource.BatchSize, CancellationToken cancellationToken = default)
    {
        await using AsyncServiceScope scope = app.Services.CreateAsyncScope();
        MigrateSource migrate = scope.ServiceProvider.GetRequiredService<MigrateSource>();
        migrate.BatchRows = batchRows;
        return await migrate.HandleAsync(source, path, progress, cancellationToken);
    }

    private static void AssertAccounted(MigrateSource.Report r) =>
        Assert.Equal(r.Read, r.Linked + r.Review + r.Claim + r.New + r.Rejected + r.AlreadyMigrated);

    [Theory, BothProviders]
    public async Task CitizenSigningInWithAnOldAppsPhone_SeesTheMigratedFacts_AndIsOfferedTheClaimsHeldForThatNumber(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson an = await people.AddAsync(new DateOnly(1985, 3, 14), phone: "+84912000111", name: "Nguyễn Văn An");

        // ncovi: An's declaration by citizen ID (with fever), and three broken rows.
        Write(NcoviSource.FileName, string.Join("\r\n",
            string.Join(',', NcoviSource.Header),
            NcoviRow("NC1", "NGUYEN VAN AN", "1985", an.CitizenId, "0912 000 111", "Có", "20/08/2021 08:30"),
            NcoviRow("NC2", "Lê Văn Hỏng", "1990", "", "", "Không", "32/08/2021 08:30"),
            NcoviRow("NC3", "", "1990", "", "", "Không", "20/08/2021 08:30"),
            "NC4,Lê Văn Cột,1990"), bom: true);
        // tiemchung: An's first dose.
        Write(TiemChungSource.FileName, string.Join("\n",
            string.Join(',', TiemChungRow.Header),
            $"MT1,DT1,Nguyễn Văn An,1985-03-14,NAM,{an.CitizenId},,01,,,1,AstraZeneca,L1,01/08/2021,CS1,Trạm Y tế,"));
        // qr: a venue in An's commune; An checks in with his phone and name; someone typed a name nobody with that phone has.
        Write(QrSource.VenuesFileName, "ma_dia_diem,ten_dia_diem,loai,ma_tinh,ma_huyen,ma_xa,dia_chi,vi_do,kinh_do\n"
            + $"DD1,Chợ Thử,cho,01,{an.DistrictCode},{an.CommuneCode},Số 3,21.03,105.85\n");
        Write(QrSource.CheckInsFileName, "ma_check_in,ma_dia_diem,so_dien_thoai,ho_ten,thoi_gian\n"
            + "CI1,DD1,0912.000.111,Nguyễn Văn An,2021-09-01 07:30:00\n"
            + "CI2,DD1,0912000111,Bé Na,2021-09-02 07:30:00\n");

        MigrateSource.Report ncovi = await MigrateAsync(app, "ncovi", _folder);
        MigrateSource.Report doses = await MigrateAsync(app, "tiemchung", _folder);
        MigrateSource.Report qr = await MigrateAsync(app, "qr", _folder);

        Assert.Equal((4L, 3L, 1L), (ncovi.Read, ncovi.Rejected, ncovi.Linked));
        Assert.Equal([3L, 4, 5], ncovi.FirstRejections.Select(r => r.LineNumber).Order());
        Assert.Equal(1, ncovi.FactsCreated);
        Assert.Equal((1L, 1L, 1L), (doses.Read, doses.Linked, doses.FactsCreated));
        Assert.Equal((2L, 1L, 1L), (qr.Read, qr.Linked, qr.Claim));
        Assert.Equal(1, qr.FactsCreated);
        foreach (MigrateSource.Report r in new[] { ncovi, doses, qr })
        {
            AssertAccounted(r);
        }

        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(3, await db.ImportRejections.CountAsync());
            Assert.Equal("ncovi", (await db.HealthDeclarations.SingleAsync()).Provenance.SourceSystem);
            Assert.Equal(1, await db.Doses.CountAsync(d => d.PersonId == an.Id));
            HeldClaim held = await db.HeldClaims.SingleAsync();
            Assert.Equal(("+84912000111", "CI2", "check-in"), (held.PhoneE164, held.SourceRecordId, held.Kind));
            Assert.Equal(1, await app.Services.GetRequiredService<ICheckInStore>().CountAsync(CancellationToken.None));
            Assert.Equal(4, await db.LegacyLinks.CountAsync());
        }

        // A second run of the same files creates nothing.
        MigrateSource.Report again = await MigrateAsync(app, "ncovi", _folder);
        MigrateSource.Report qrAgain = await MigrateAsync(app, "qr", _folder);
        Assert.Equal((1L, 0L, 0L), (again.AlreadyMigrated, again.Linked, again.FactsCreated));
        Assert.Equal((2L, 0L), (qrAgain.AlreadyMigrated, qrAgain.FactsCreated));
        AssertAccounted(again);
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(1, await db.HealthDeclarations.CountAsync());
            Assert.Equal(1, await db.HeldClaims.CountAsync());
            Assert.Equal(4, await db.LegacyLinks.CountAsync());
            Assert.Equal(1, await app.Services.GetRequiredService<ICheckInStore>().CountAsync(CancellationToken.None));
        }

        // The citizen signs in with the phone of the old apps: the declaration and dose are there, and the claim is offered.
        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, an);
        JsonElement declarations = await citizen.GetFromJsonAsync<JsonElement>("/api/me/declarations");
        JsonElement declaration = Assert.Single(declarations.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal("ncovi", declaration.GetProperty("sourceSystem").GetString());
        Assert.Equal("NC1", declaration.GetProperty("sourceRecordId").GetString());
        Assert.Equal(["fever"], declaration.GetProperty("symptoms").EnumerateArray().Select(s => s.GetString()));
        JsonElement myDoses = await citizen.GetFromJsonAsync<JsonElement>($"/api/citizen/people/{an.Id}/doses");
        Assert.Contains("\"lot\":\"L1\"", myDoses.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("tiemchung", myDoses.GetRawText(), StringComparison.Ordinal);

        JsonElement claims = await citizen.GetFromJsonAsync<JsonElement>("/api/me/claims");
        JsonElement claim = Assert.Single(claims.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal("check-in", claim.GetProperty("kind").GetString());
        Assert.Equal("Bé Na", claim.GetProperty("typedName").GetString());
        long claimId = claim.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.BadRequest, (await citizen.PostAsJsonAsync($"/api/me/claims/{claimId}", new { decision = "perhaps" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.PostAsJsonAsync($"/api/me/claims/{claimId}", new { decision = "dependant", dependant = new { personId = an.Id + 1000 } })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await citizen.PostAsJsonAsync($"/api/me/claims/{claimId}", new { decision = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsJsonAsync($"/api/me/claims/{claimId}", new { decision = "not-mine" })).StatusCode);
        Assert.Empty((await citizen.GetFromJsonAsync<JsonElement>("/api/me/claims")).GetProperty("items").EnumerateArray());
        Assert.Equal(2, await app.Services.GetRequiredService<ICheckInStore>().CountAsync(CancellationToken.None));

        // Another citizen, signed in with another phone, does not see or answer it.
        TestPerson other = await people.AddAsync(new DateOnly(1990, 1, 1), phone: "+84912000222", name: "Trần Thị Khác");
        HttpClient stranger = await TestAccounts.SignInCitizenAsync(app, other);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/me/claims/{claimId}", new { decision = "mine" })).StatusCode);

        // The link export: one row per person-bearing record, the claimed one now linked to An.
        await using AsyncServiceScope scope = app.Services.CreateAsyncScope();
        var csv = new StringWriter();
        long rows = await scope.ServiceProvider.GetRequiredService<ExportLinks>().HandleAsync(csv, CancellationToken.None);
        string[] lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, rows);
        Assert.Equal(ExportLinks.Header, lines[0]);
        Assert.Contains(lines, l => l.StartsWith($"ncovi,NC1,linked,{an.Id},{an.CitizenId},", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"qr,CI2,linked,{an.Id},{an.CitizenId},", StringComparison.Ordinal) && l.EndsWith(",claimed", StringComparison.Ordinal));
    }

    [Theory, BothProviders]
    public async Task AKilledRun_ResumesAfterItsLastCommittedLine_WithNoDuplicateAndNoGap(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        var rows = new List<string> { string.Join(',', NcoviSource.Header) };
        for (int i = 0; i < 5; i++)
        {
            TestPerson person = await people.AddAsync(new DateOnly(1980 + i, 1, 2), name: "Phạm Văn Bình");
            rows.Add(NcoviRow($"NC{i}", "Phạm Văn Bình", (1980 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), person.CitizenId, "", "Không", "20/08/2021 08:30"));
        }

        rows.Insert(3, "NCX,broken");
        Write(NcoviSource.FileName, string.Join('\n', rows));

        // The run is killed after its first committed batch of two lines.
        using var kill = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            MigrateAsync(app, "ncovi", _folder, new KillAfterFirstBatch(kill), batchRows: 2, kill.Token));
        using (PcCovidDbContext db = app.NewDbContext())
        {
            MigrationRun killed = await db.MigrationRuns.SingleAsync();
            Assert.False(killed.Completed);
            Assert.Equal(3, killed.LastCommittedLine);
            Assert.Equal(2, await db.HealthDeclarations.CountAsync());
            // The counts are the committed batch's, in the run's row and its import run's: a poll from any node sees them.
            Assert.Equal((2L, 2L), (killed.Read, killed.Linked));
            ImportRun progress = await db.ImportRuns.SingleAsync(r => r.Id == killed.ImportRunId);
            Assert.Equal((2L, ImportRunStatus.Running), (progress.RowsRead, progress.Status));
        }

        MigrateSource.Report resumed = await MigrateAsync(app, "ncovi", _folder, batchRows: 2);

        Assert.True(resumed.Resumed);
        Assert.Equal((6L, 5L, 1L, 0L), (resumed.Read, resumed.Linked, resumed.Rejected, resumed.AlreadyMigrated));
        AssertAccounted(resumed);
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(5, await db.HealthDeclarations.CountAsync());
            Assert.Equal(5, await db.HealthDeclarations.Select(d => d.SourceKey).Distinct().CountAsync());
            Assert.Equal(5, await db.LegacyLinks.CountAsync(l => l.Outcome == LinkOutcome.Linked));
            Assert.Equal(1, await db.ImportRejections.CountAsync());
            Assert.True((await db.MigrationRuns.SingleAsync()).Completed);
        }
    }

    [Theory, BothProviders]
    public async Task DataSteward_SeesTheRecordAndCandidateSideBySide_AcceptsOne_AndRejectsAnotherIntoANewPerson(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson binh = await new TestPeople(app).AddAsync(new DateOnly(1975, 6, 7), name: "Hoàng Văn Bình");
        Write(NcoviSource.FileName, string.Join('\n',
            string.Join(',', NcoviSource.Header),
            NcoviRow("NC1", "Huynh Van Binh", "1975", "", "", "Không", "20/08/2021 08:30"),
            NcoviRow("NC2", "Huynh Van Binh", "1957", "", "", "Không", "21/08/2021 08:30")));

        // Both records are sent to review with Bình as the candidate (a stand-in resolver: the decision, not the scoring, is under test).
        await using (AsyncServiceScope scope = app.Services.CreateAsyncScope())
        {
            MigrateSource.Report report = await scope.ServiceProvider.GetRequiredService<MigrateSource>()
                .HandleAsync("ncovi", _folder, null, CancellationToken.None, new ReviewEverything(binh.Id));
            Assert.Equal((2L, 2L, 0L), (report.Read, report.Review, report.FactsCreated));
        }

        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.Province("01"));
        JsonElement list = await steward.GetFromJsonAsync<JsonElement>("/api/migration/review");
        List<JsonElement> items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        long first = items[0].GetProperty("id").GetInt64(), second = items[1].GetProperty("id").GetInt64();
        JsonElement detail = await steward.GetFromJsonAsync<JsonElement>($"/api/migration/review/{first}");
        Dictionary<string, string?> verdicts = detail.GetProperty("fields").EnumerateArray()
            .ToDictionary(f => f.GetProperty("field").GetString()!, f => f.GetProperty("verdict").GetString());
        Assert.Equal("disagree", verdicts["name"]);      // Huỳnh / Hoàng: the steward decides
        Assert.Equal("agree", verdicts["birth"]);
        Assert.Equal("agree", verdicts["sex"]);
        Assert.Equal("unknown", verdicts["document"]);

        JsonElement accepted = await (await steward.PostAsync($"/api/migration/review/{first}/accept", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(binh.Id, accepted.GetProperty("personId").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await steward.PostAsync($"/api/migration/review/{first}/accept", null)).StatusCode);
        JsonElement created = await (await steward.PostAsync($"/api/migration/review/{second}/reject", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("new", created.GetProperty("outcome").GetString());
        Assert.NotEqual(binh.Id, created.GetProperty("personId").GetInt64());
        HttpClient elsewhere = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.Province("79"));
        Assert.Empty((await elsewhere.GetFromJsonAsync<JsonElement>("/api/migration/review")).GetProperty("items").EnumerateArray());

        using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(1, await db.HealthDeclarations.CountAsync(d => d.PersonId == binh.Id));
        Assert.Equal(2, await db.HealthDeclarations.CountAsync());
        Assert.Equal(0, await db.LegacyLinks.CountAsync(l => l.Outcome == LinkOutcome.Review));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "migration-review.decided" && a.SubjectPersonId == binh.Id));
    }

    private sealed class ReviewEverything(long candidate) : IIdentityResolver
    {
        public LinkDecision Resolve(LegacyIdentity record) => new(LinkOutcome.Review, candidate, 4.2, "probabilistic");

        public void AddPerson(long personId, LegacyIdentity firstRecord)
        {
        }
    }

    private sealed class KillAfterFirstBatch(CancellationTokenSource kill) : IProgress<MigrateSource.Progress>
    {
        public void Report(MigrateSource.Progress value) => kill.Cancel();
    }

    [Theory, BothProviders]
    public async Task MigratedDoses_MoveTheRiskCounts_AsARecountFromTheFactsWould(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson an = await people.AddAsync(new DateOnly(1985, 3, 14), name: "Nguyễn Văn An");
        TestPerson binh = await people.AddAsync(new DateOnly(1950, 6, 1), Sex.Female, district: 1, name: "Trần Thị Bình");
        TestPerson cuong = await people.AddAsync(new DateOnly(1972, 1, 9), district: 2, name: "Lê Văn Cường");
        TestPerson dung = await people.AddAsync(new DateOnly(1999, 12, 30), Sex.Female, district: 1, name: "Phạm Thị Dung");
        using (PcCovidDbContext db = app.NewDbContext())
        {
            // Cường is a case: doses must not move his commune's case counts.
            db.Cases.Add(Case.OpenFromResult(cuong.Id, 1, new DateTime(2021, 9, 3, 2, 0, 0, DateTimeKind.Utc), new DateTime(2021, 9, 4, 0, 0, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync();
        }

        string Row(string id, TestPerson person, string name, string year, string sex, int number, string vaccine, string day) =>
            $"{id},DT-{person.Id},{name},{year},{sex},{person.CitizenId},,01,{person.DistrictCode},{person.CommuneCode},{number},{vaccine},L{number},{day},CS1,Trạm Y tế,";
        // Two records a batch: An's second dose, Cường's booster and Dũng's dose come in batches after the first.
        Write(TiemChungSource.FileName, string.Join("\n",
            string.Join(',', TiemChungRow.Header),
            Row("MT1", an, "Nguyễn Văn An", "1985-03-14", "NAM", 1, "Pfizer", "01/08/2021"),
            Row("MT2", binh, "Trần Thị Bình", "1950-06-01", "NU", 1, "Janssen", "02/08/2021"),
            Row("MT3", cuong, "Lê Văn Cường", "1972-01-09", "NAM", 1, "AstraZeneca", "03/07/2021"),
            Row("MT4", cuong, "Lê Văn Cường", "1972-01-09", "NAM", 2, "AstraZeneca", "03/09/2021"),
            Row("MT5", an, "Nguyễn Văn An", "1985-03-14", "NAM", 2, "Pfizer", "29/08/2021"),
            Row("MT6", an, "Nguyễn Văn An", "1985-03-14", "NAM", 1, "Pfizer", "01/08/2021"),
            Row("MT7", cuong, "Lê Văn Cường", "1972-01-09", "NAM", 3, "Pfizer", "03/12/2021"),
            Row("MT8", dung, "Phạm Thị Dung", "1999-12-30", "NU", 2, "Moderna", "10/10/2021")));

        MigrateSource.Report doses = await MigrateAsync(app, "tiemchung", _folder, batchRows: 2);

        Assert.Equal((8L, 8L), (doses.Read, doses.Linked));
        // MT6 repeats An's first dose under another record id: not a second first dose.
        Assert.Equal(7, doses.FactsCreated);
        (List<string> residence, _) = await Risk.RiskCountsTests.SnapshotAsync(app);
        string Counts(TestPerson person, int year) => Assert.Single(residence, r => r.StartsWith($"{person.CommuneCode} {year} ", StringComparison.Ordinal))[^7..];
        // people, dosed, fully vaccinated, boosted: Bình's Janssen is a full series; Dũng's lone second dose is not.
        Assert.Equal(("1 1 1 0", "1 1 1 0", "1 1 1 1", "1 1 0 0"), (Counts(an, 1985), Counts(binh, 1950), Counts(cuong, 1972), Counts(dung, 1999)));
        await Risk.RiskCountsTests.AssertCountsEqualARebuildAsync(app);
    }

    [Theory, BothProviders]
    public async Task MigratingAllSources_RunsThemInOrderThroughOneResolver_SoACheckInLinksByAPhoneLearntFromADeclaration(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson an = await new TestPeople(app).AddAsync(new DateOnly(1985, 3, 14), name: "Nguyễn Văn An");
        string Folder(string source) => Directory.CreateDirectory(Path.Combine(_folder, source)).FullName;

        // The registry knows no phone of An's: his NCOVI declaration (by citizen ID) gives one, his QR check-in uses it.
        Write(Path.Combine(Folder("ncovi"), NcoviSource.FileName), string.Join("\r\n",
            string.Join(',', NcoviSource.Header), NcoviRow("NC1", "Nguyễn Văn An", "1985", an.CitizenId, "0912 000 111", "Không", "20/08/2021 08:30")));
        Write(Path.Combine(Folder("tiemchung"), TiemChungSource.FileName), string.Join("\n",
            string.Join(',', TiemChungRow.Header),
            $"MT1,DT1,Nguyễn Văn An,1985-03-14,NAM,{an.CitizenId},,01,,,1,AstraZeneca,L1,01/08/2021,CS1,Trạm Y tế,"));
        Write(Path.Combine(Folder("qr"), QrSource.VenuesFileName), "ma_dia_diem,ten_dia_diem,loai,ma_tinh,ma_huyen,ma_xa,dia_chi,vi_do,kinh_do\n"
            + $"DD1,Chợ Thử,cho,01,{an.DistrictCode},{an.CommuneCode},Số 3,21.03,105.85\n");
        Write(Path.Combine(Folder("qr"), QrSource.CheckInsFileName), "ma_check_in,ma_dia_diem,so_dien_thoai,ho_ten,thoi_gian\n"
            + "CI1,DD1,0912000111,Nguyễn Văn An,2021-09-01 07:30:00\n");
        Folder("vhd"); // an empty sub-folder is no source

        MigrateAll all = app.Services.GetRequiredService<MigrateAll>();
        IReadOnlyList<MigrateSource.Report> reports = await all.HandleAsync(_folder, _ => null, CancellationToken.None);

        Assert.Equal(["ncovi", "tiemchung", "qr"], reports.Select(r => r.Source));
        Assert.All(reports, AssertAccounted);
        Assert.Equal([1L, 1, 1], reports.Select(r => r.Linked));
        Assert.Equal(0, reports[2].Claim);
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(an.Id, (await db.LegacyLinks.SingleAsync(l => l.Source == "qr")).PersonId);
        }

        // Run again: every record is already migrated, nothing is created.
        IReadOnlyList<MigrateSource.Report> again = await all.HandleAsync(_folder, _ => null, CancellationToken.None);
        Assert.Equal([1L, 1, 1], again.Select(r => r.AlreadyMigrated));
        Assert.Equal(0, again.Sum(r => r.FactsCreated));

        // A folder without any source's sub-folder is refused as a whole.
        await Assert.ThrowsAsync<DomainException>(() => all.HandleAsync(Folder("vhd"), _ => null, CancellationToken.None));
    }

    [Theory, BothProviders]
    public async Task ARecordCarryingACitizenIdHeldBySomeoneElse_GoesToReview_InsteadOfANewPersonUnderThatId(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson an = await new TestPeople(app).AddAsync(new DateOnly(1985, 3, 14), name: "Nguyễn Văn An");
        // An's citizen ID under another name and birth year: not An, and no new person may take his ID.
        Write(NcoviSource.FileName, string.Join("\r\n",
            string.Join(',', NcoviSource.Header), NcoviRow("NC1", "Trần Thị Khác", "1962", an.CitizenId, "", "Không", "20/08/2021 08:30")));

        MigrateSource.Report report = await MigrateAsync(app, "ncovi", _folder);

        Assert.Equal((1L, 1L, 0L), (report.Read, report.Review, report.New));
        using PcCovidDbContext db = app.NewDbContext();
        LegacyLink link = await db.LegacyLinks.SingleAsync();
        Assert.Equal((LinkOutcome.Review, an.Id), (link.Outcome, link.PersonId));
        Assert.Equal(1, await db.People.CountAsync(p => p.CitizenId == an.CitizenId));
    }

    [Theory, BothProviders]
    public async Task TheHealthBooksPhones_AreAddedToTheirPeopleOnce_WithTheirProvenance_AndTheCardsRecorded(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson an = await new TestPeople(app).AddAsync(new DateOnly(1985, 3, 14), phone: "+84912000111", name: "Nguyễn Văn An");
        string Row(string id, string phone, string card) =>
            $"{id};Nguyễn Văn An;14/03/1985;1;{an.CitizenId};;{card};{phone};01;{an.DistrictCode};{an.CommuneCode};Số 1;2021-08-01 10:00:00";
        // Two records a batch: the new number comes again in the next batch, and the known one is his already.
        Write(SskdtSource.FileName, string.Join("\n",
            string.Join(';', SskdtSource.Header),
            Row("HS1", "0912000111", "DN4010123456789"),
            Row("HS2", "0987 654 321", ""),
            Row("HS3", "0987654321", "")));

        MigrateSource.Report report = await MigrateAsync(app, "sskdt", _folder, batchRows: 2);
        MigrateSource.Report again = await MigrateAsync(app, "sskdt", _folder, batchRows: 2);

        Assert.Equal((3L, 3L, 2L), (report.Read, report.Linked, report.FactsCreated));
        Assert.Equal((3L, 0L), (again.AlreadyMigrated, again.FactsCreated));
        using PcCovidDbContext db = app.NewDbContext();
        List<PersonPhone> phones = await db.PersonPhones.AsNoTracking().Where(p => p.PersonId == an.Id).OrderBy(p => p.E164).ToListAsync();
        Assert.Equal(["+84912000111", "+84987654321"], phones.Select(p => p.E164));
        Assert.Equal(("sskdt", "HS2", false), (phones[1].Provenance.SourceSystem, phones[1].Provenance.SourceRecordId, phones[1].Provenance.IsAuthoritative));
        Assert.Equal("DN4010123456789", (await db.HealthInsuranceCards.SingleAsync(c => c.PersonId == an.Id)).CardNumber);
    }

    [Theory, BothProviders]
    public async Task SingleSourceRuns_LinkACheckInThroughAPhoneAnEarlierRunStored_StoredOnceAsSelfDeclared(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson an = await people.AddAsync(new DateOnly(1985, 3, 14), name: "Nguyễn Văn An");
        TestPerson binh = await people.AddAsync(new DateOnly(1970, 5, 6), phone: "+84912000222", name: "Trần Văn Bình");

        // The registry knows no phone of An's. His declarations (by citizen ID) carry one number, written three ways, two
        // records in the first batch and one in the next; Bình's carries the number the population database has for him.
        Write(NcoviSource.FileName, string.Join("\r\n",
            string.Join(',', NcoviSource.Header),
            NcoviRow("NC1", "Nguyễn Văn An", "1985", an.CitizenId, "0912 000 111", "Không", "20/08/2021 08:30"),
            NcoviRow("NC2", "Nguyễn Văn An", "1985", an.CitizenId, "+84912000111", "Không", "21/08/2021 08:30"),
            NcoviRow("NC3", "Nguyễn Văn An", "1985", an.CitizenId, "0912.000.111", "Không", "22/08/2021 08:30"),
            NcoviRow("NC4", "Trần Văn Bình", "1970", binh.CitizenId, "0912000222", "Không", "22/08/2021 08:30")), bom: true);
        Write(QrSource.VenuesFileName, "ma_dia_diem,ten_dia_diem,loai,ma_tinh,ma_huyen,ma_xa,dia_chi,vi_do,kinh_do\n"
            + $"DD1,Chợ Thử,cho,01,{an.DistrictCode},{an.CommuneCode},Số 3,21.03,105.85\n");
        Write(QrSource.CheckInsFileName, "ma_check_in,ma_dia_diem,so_dien_thoai,ho_ten,thoi_gian\n"
            + "CI1,DD1,0912000111,Nguyen Van An,2021-09-01 07:30:00\n");

        // Two runs, one source each: the qr run's resolver is built from the registry, not handed over from the ncovi run.
        MigrateSource.Report ncovi = await MigrateAsync(app, "ncovi", _folder, batchRows: 2);
        MigrateSource.Report qr = await MigrateAsync(app, "qr", _folder);

        Assert.Equal((1L, 1L, 0L), (qr.Read, qr.Linked, qr.Claim));
        Assert.Equal((4L, 4L), (ncovi.Read, ncovi.Linked));
        Assert.Equal(4 + 1, ncovi.FactsCreated); // four declarations, An's number
        Assert.Equal("phone+name=1", string.Join(';', qr.LinkedByRule.Select(r => $"{r.Key}={r.Value}")));
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(an.Id, (await db.LegacyLinks.SingleAsync(l => l.Source == "qr")).PersonId);
            PersonPhone learnt = await db.PersonPhones.AsNoTracking().SingleAsync(p => p.PersonId == an.Id);
            Assert.Equal(("+84912000111", "ncovi", "NC1", false), (learnt.E164, learnt.Provenance.SourceSystem, learnt.Provenance.SourceRecordId, learnt.Provenance.IsAuthoritative));
            PersonPhone own = await db.PersonPhones.AsNoTracking().SingleAsync(p => p.PersonId == binh.Id);
            Assert.Equal(("dan-cu", true), (own.Provenance.SourceSystem, own.Provenance.IsAuthoritative));
        }

        // Run again: nothing is migrated twice, no number is stored twice.
        MigrateSource.Report again = await MigrateAsync(app, "ncovi", _folder, batchRows: 2);
        Assert.Equal((4L, 0L), (again.AlreadyMigrated, again.FactsCreated));
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(2, await db.PersonPhones.CountAsync());
        }
    }

    [Theory, BothProviders]
    public async Task ClaimsAndReviews_StoreNoPhone_NorDoesAClaimAnsweredForADependant(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        const string household = "0010000000777";
        TestPerson father = await people.AddAsync(new DateOnly(1984, 6, 1), phone: "+84912000111", household: household, name: "Nguyễn Văn An");
        TestPerson son = await people.AddAsync(new DateOnly(2014, 9, 2), household: household, relation: HouseholdRelation.Child, name: "Nguyễn Văn Nam");

        // A check-in by the father's number in a name nobody holding it has (a claim), and one by a number nobody has (a claim).
        Write(QrSource.VenuesFileName, "ma_dia_diem,ten_dia_diem,loai,ma_tinh,ma_huyen,ma_xa,dia_chi,vi_do,kinh_do\n"
            + $"DD1,Chợ Thử,cho,01,{father.DistrictCode},{father.CommuneCode},Số 3,21.03,105.85\n");
        Write(QrSource.CheckInsFileName, "ma_check_in,ma_dia_diem,so_dien_thoai,ho_ten,thoi_gian\n"
            + "CI1,DD1,0912000111,Bé Nam,2021-09-01 07:30:00\n"
            + "CI2,DD1,0987 000 333,Lê Văn Lạ,2021-09-02 07:30:00\n");
        // A health-book record with the father's number, the son's name and no birth date or document (a claim).
        Write(SskdtSource.FileName, string.Join("\n",
            string.Join(';', SskdtSource.Header),
            $"HS1;Bé Nam;;1;;;;0912000111;01;{son.DistrictCode};{son.CommuneCode};Số 1;2021-08-01 10:00:00"));
        // A declaration sent to review with the son as the candidate, carrying another number.
        Write(NcoviSource.FileName, string.Join("\r\n",
            string.Join(',', NcoviSource.Header), NcoviRow("NC1", "Nguyen Van Nam", "2014", "", "0987 000 444", "Không", "20/08/2021 08:30")));

        MigrateSource.Report qr = await MigrateAsync(app, "qr", _folder);
        MigrateSource.Report book = await MigrateAsync(app, "sskdt", _folder);
        await using (AsyncServiceScope scope = app.Services.CreateAsyncScope())
        {
            MigrateSource.Report review = await scope.ServiceProvider.GetRequiredService<MigrateSource>()
                .HandleAsync("ncovi", _folder, null, CancellationToken.None, new ReviewEverything(son.Id));
            Assert.Equal(1, review.Review);
        }

        Assert.Equal((2L, 1L), (qr.Claim, book.Claim));
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(["+84912000111"], await db.PersonPhones.Select(p => p.E164).ToListAsync());
        }

        // The father answers both claims for his son: the check-in and the health book are the son's, the father's number is not.
        HttpClient client = await TestAccounts.SignInCitizenAsync(app, father);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/me/dependants", new { personId = son.Id })).StatusCode);
        List<JsonElement> claims = (await client.GetFromJsonAsync<JsonElement>("/api/me/claims")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, claims.Count);
        foreach (JsonElement claim in claims)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/me/claims/{claim.GetProperty("id").GetInt64()}", new { decision = "dependant", dependant = new { personId = son.Id } })).StatusCode);
        }

        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(son.Id, (await db.LegacyLinks.SingleAsync(l => l.SourceRecordId == "CI1")).PersonId);
            Assert.Equal(son.Id, (await db.LegacyLinks.SingleAsync(l => l.SourceRecordId == "HS1")).PersonId);
            Assert.False(await db.PersonPhones.AnyAsync(p => p.PersonId == son.Id));
        }
    }

    [Theory, BothProviders]
    public async Task ANumberFromAnOldApp_ConfirmsItsAdultHolder_ButNotAChildOrAnAdultSharingIt_AndLeavesAGrandfatherWithoutAPhone(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        const string household = "0010000000888";
        // Nobody has a number in the population database. One household: the father typed his number on his own declaration,
        // his young son's and his old father's; an old in-law typed his own. Elsewhere, a father and his grown son share one.
        TestPerson father = await people.AddAsync(new DateOnly(1984, 6, 1), household: household, name: "Nguyễn Văn An");
        TestPerson son = await people.AddAsync(new DateOnly(2014, 9, 2), household: household, relation: HouseholdRelation.Child, name: "Nguyễn Văn Nam");
        TestPerson grandfather = await people.AddAsync(new DateOnly(1950, 2, 4), household: household, relation: HouseholdRelation.Other, name: "Nguyễn Văn Ông");
        TestPerson withOwnPhone = await people.AddAsync(new DateOnly(1952, 3, 5), household: household, relation: HouseholdRelation.Other, name: "Trần Văn Cả");
        TestPerson sharing = await people.AddAsync(new DateOnly(1980, 1, 2), name: "Lê Văn Chung");
        TestPerson adultSon = await people.AddAsync(new DateOnly(2000, 7, 8), name: "Lê Văn Con");
        Write(NcoviSource.FileName, string.Join("\r\n",
            string.Join(',', NcoviSource.Header),
            NcoviRow("NC1", "Nguyễn Văn An", "1984", father.CitizenId, "0912 000 111", "Không", "20/08/2021 08:30"),
            NcoviRow("NC2", "Nguyễn Văn Nam", "2014", son.CitizenId, "0912 000 111", "Không", "20/08/2021 08:31"),
            NcoviRow("NC3", "Nguyễn Văn Ông", "1950", grandfather.CitizenId, "0912 000 111", "Không", "20/08/2021 08:32"),
            NcoviRow("NC4", "Trần Văn Cả", "1952", withOwnPhone.CitizenId, "0912 000 444", "Không", "20/08/2021 08:33"),
            NcoviRow("NC5", "Lê Văn Chung", "1980", sharing.CitizenId, "0912 000 555", "Không", "20/08/2021 08:34"),
            NcoviRow("NC6", "Lê Văn Con", "2000", adultSon.CitizenId, "0912 000 555", "Không", "20/08/2021 08:35")), bom: true);
        MigrateSource.Report ncovi = await MigrateAsync(app, "ncovi", _folder);
        Assert.Equal(6, ncovi.Linked);

        async Task<HttpClient> SignInAsync(string phone)
        {
            HttpClient client = TestAccounts.NewClient(app);
            Assert.Equal(HttpStatusCode.Accepted, (await TestAccounts.RequestCodeAsync(client, phone)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await TestAccounts.SendCodeAsync(client, phone, TestAccounts.LastCodeTo(app, phone))).StatusCode);
            return client;
        }

        Task<HttpResponseMessage> ConfirmAsync(HttpClient client, TestPerson person) =>
            client.PostAsJsonAsync("/api/auth/citizen/confirm-identity", new { citizenId = person.CitizenId, birthDate = person.BirthDate });

        // The father's number does not make him his son or his father, though he knows their IDs and birthdays; it confirms him.
        HttpClient fathers = await SignInAsync("+84912000111");
        Assert.Equal(HttpStatusCode.BadRequest, (await ConfirmAsync(fathers, son)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ConfirmAsync(fathers, grandfather)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(fathers, father)).StatusCode);
        Assert.Equal(father.Id, (await fathers.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("person").GetProperty("id").GetInt64());

        // Two adults of working age with one number: it confirms neither (the commune health station links them by hand).
        HttpClient shared = await SignInAsync("+84912000555");
        Assert.Equal(HttpStatusCode.BadRequest, (await ConfirmAsync(shared, adultSon)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ConfirmAsync(shared, sharing)).StatusCode);

        // The grandfather's only number is his son's: he is still an elder without a phone; the in-law typed his own.
        List<long> candidates = (await fathers.GetFromJsonAsync<JsonElement>("/api/me/dependants/candidates")).EnumerateArray()
            .Select(c => c.GetProperty("personId").GetInt64()).Order().ToList();
        Assert.Equal(new[] { son.Id, grandfather.Id }.Order(), candidates);
        Assert.Equal(HttpStatusCode.NoContent, (await fathers.PostAsJsonAsync("/api/me/dependants", new { personId = grandfather.Id })).StatusCode);
        Assert.Contains((await fathers.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("dependants").EnumerateArray(),
            d => d.GetProperty("personId").GetInt64() == grandfather.Id && d.GetProperty("basis").GetString() == "household-elderly-without-phone");

        // The in-law confirms with the number he typed in the old app.
        HttpClient inLaw = await SignInAsync("+84912000444");
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(inLaw, withOwnPhone)).StatusCode);
    }

    [Theory, BothProviders]
    public async Task OldLabResults_AreRecordedForTheirPerson_InBulk_OpenNoCase_AndAreNotRecordedTwice(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson an = await new TestPeople(app).AddAsync(new DateOnly(1985, 3, 14), name: "Nguyễn Văn An");
        Write(XetNghiemSource.FileName, string.Join("\n",
            XetNghiemCsv.Header,
            $"XN1,,Nguyễn Văn An,1985,Nam,{an.CitizenId},,01,RT-PCR,Dương tính,\"28,5\",03/09/2021 08:00,03/09/2021 20:00,LAB01",
            $"XN2,G7,Nguyễn Văn An,1985,Nam,{an.CitizenId},,01,Test nhanh kháng nguyên,Âm tính,,20/09/2021 08:00,20/09/2021 08:30,LAB01"));

        MigrateSource.Report report = await MigrateAsync(app, "xetnghiem", _folder, batchRows: 1);
        MigrateSource.Report again = await MigrateAsync(app, "xetnghiem", _folder, batchRows: 1);

        Assert.Equal((2L, 2L, 2L), (report.Read, report.Linked, report.FactsCreated));
        Assert.Equal((2L, 0L), (again.AlreadyMigrated, again.FactsCreated));
        using PcCovidDbContext db = app.NewDbContext();
        List<LabResult> results = await db.LabResults.AsNoTracking().OrderBy(r => r.SampleId).ToListAsync();
        Assert.Equal(["XN1", "XN2"], results.Select(r => r.SampleId));
        Assert.All(results, r => Assert.Equal(an.Id, r.PersonId));
        Assert.Equal((LabOutcome.Positive, 28.5m, (string?)null), (results[0].Outcome, results[0].Ct, results[0].PoolId));
        Assert.Equal((LabOutcome.Negative, (decimal?)null, "G7"), (results[1].Outcome, results[1].Ct, results[1].PoolId));
        Assert.Equal(("xetnghiem", "XN1"), (results[0].Provenance.SourceSystem, results[0].Provenance.SourceRecordId));
        Assert.Single(await db.Facilities.Where(f => f.Name == LegacyFactWriter.LegacyLabPrefix + "LAB01").ToListAsync());
        Assert.Equal(0, await db.Cases.CountAsync());
    }
}
