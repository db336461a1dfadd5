using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Cases;

namespace PcCovid.Web.Features.Risk;

/// <summary>
/// Recounts the risk levels' pre-aggregated inputs from the facts, set-based, in one transaction: people
/// per commune and birth year with their vaccination (<c>residence_counts</c>) and community cases per commune
/// and day (<c>commune_case_counts</c>). Run by <c>pccovid risk rebuild-aggregates</c>, at the end of a
/// population import, and after a new version of the rule <c>vaccination.intervals</c>. The same rules as
/// <see cref="FactCounts"/>, written a second time in SQL: a test checks that both agree.
/// </summary>
public sealed class RebuildFactCounts(PcCovidDbContext db, FactCounts counts, DatabaseOptions database, TimeProvider clock, ILogger<RebuildFactCounts> logger)
{
    public sealed record Summary(long ResidenceRows, long CaseRows, TimeSpan Elapsed);

    public async Task<Summary> HandleAsync(CancellationToken cancellationToken)
    {
        long started = clock.GetTimestamp();
        IReadOnlyDictionary<string, int> products = await counts.SeriesAsync(cancellationToken).ConfigureAwait(false);
        bool postgres = database.Provider == DatabaseProvider.Postgres;

        string required = RequiredSql(products);
        string counted = CountedSql(postgres);
        string day = postgres
            ? "((c.first_positive_sampled_at_utc AT TIME ZONE 'UTC') + interval '7 hours')::date"
            : "date(c.first_positive_sampled_at_utc, '+7 hours')";
        string residence = $"""
            INSERT INTO residence_counts (commune_code, birth_year, district_code, province_code, people, dosed, fully_vaccinated, boosted)
            SELECT p.commune_code, p.birth_year, MIN(p.district_code), MIN(p.province_code), COUNT(*),
                SUM(CASE WHEN d.n >= 1 THEN 1 ELSE 0 END),
                SUM(CASE WHEN d.n >= d.required THEN 1 ELSE 0 END),
                SUM(CASE WHEN d.n > d.required THEN 1 ELSE 0 END)
            FROM people p
            LEFT JOIN (
                SELECT person_id, COUNT(*) AS n, COALESCE(NULLIF(MAX(CASE WHEN dose_number = 1 THEN {required} ELSE 0 END), 0), 2) AS required
                FROM doses WHERE {counted} GROUP BY person_id) d ON d.person_id = p.id
            WHERE p.commune_code IS NOT NULL AND p.district_code IS NOT NULL AND p.province_code IS NOT NULL AND p.merged_into_person_id IS NULL
            GROUP BY p.commune_code, p.birth_year
            """;
        string cases = $"""
            INSERT INTO commune_case_counts (commune_code, day, cases)
            SELECT p.commune_code, {day}, COUNT(*)
            FROM cases c JOIN people p ON p.id = c.person_id
            WHERE c.first_positive_sampled_at_utc IS NOT NULL AND c.status <> {(int)CaseStatus.NotACase} AND p.commune_code IS NOT NULL AND p.merged_into_person_id IS NULL
            GROUP BY p.commune_code, {day}
            """;

        int timeout = db.Database.GetCommandTimeout() ?? 30;
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (postgres)
            {
                // Writers of people, doses and cases wait until the recount is committed (they would move counts being replaced).
                await db.Database.ExecuteSqlRawAsync("LOCK TABLE people, doses, cases IN SHARE MODE", cancellationToken).ConfigureAwait(false);
            }

            await db.Database.ExecuteSqlRawAsync("DELETE FROM residence_counts", cancellationToken).ConfigureAwait(false);
            long residenceRows = await db.Database.ExecuteSqlRawAsync(residence, cancellationToken).ConfigureAwait(false);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM commune_case_counts", cancellationToken).ConfigureAwait(false);
            long caseRows = await db.Database.ExecuteSqlRawAsync(cases, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            TimeSpan elapsed = clock.GetElapsedTime(started);
            logger.LogInformation("Risk aggregates rebuilt: {ResidenceRows} residence rows, {CaseRows} case rows in {ElapsedMs} ms", residenceRows, caseRows, (long)elapsed.TotalMilliseconds);
            return new Summary(residenceRows, caseRows, elapsed);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    /// <summary>
    /// The doses of the primary series of a dose's product (<c>product_code</c>) under the rule: a CASE naming
    /// the products whose series is not 2 (product codes come from the rule book, quotes doubled).
    /// </summary>
    public static string RequiredSql(IReadOnlyDictionary<string, int> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        string series = string.Concat(products
            .Where(p => p.Value != 2)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"WHEN '{p.Key.Replace("'", "''", StringComparison.Ordinal)}' THEN {p.Value} ")));
        return series.Length == 0 ? "2" : $"CASE product_code {series}ELSE 2 END";
    }

    /// <summary>A dose that counts: given by a site or imported, or self-declared and confirmed.</summary>
    public static string CountedSql(bool postgres) =>
        postgres ? "(NOT is_self_declared OR confirmed_at_utc IS NOT NULL)" : "(is_self_declared = 0 OR confirmed_at_utc IS NOT NULL)";
}
