using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Domain.Common;
using PcCovid.Domain.Imports;
using PcCovid.Domain.People;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Population;
using PcCovid.Web.Features.Risk;
using PcCovid.Web.Features.SyntheticData;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Population;

public sealed class ImportPopulationTests
{
    private const string ValidLine =
        "{\"so_dinh_danh\":\"001085012345\",\"so_cmnd\":\"012345678\",\"ho_ten\":\"Nguyễn Văn An\",\"ngay_sinh\":\"1985-03-14\",\"gioi_tinh\":\"Nam\",\"quoc_tich\":\"VNM\",\"ma_tinh\":\"01\",\"ma_huyen\":\"001\",\"ma_xa\":\"00001\",\"dia_chi\":\"Số 12 ngõ 5\",\"ma_ho\":\"0100100001234\",\"quan_he_chu_ho\":\"Chủ hộ\",\"so_dien_thoai\":\"01662345678\"}";

    [Theory, BothProviders]
    public async Task Import_OfAGeneratedCountry_InsertsEveryoneAndCountsThemByCommune(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        byte[] snapshot = Generate(people: 3_000, seed: 7);

        ImportPopulation.Result result = await ImportAsync(app, snapshot);

        Assert.Equal(3_000, result.RowsRead);
        Assert.Equal(3_000, result.Inserted);
        Assert.Equal(0, result.Rejected);
        using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(3_000, await db.People.CountAsync());
        Assert.Equal(3_000, await db.ResidenceCounts.SumAsync(c => c.People));
        ImportRun run = await db.ImportRuns.SingleAsync();
        Assert.Equal(ImportRunStatus.Completed, run.Status);
        Assert.Equal(3_000, run.Inserted);
    }

    [Theory, BothProviders]
    public async Task Import_OfTheSameFileAgain_ChangesNothing(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        byte[] snapshot = Generate(people: 2_000, seed: 11);
        await ImportAsync(app, snapshot);
        DateTime lastUpdate;
        using (PcCovidDbContext db = app.NewDbContext())
        {
            lastUpdate = await db.People.MaxAsync(p => p.UpdatedAtUtc);
        }

        ImportPopulation.Result again = await ImportAsync(app, snapshot);

        Assert.Equal(2_000, again.RowsRead);
        Assert.Equal(0, again.Inserted);
        Assert.Equal(0, again.Updated);
        Assert.Equal(2_000, again.Unchanged);
        using PcCovidDbContext after = app.NewDbContext();
        Assert.Equal(2_000, await after.People.CountAsync());
        Assert.Equal(lastUpdate, await after.People.MaxAsync(p => p.UpdatedAtUtc));
    }

    [Theory, BothProviders]
    public async Task Import_WithOneChangedLine_UpdatesOnlyThatPerson(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        await ImportAsync(app, Lines(ValidLine, ValidLine.Replace("001085012345", "001185012346").Replace("Nguyễn Văn An", "Trần Thị Bình").Replace("\"Nam\"", "\"Nữ\"")));

        ImportPopulation.Result result = await ImportAsync(app, Lines(ValidLine.Replace("Số 12 ngõ 5", "Số 99 phố Huế"), ValidLine.Replace("001085012345", "001185012346").Replace("Nguyễn Văn An", "Trần Thị Bình").Replace("\"Nam\"", "\"Nữ\"")));

        Assert.Equal(1, result.Updated);
        Assert.Equal(1, result.Unchanged);
        using PcCovidDbContext db = app.NewDbContext();
        Person moved = await db.People.SingleAsync(p => p.CitizenId == "001085012345");
        Assert.Equal("Số 99 phố Huế", moved.AddressLine);
    }

    [Theory, BothProviders]
    public async Task Import_StoresNamesInNfcWithAFoldedKeyAndTheConvertedPhone(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        string decomposed = ValidLine.Replace("Nguyễn Văn An", "Nguyễn Văn An".Normalize(NormalizationForm.FormD));

        await ImportAsync(app, Lines(decomposed));

        using PcCovidDbContext db = app.NewDbContext();
        Person person = await db.People.Include(p => p.Phones).SingleAsync();
        Assert.Equal("Nguyễn Văn An".Normalize(NormalizationForm.FormC), person.FullName);
        Assert.Equal("nguyen van an", person.NameKey);
        Assert.Equal("012345678", person.LegacyIdNumber);
        Assert.Equal(HouseholdRelation.Head, person.RelationToHead);
        Assert.Equal(new DateOnly(1985, 3, 14), person.BirthDay);
        PersonPhone phone = Assert.Single(person.Phones);
        Assert.Equal("+84362345678", phone.E164);
        Assert.True(phone.ConvertedFromOldNumber);
        Assert.Equal("dan-cu", person.Provenance.SourceSystem);
        Assert.True(person.Provenance.IsAuthoritative);

        // Every column as the load into an empty registry encodes it (PostgreSQL: binary COPY written by hand).
        ImportRun run = await db.ImportRuns.SingleAsync(r => r.Source == SourceSystems.Population);
        Assert.Equal(("001085012345", "VNM", 1985, Sex.Male), (person.Provenance.SourceRecordId, person.Nationality, person.BirthYear, person.Sex));
        Assert.Equal(("01", "001", "00001", "Số 12 ngõ 5", "0100100001234"), (person.ProvinceCode, person.DistrictCode, person.CommuneCode, person.AddressLine, person.HouseholdCode));
        Assert.Equal(run.Id, person.LastImportRunId);
        Assert.NotEqual(0, person.ContentHash);
        Assert.Null(person.PassportNumber);
        Assert.Equal(run.StartedAtUtc, person.CreatedAtUtc, TimeSpan.FromMilliseconds(1));
        Assert.Equal(run.StartedAtUtc, person.Provenance.ReceivedAtUtc, TimeSpan.FromMilliseconds(1));
    }

