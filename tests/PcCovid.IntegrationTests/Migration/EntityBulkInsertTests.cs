using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.Bulk;
using PcCovid.Domain.Common;
using PcCovid.Domain.Declarations;
using PcCovid.Domain.People;
using PcCovid.Domain.Vaccination;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Migration;

/// <summary>
/// The migration's bulk path writes exactly what SaveChanges would: the same entity saved both ways
/// reads back identical in every column (dates, enums, nullable values, a Guid, the provenance columns),
/// on both databases.
/// </summary>
public sealed class EntityBulkInsertTests
{
    [Theory, BothProviders]
    public async Task ABulkInsertedRow_ReadsBackLikeOneSavedByEf(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1990, 1, 2), Sex.Female);
        VaccineProduct pfizer = app.Services.GetRequiredService<ReferenceData>().Vaccines.Require("Pfizer");
        var now = new DateTime(2021, 9, 1, 3, 4, 5, 678, DateTimeKind.Utc);
        var recordedBy = Guid.NewGuid();

        HealthDeclaration Declaration(string record) => HealthDeclaration.Declare(person.Id, null, DeclarationKind.Entry, now.AddHours(-2),
            new DeclarationAnswers(["fever", "cough"], [], [], "Chợ Long Biên"),
            new TravelDetails(TravelMode.Flight, "VN123", "12A", new DateOnly(2021, 8, 30), new DateOnly(2021, 8, 31), "KOR", null, "Nội Bài"),
            new DeclarationAddress("01", "001", "00001", "Số 1 Phúc Xá"), new Provenance("vhd", record, now, isAuthoritative: false), now);
        Dose DoseOf(int number, string record) => Dose.Record(person.Id, number, pfizer, "LOT-1", new DateOnly(2021, 8, number), new DateOnly(2021, 9, 1), null, "S01", "Trạm y tế Phúc Xá", null,
            new Provenance("tiemchung", record, now, isAuthoritative: true), recordedBy, null);

        using (IServiceScope scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            db.HealthDeclarations.Add(Declaration("ef"));
            db.Doses.Add(DoseOf(1, "ef"));
            await db.SaveChangesAsync();

            await using var transaction = await db.Database.BeginTransactionAsync();
            await EntityBulkInsert.InsertAsync(db, [Declaration("bulk")], CancellationToken.None);
            await EntityBulkInsert.InsertAsync(db, [DoseOf(2, "bulk")], CancellationToken.None);
            await transaction.CommitAsync();
        }

        using (IServiceScope scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            var declarations = await db.HealthDeclarations.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
            Assert.Equal(2, declarations.Count);
            Assert.Equal(Comparable(declarations[0]), Comparable(declarations[1]));
            Assert.Equal(["cough", "fever"], declarations[1].SymptomList.Order(StringComparer.Ordinal));
            Assert.Equal("vhd:bulk", declarations[1].SourceKey);

            var doses = await db.Doses.AsNoTracking().OrderBy(d => d.DoseNumber).ToListAsync();
            Assert.Equal(2, doses.Count);
            Assert.Equal(recordedBy, doses[1].RecordedByAccountId);
            Assert.Equal(Comparable(doses[0], "DoseNumber", "AdministeredOn"), Comparable(doses[1], "DoseNumber", "AdministeredOn"));
        }
    }

    /// <summary>The entity's values as JSON without what differs on purpose (key, source record, the dose's number and date).</summary>
    private static string Comparable(object entity, params string[] alsoIgnored)
    {
        JsonObject json = JsonSerializer.SerializeToNode(entity, entity.GetType())!.AsObject();
        foreach (string name in new[] { "Id", "SourceKey", "Provenance" }.Concat(alsoIgnored))
        {
            json.Remove(name);
        }

        return json.ToJsonString();
    }
}
