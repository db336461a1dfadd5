using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Npgsql;
using NpgsqlTypes;
using PcCovid.Data;
using PcCovid.Data.People;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Rules;
using SQLitePCL;

namespace PcCovid.Web.Features.Risk;

/// <summary>
/// Keeps the pre-aggregated inputs of the weekly risk levels exact: <see cref="ResidenceCount"/> (people
/// per commune and birth year, with how many have one dose, the primary series, a booster) and
/// <see cref="CommuneCaseCount"/> (community cases per commune and day). Around every write of people,
/// doses or cases it reads the contributions of the people concerned before and after, in the write's
/// transaction (their rows locked on PostgreSQL), and adds the difference with one upsert per table: a
/// write costs what it touches, whatever the registry's size. <see cref="RebuildFactCounts"/> recounts
/// everything from the facts (set-based SQL, an independent reckoning of the same rule).
/// </summary>
/// <remarks>
/// "Primary series" is the <c>vaccination.intervals</c> rule in force today (Janssen 1, Abdala 3, others 2):
/// after a new version of that rule changes a product's series, run <c>pccovid risk rebuild-aggregates</c>.
/// </remarks>
public sealed class FactCounts(RuleCache rules, DatabaseOptions database, TimeProvider clock) : IFactCountsMaintainer
{
    private const int ReadChunk = 5_000;

    private static readonly ILookup<long, DateOnly> s_noCaseDays = Array.Empty<long>().ToLookup(id => id, _ => default(DateOnly));

    /// <summary>One person's counted facts: where they live, their birth year, their confirmed doses, their counted cases' days.</summary>
    public sealed record PersonFacts(long Id, string? CommuneCode, string? DistrictCode, string? ProvinceCode, int BirthYear, IReadOnlyList<CountedDose> Doses, IReadOnlyList<DateOnly> CaseDays);

    public readonly record struct CountedDose(int DoseNumber, string ProductCode, DateOnly AdministeredOn);

    /// <summary>A person's vaccination as the counts see it: one dose, the primary series, a booster.</summary>
    public readonly record struct Coverage(bool Dosed, bool Full, bool Boosted);

    private readonly record struct ResidenceKey(string Commune, int BirthYear, string District, string Province);

    private sealed record Reading(Dictionary<long, PersonFacts> People);

    public FactCountsChange? Collect(PcCovidDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }

        var before = new HashSet<long>();
        var touched = new List<object>();
        foreach (EntityEntry entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Dose dose when entry.State != EntityState.Modified || Changed(entry, nameof(Dose.IsSelfDeclared), nameof(Dose.ConfirmedAtUtc), nameof(Dose.AdministeredOn), nameof(Dose.ProductCode), nameof(Dose.DoseNumber), nameof(Dose.PersonId)):
                    before.Add(dose.PersonId);
                    AddOriginal(entry, nameof(Dose.PersonId), before);
                    touched.Add(dose);
                    break;
                case Case opened when entry.State != EntityState.Modified || Changed(entry, nameof(Case.Status), nameof(Case.FirstPositiveSampledAtUtc), nameof(Case.PersonId)):
                    before.Add(opened.PersonId);
                    AddOriginal(entry, nameof(Case.PersonId), before);
                    touched.Add(opened);
                    break;
                case Person person when entry.State != EntityState.Modified || Changed(entry, nameof(Person.CommuneCode), nameof(Person.DistrictCode), nameof(Person.ProvinceCode), nameof(Person.BirthYear), nameof(Person.MergedIntoPersonId)):
                    if (entry.State != EntityState.Added)
                    {
                        before.Add(person.Id);
                    }

                    touched.Add(person);
                    break;
            }
        }

        if (touched.Count == 0)
        {
            return null;
        }

        // Temporary keys of rows not yet inserted are negative: nothing stored to read for them before.
        before.RemoveWhere(id => id <= 0);
        return new FactCountsChange(before.ToList(), () =>
        {
            var after = new HashSet<long>(before);
            foreach (object entity in touched)
            {
                after.Add(entity switch
                {
                    Dose d => d.PersonId,
                    Case c => c.PersonId,
                    Person p => p.Id,
                    _ => 0,
                });
            }

            after.RemoveWhere(id => id <= 0);
            return after.ToList();
        });
    }

    public async Task BeforeAsync(PcCovidDbContext db, FactCountsChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        await LockAsync(db, change.Before, cancellationToken).ConfigureAwait(false);
        change.State = new Reading(await ReadAsync(db, change.Before, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Runs a bulk write that only adds doses (the migration's) and moves the counts of their people. Nothing else
    /// about the people changes, so their facts are read once, before the write, and their facts after it are that
    /// reading plus the added doses that count: half the reading of <see cref="FactCountsMaintainerExtensions.AroundAsync"/>,
    /// which reads everything again after the write, and no reading of cases, which doses do not move.
    /// </summary>
    public async Task AddingDosesAsync(PcCovidDbContext db, IReadOnlyList<Dose> added, Func<Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(write);
        List<long> ids = added.Select(d => d.PersonId).Distinct().ToList();
        await LockAsync(db, ids, cancellationToken).ConfigureAwait(false);
        Dictionary<long, PersonFacts> before = await ReadAsync(db, ids, cancellationToken, withCaseDays: false).ConfigureAwait(false);
        await write().ConfigureAwait(false);

        Func<string, int> primary = await PrimarySeriesAsync(cancellationToken).ConfigureAwait(false);
        var residence = new Dictionary<ResidenceKey, (long People, long Dosed, long Full, long Boosted)>();
        var cases = new Dictionary<(string Commune, DateOnly Day), long>();
        // The same filter as ReadAsync's: a self-declared dose counts once it is confirmed.
        foreach (IGrouping<long, Dose> dosed in added.Where(d => !d.IsSelfDeclared || d.ConfirmedAtUtc != null).GroupBy(d => d.PersonId))
        {
            // A person not read (merged into another, or not there) counts nothing before or after.
            if (before.TryGetValue(dosed.Key, out PersonFacts? person))
            {
                Add(person, -1, primary, residence, cases);
                Add(person with { Doses = [.. person.Doses, .. dosed.Select(d => new CountedDose(d.DoseNumber, d.ProductCode, d.AdministeredOn))] }, +1, primary, residence, cases);
            }
        }

        await ApplyAsync(db, residence, cases, database.Provider == DatabaseProvider.Sqlite, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds the people a bulk load wrote into an empty registry (<see cref="NewPeopleTally"/>): the load bypassed
    /// SaveChanges, and its people have no doses or cases yet, so their counts are their number per commune and
    /// birth year. The counts are added to what is there, not put in its place: a person another writer registered
    /// meanwhile was counted by that writer.
    /// </summary>
    public async Task AddPeopleAsync(PcCovidDbContext db, NewPeopleTally tally, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tally);
        if (tally.IsEmpty)
        {
            return;
        }

        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                ApplySqlite(
                    ((SqliteConnection)db.Database.GetDbConnection()).Handle!,
                    tally.SortedRows().Select(r => KeyValuePair.Create(new ResidenceKey(r.Commune, r.BirthYear, r.District, r.Province), (r.People, 0L, 0L, 0L))),
                    []);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            }

            return;
        }

        // PostgreSQL: the rows (hundreds of thousands at a million people) go by binary COPY, a statement with parameters
        // that long costs seconds before the server sees it. Into empty counts (a first load: nobody else counted anyone)
        // they are copied straight in; otherwise into a temporary table, then one upsert adds them. At a million people
        // the upsert of 527,579 rows took 2.5 s on the server, the plain insert 1.25 s.
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // No other writer may add a first count between the look and the copy.
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE residence_counts IN SHARE ROW EXCLUSIVE MODE", cancellationToken).ConfigureAwait(false);
            bool firstCounts = !await db.ResidenceCounts.AnyAsync(cancellationToken).ConfigureAwait(false);
            if (!firstCounts)
            {
                await db.Database.ExecuteSqlRawAsync(
                    "CREATE TEMP TABLE new_residents (commune_code text, birth_year integer, district_code text, province_code text, people bigint) ON COMMIT DROP",
                    cancellationToken).ConfigureAwait(false);
            }

            NpgsqlBinaryImporter copy = await connection.BeginBinaryImportAsync(
                firstCounts
                    ? "COPY residence_counts (commune_code, birth_year, district_code, province_code, people, dosed, fully_vaccinated, boosted) FROM STDIN (FORMAT BINARY)"
                    : "COPY new_residents (commune_code, birth_year, district_code, province_code, people) FROM STDIN (FORMAT BINARY)",
                cancellationToken).ConfigureAwait(false);
            await using (copy.ConfigureAwait(false))
            {
                // The synchronous writers only fill Npgsql's buffer (it flushes when full).
#pragma warning disable CA1849
                foreach ((string commune, int birthYear, string district, string province, long people) in tally.SortedRows())
                {
                    copy.StartRow();
                    copy.Write(commune, NpgsqlDbType.Text);
                    copy.Write(birthYear, NpgsqlDbType.Integer);
                    copy.Write(district, NpgsqlDbType.Text);
                    copy.Write(province, NpgsqlDbType.Text);
                    copy.Write(people, NpgsqlDbType.Bigint);
                    if (firstCounts)
                    {
                        // Nobody in a first load has a dose yet.
                        copy.Write(0L, NpgsqlDbType.Bigint);
                        copy.Write(0L, NpgsqlDbType.Bigint);
                        copy.Write(0L, NpgsqlDbType.Bigint);
                    }
                }
#pragma warning restore CA1849

                await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!firstCounts)
            {
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO residence_counts (commune_code, birth_year, district_code, province_code, people, dosed, fully_vaccinated, boosted) " +
                    "SELECT commune_code, birth_year, district_code, province_code, people, 0, 0, 0 FROM new_residents ORDER BY commune_code, birth_year " +
                    "ON CONFLICT (commune_code, birth_year) DO UPDATE SET people = residence_counts.people + excluded.people",
                    cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>PostgreSQL: two writes about the same person wait for each other, so each one's before and after are its own.</summary>
    private async Task LockAsync(PcCovidDbContext db, IReadOnlyCollection<long> people, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Postgres && people.Count > 0)
        {
            long[] ids = people.Order().ToArray();
            await db.Database.ExecuteSqlAsync($"SELECT id FROM people WHERE id = ANY({ids}) ORDER BY id FOR UPDATE", cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AfterAsync(PcCovidDbContext db, FactCountsChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        var before = (Reading)(change.State ?? throw new InvalidOperationException("BeforeAsync was not called."));
        IReadOnlyCollection<long> ids = change.After?.Invoke() ?? change.Before;
        Dictionary<long, PersonFacts> after = await ReadAsync(db, ids, cancellationToken).ConfigureAwait(false);
        Func<string, int> primary = await PrimarySeriesAsync(cancellationToken).ConfigureAwait(false);

        var residence = new Dictionary<ResidenceKey, (long People, long Dosed, long Full, long Boosted)>();
        var cases = new Dictionary<(string Commune, DateOnly Day), long>();
        foreach (PersonFacts person in before.People.Values)
        {
            Add(person, -1, primary, residence, cases);
        }

        foreach (PersonFacts person in after.Values)
        {
            Add(person, +1, primary, residence, cases);
        }

        await ApplyAsync(db, residence, cases, database.Provider == DatabaseProvider.Sqlite, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The person's coverage from their confirmed doses.</summary>
    public static Coverage CoverageOf(IEnumerable<CountedDose> doses, Func<string, int> primarySeries)
    {
        ArgumentNullException.ThrowIfNull(doses);
        ArgumentNullException.ThrowIfNull(primarySeries);
        int count = 0, required = 0;
        foreach (CountedDose dose in doses)
        {
            count++;
            if (dose.DoseNumber == 1)
            {
                required = Math.Max(required, primarySeries(dose.ProductCode));
            }
        }

        // Without a first dose on record (a second dose imported alone) the usual series of two is assumed.
        if (required == 0)
        {
            required = 2;
        }

        return new Coverage(count >= 1, count >= required, count > required);
    }

    /// <summary>Doses in the primary series of each product under the rule in force today (2 for a product the rule does not name).</summary>
    public async Task<Func<string, int>> PrimarySeriesAsync(CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, int> series = await SeriesAsync(cancellationToken).ConfigureAwait(false);
        return code => series.TryGetValue(code, out int doses) ? doses : 2;
    }

    /// <summary>The products the rule in force today names, with the doses of their primary series.</summary>
    public async Task<IReadOnlyDictionary<string, int>> SeriesAsync(CancellationToken cancellationToken)
    {
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        var intervals = book.For(RuleKeys.VaccinationIntervals, null, VietnamTime.Today(clock))?.Value as VaccinationIntervalsRule;
        var series = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (ProductSeries product in intervals?.Products ?? [])
        {
            foreach (string code in product.ProductCodes)
            {
                series[code] = product.PrimaryDoses;
            }
        }

        return series;
    }

    /// <summary>The people's counted facts as stored now (in the current transaction), by id (without their case days: none read).</summary>
    public static async Task<Dictionary<long, PersonFacts>> ReadAsync(PcCovidDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken, bool withCaseDays = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        var result = new Dictionary<long, PersonFacts>(ids.Count);
        foreach (long[] chunk in ids.Chunk(ReadChunk))
        {
            // One array parameter per list (EF.Parameter), not one parameter per id: SQLite binds names by a linear scan.
            // A person merged into another counts nothing: the survivor holds the human and their facts.
            var people = await db.People.AsNoTracking().Where(p => EF.Parameter(chunk).Contains(p.Id) && p.MergedIntoPersonId == null)
                .Select(p => new { p.Id, p.CommuneCode, p.DistrictCode, p.ProvinceCode, p.BirthYear })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (people.Count == 0)
            {
                continue;
            }

            ILookup<long, CountedDose> doses = (await db.Doses.AsNoTracking()
                    .Where(d => EF.Parameter(chunk).Contains(d.PersonId) && (!d.IsSelfDeclared || d.ConfirmedAtUtc != null))
                    .Select(d => new { d.PersonId, d.DoseNumber, d.ProductCode, d.AdministeredOn })
                    .ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToLookup(d => d.PersonId, d => new CountedDose(d.DoseNumber, d.ProductCode, d.AdministeredOn));
            ILookup<long, DateOnly> caseDays = !withCaseDays ? s_noCaseDays : (await db.Cases.AsNoTracking()
                    .Where(c => EF.Parameter(chunk).Contains(c.PersonId) && c.Status != CaseStatus.NotACase && c.FirstPositiveSampledAtUtc != null)
                    .Select(c => new { c.PersonId, Sampled = c.FirstPositiveSampledAtUtc!.Value })
                    .ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToLookup(c => c.PersonId, c => DayOf(c.Sampled));
            foreach (var p in people)
            {
                result[p.Id] = new PersonFacts(p.Id, p.CommuneCode, p.DistrictCode, p.ProvinceCode, p.BirthYear, doses[p.Id].ToList(), caseDays[p.Id].ToList());
            }
        }

        return result;
    }

    /// <summary>The Vietnam calendar day of an instant (UTC+7, no daylight saving).</summary>
    public static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(VietnamTime.ToVietnam(utc).DateTime);

    private static void Add(PersonFacts person, int sign, Func<string, int> primary, Dictionary<ResidenceKey, (long, long, long, long)> residence, Dictionary<(string, DateOnly), long> cases)
    {
        if (person.CommuneCode is not { } commune)
        {
            return;
        }

        foreach (DateOnly day in person.CaseDays)
        {
            cases[(commune, day)] = cases.GetValueOrDefault((commune, day)) + sign;
        }

        if (person.DistrictCode is not { } district || person.ProvinceCode is not { } province)
        {
            return;
        }

        Coverage coverage = CoverageOf(person.Doses, primary);
        var key = new ResidenceKey(commune, person.BirthYear, district, province);
        (long people, long dosed, long full, long boosted) = residence.GetValueOrDefault(key);
        residence[key] = (people + sign, dosed + (coverage.Dosed ? sign : 0), full + (coverage.Full ? sign : 0), boosted + (coverage.Boosted ? sign : 0));
    }

    private static async Task ApplyAsync(PcCovidDbContext db, Dictionary<ResidenceKey, (long People, long Dosed, long Full, long Boosted)> residence, Dictionary<(string Commune, DateOnly Day), long> cases, bool sqlite, CancellationToken cancellationToken)
    {
        // In key order, so two writes moving the same rows take their locks in the same order (no deadlock).
        var residenceRowsToWrite = residence.Where(r => r.Value != default)
            .OrderBy(r => r.Key.Commune, StringComparer.Ordinal).ThenBy(r => r.Key.BirthYear).ToList();
        var caseRowsToWrite = cases.Where(c => c.Value != 0)
            .OrderBy(c => c.Key.Commune, StringComparer.Ordinal).ThenBy(c => c.Key.Day).ToList();
        if (sqlite && db.Database.GetDbConnection() is SqliteConnection { State: System.Data.ConnectionState.Open, Handle: { } handle })
        {
            ApplySqlite(handle, residenceRowsToWrite, caseRowsToWrite);
            return;
        }

        foreach (var chunk in residenceRowsToWrite.Chunk(200))
        {
            var sql = new StringBuilder("INSERT INTO residence_counts (commune_code, birth_year, district_code, province_code, people, dosed, fully_vaccinated, boosted) VALUES ");
            var parameters = new List<object>(chunk.Length * 8);
            for (int i = 0; i < chunk.Length; i++)
            {
                int n = parameters.Count;
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({{{n}}}, {{{n + 1}}}, {{{n + 2}}}, {{{n + 3}}}, {{{n + 4}}}, {{{n + 5}}}, {{{n + 6}}}, {{{n + 7}}})");
                (ResidenceKey key, (long people, long dosed, long full, long boosted)) = (chunk[i].Key, chunk[i].Value);
                parameters.AddRange([key.Commune, key.BirthYear, key.District, key.Province, people, dosed, full, boosted]);
            }

            sql.Append(" ON CONFLICT (commune_code, birth_year) DO UPDATE SET people = residence_counts.people + excluded.people, "
                + "dosed = residence_counts.dosed + excluded.dosed, fully_vaccinated = residence_counts.fully_vaccinated + excluded.fully_vaccinated, "
                + "boosted = residence_counts.boosted + excluded.boosted");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken).ConfigureAwait(false);
        }

        foreach (var chunk in caseRowsToWrite.Chunk(300))
        {
            var sql = new StringBuilder("INSERT INTO commune_case_counts (commune_code, day, cases) VALUES ");
            var parameters = new List<object>(chunk.Length * 3);
            for (int i = 0; i < chunk.Length; i++)
            {
                int n = parameters.Count;
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({{{n}}}, {{{n + 1}}}, {{{n + 2}}})");
                parameters.AddRange([chunk[i].Key.Commune, chunk[i].Key.Day, chunk[i].Value]);
            }

            sql.Append(" ON CONFLICT (commune_code, day) DO UPDATE SET cases = commune_case_counts.cases + excluded.cases");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// SQLite: the same upserts through SQLite's own API, one prepared single-row statement per table bound by
    /// position, on the connection (and so in the transaction) of the write. Microsoft.Data.Sqlite resolves every
    /// named parameter by a linear scan and EF prepares each raw statement anew: thousands of rows a batch cost more
    /// that way than the upserts themselves.
    /// </summary>
    private static void ApplySqlite(sqlite3 db, IEnumerable<KeyValuePair<ResidenceKey, (long People, long Dosed, long Full, long Boosted)>> residence, List<KeyValuePair<(string Commune, DateOnly Day), long>> cases)
    {
        // A lazy sequence (the tally's rows) is not enumerated twice to find out whether it is empty.
        if (!residence.TryGetNonEnumeratedCount(out int residenceRows) || residenceRows > 0)
        {
            Check(db, raw.sqlite3_prepare_v2(db,
                "INSERT INTO residence_counts (commune_code, birth_year, district_code, province_code, people, dosed, fully_vaccinated, boosted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                + "ON CONFLICT (commune_code, birth_year) DO UPDATE SET people = residence_counts.people + excluded.people, "
                + "dosed = residence_counts.dosed + excluded.dosed, fully_vaccinated = residence_counts.fully_vaccinated + excluded.fully_vaccinated, "
                + "boosted = residence_counts.boosted + excluded.boosted", out sqlite3_stmt upsert));
            using (upsert)
            {
                foreach ((ResidenceKey key, (long people, long dosed, long full, long boosted)) in residence)
                {
                    Check(db, raw.sqlite3_bind_text(upsert, 1, key.Commune));
                    Check(db, raw.sqlite3_bind_int64(upsert, 2, key.BirthYear));
                    Check(db, raw.sqlite3_bind_text(upsert, 3, key.District));
                    Check(db, raw.sqlite3_bind_text(upsert, 4, key.Province));
                    Check(db, raw.sqlite3_bind_int64(upsert, 5, people));
                    Check(db, raw.sqlite3_bind_int64(upsert, 6, dosed));
                    Check(db, raw.sqlite3_bind_int64(upsert, 7, full));
                    Check(db, raw.sqlite3_bind_int64(upsert, 8, boosted));
                    Step(db, upsert);
                }
            }
        }

        if (cases.Count > 0)
        {
            Check(db, raw.sqlite3_prepare_v2(db,
                "INSERT INTO commune_case_counts (commune_code, day, cases) VALUES (?1, ?2, ?3) ON CONFLICT (commune_code, day) DO UPDATE SET cases = commune_case_counts.cases + excluded.cases",
                out sqlite3_stmt upsert));
            using (upsert)
            {
                foreach (((string commune, DateOnly day), long count) in cases)
                {
                    Check(db, raw.sqlite3_bind_text(upsert, 1, commune));
                    // As EF Core stores a DateOnly on SQLite.
                    Check(db, raw.sqlite3_bind_text(upsert, 2, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                    Check(db, raw.sqlite3_bind_int64(upsert, 3, count));
                    Step(db, upsert);
                }
            }
        }
    }

    private static void Step(sqlite3 db, sqlite3_stmt statement)
    {
        int rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            Check(db, rc);
        }
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
        }
    }

    private static bool Changed(EntityEntry entry, params string[] properties) => properties.Any(p => entry.Property(p).IsModified);

    private static void AddOriginal(EntityEntry entry, string property, HashSet<long> ids)
    {
        if (entry.State == EntityState.Modified && entry.Property(property).OriginalValue is long original)
        {
            ids.Add(original);
        }
    }
}