    [Theory, BothProviders]
    public async Task Import_WithBadLines_RefusesEachWithItsLineNumberAndKeepsTheRest(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        string second = ValidLine.Replace("001085012345", "001185012346").Replace("\"Nam\"", "\"Nữ\"");
        string third = ValidLine.Replace("001085012345", "079090000001").Replace("1985-03-14", "1990-01-01").Replace("\"01\",\"ma_huyen\":\"001\",\"ma_xa\":\"00001\"", "\"79\",\"ma_huyen\":\"760\",\"ma_xa\":\"26734\"");
        byte[] file = Lines(
            ValidLine,                                                        // 1 ok
            "{\"so_dinh_danh\": \"0010850",                                   // 2 malformed JSON
            ValidLine.Replace("001085012345", "001185012399"),                // 3 CCCD says female, record says Nam
            ValidLine.Replace("001085012345", "001085099999").Replace("00001", "99999"), // 4 unknown commune
            second,                                                           // 5 ok
            ValidLine.Replace("Nguyễn Văn An", "Nguyễn Văn Ân"),              // 6 duplicate ID, different data
            ValidLine,                                                        // 7 exact repeat: unchanged
            "",                                                               // blank: not a record
            third,                                                            // 9 ok
            ValidLine.Replace("001085012345", "001085012377")[..60]);         // 10 truncated last line

        ImportPopulation.Result result = await ImportAsync(app, file, trailingNewline: false);

        Assert.Equal(9, result.RowsRead);
        Assert.Equal(3, result.Inserted);
        Assert.Equal(1, result.Unchanged);
        Assert.Equal(5, result.Rejected);
        Assert.Equal(result.RowsRead, result.Inserted + result.Updated + result.Unchanged + result.Rejected);
        var reasons = result.FirstRejections.ToDictionary(r => r.LineNumber, r => r.Reason);
        Assert.Equal([2, 3, 4, 6, 10], reasons.Keys.Order());
        Assert.StartsWith("malformed JSON", reasons[2]);
        Assert.Contains("other sex", reasons[3]);
        Assert.Contains("unknown commune code", reasons[4]);
        Assert.Contains("duplicate citizen ID", reasons[6]);
        Assert.StartsWith("malformed JSON", reasons[10]);

        using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(3, await db.People.CountAsync());
        Assert.Equal("Nguyễn Văn An", (await db.People.SingleAsync(p => p.CitizenId == "001085012345")).FullName);
        Assert.Equal(5, await db.ImportRejections.CountAsync());
    }

    [Theory, BothProviders]
    public async Task Import_DuplicateAcrossBatches_IsRefusedAndTheFirstKept(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        byte[] generated = Generate(people: ImportPopulation.BatchSize + 10, seed: 3);
        string firstLine = Encoding.UTF8.GetString(generated).Split('\n')[0];
        string changedCopy = firstLine.Replace("\"quoc_tich\":\"VNM\"", "\"quoc_tich\":\"VNM\",\"x\":null");
        byte[] file = [.. generated, .. Encoding.UTF8.GetBytes(changedCopy + "\n")];

        ImportPopulation.Result result = await ImportAsync(app, file);

        Assert.Equal(ImportPopulation.BatchSize + 10, result.Inserted);
        Assert.Equal(1, result.Rejected);
        Assert.Equal(ImportPopulation.BatchSize + 11, result.FirstRejections.Single().LineNumber);
    }

    [Theory, BothProviders]
    public async Task Import_IntoAnEmptyRegistry_RebuildsTheIndexesItDeferred(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        IReadOnlyList<string> before = await PeopleIndexesAsync(app, provider);

        await ImportAsync(app, Generate(people: 500, seed: 5));

        Assert.Equal(before, await PeopleIndexesAsync(app, provider));
        Assert.Contains("ix_people_household_code", before);
        using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(0, await db.DeferredIndexes.CountAsync());
    }

    [Theory, BothProviders]
    public async Task Import_IntoAnEmptyRegistry_CountsEveryCommuneAndBirthYearAsARecountWould(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        await ImportAsync(app, Generate(people: 3_000, seed: 13));
        List<string> tallied = await ResidenceCountsAsync(app);

        await app.InScopeAsync(services => services.GetRequiredService<RebuildFactCounts>().HandleAsync(CancellationToken.None));

        List<string> recounted = await ResidenceCountsAsync(app);
        Assert.True(recounted.Count > 100);
        Assert.Equal(recounted, tallied);
    }

    [Theory, BothProviders]
    public async Task Import_IntoAnEmptyRegistry_AddsToCountsAlreadyThere(DatabaseProvider provider)
    {
        byte[] file = Generate(people: 1_000, seed: 17);
        List<ResidenceCount> alone;
        await using (TestDatabase first = await TestDatabase.CreateAsync(provider))
        await using (var firstApp = new PcCovidAppFactory(first))
        {
            await ImportAsync(firstApp, file);
            using PcCovidDbContext db = firstApp.NewDbContext();
            alone = await db.ResidenceCounts.AsNoTracking().OrderBy(c => c.CommuneCode).ThenBy(c => c.BirthYear).ToListAsync();
        }

        // A count another writer left for one of the file's communes and years, with a dose: the load adds to it.
        ResidenceCount shared = alone[0];
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        using (PcCovidDbContext db = app.NewDbContext())
        {
            db.ResidenceCounts.Add(new ResidenceCount
            {
                CommuneCode = shared.CommuneCode, BirthYear = shared.BirthYear, DistrictCode = shared.DistrictCode,
                ProvinceCode = shared.ProvinceCode, People = 7, Dosed = 2,
            });
            await db.SaveChangesAsync();
        }

        await ImportAsync(app, file);

        using PcCovidDbContext after = app.NewDbContext();
        List<ResidenceCount> counts = await after.ResidenceCounts.AsNoTracking().OrderBy(c => c.CommuneCode).ThenBy(c => c.BirthYear).ToListAsync();
        Assert.Equal(alone.Count, counts.Count);
        Assert.Equal(shared.People + 7, counts[0].People);
        Assert.Equal(2, counts[0].Dosed);
        Assert.Equal(alone.Skip(1).Select(c => (c.CommuneCode, c.BirthYear, c.People)), counts.Skip(1).Select(c => (c.CommuneCode, c.BirthYear, c.People)));
    }

    [Theory, BothProviders]
    public async Task PopulationDatabase_FindsAHouseholdHeadFirst(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        await ImportAsync(app, Generate(people: 300, seed: 9));
        string household;
        using (PcCovidDbContext db = app.NewDbContext())
        {
            household = await db.People.GroupBy(p => p.HouseholdCode).Where(g => g.Count() >= 3).Select(g => g.Key!).FirstAsync();
        }

        IReadOnlyList<PopulationRecord> members = await app.InScopeAsync(services =>
            services.GetRequiredService<IPopulationDatabase>().HouseholdAsync(household, CancellationToken.None));

        Assert.True(members.Count >= 3);
        Assert.Equal(HouseholdRelation.Head, members[0].RelationToHead);
        Assert.All(members, m => Assert.Equal(household, m.HouseholdCode));
        PopulationRecord? head = await app.InScopeAsync(services =>
            services.GetRequiredService<IPopulationDatabase>().FindByCitizenIdAsync(members[0].CitizenId, CancellationToken.None));
        Assert.Equal(members[0].FullName, head!.FullName);
    }

    private static async Task<IReadOnlyList<string>> PeopleIndexesAsync(PcCovidAppFactory app, DatabaseProvider provider)
    {
        using PcCovidDbContext db = app.NewDbContext();
        string sql = provider == DatabaseProvider.Sqlite
            ? "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' AND sql IS NOT NULL"
            : "SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename = 'people' AND indexname <> 'pk_people'";
        List<string> names = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static async Task<List<string>> ResidenceCountsAsync(PcCovidAppFactory app)
    {
        using PcCovidDbContext db = app.NewDbContext();
        return (await db.ResidenceCounts.AsNoTracking().ToListAsync())
            .Select(c => $"{c.CommuneCode} {c.BirthYear} {c.DistrictCode} {c.ProvinceCode} {c.People} {c.Dosed} {c.FullyVaccinated} {c.Boosted}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    internal static byte[] Generate(int people, int seed)
    {
        using var stream = new MemoryStream();
        new PopulationGenerator(ReferenceData.LoadEmbedded().Catalog).Write(stream, people, seed);
        return stream.ToArray();
    }

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

    private static async Task<ImportPopulation.Result> ImportAsync(PcCovidAppFactory app, byte[] file, bool trailingNewline = true)
    {
        if (!trailingNewline && file.Length > 0 && file[^1] == (byte)'\n')
        {
            file = file[..^1];
        }

        return await app.InScopeAsync(async services =>
        {
            using var stream = new MemoryStream(file);
            return await services.GetRequiredService<ImportPopulation>().HandleAsync(stream, "test.jsonl", null, CancellationToken.None);
        });
    }
}
