using Microsoft.EntityFrameworkCore;
using PcCovid.Domain.Common;
using PcCovid.Domain.Imports;

namespace PcCovid.Data.Imports;

/// <summary>Opens the run an import writes its totals to: a new one, or the one the console opened when the file was uploaded.</summary>
public static class ImportRunStart
{
    /// <summary>
    /// The console creates the run before the file is imported in the background, so that the page can poll it on
    /// any node; the API and the CLI let the import create its own.
    /// </summary>
    public static async Task<ImportRun> OpenAsync(this PcCovidDbContext db, string source, string fileName, DateTime nowUtc, long? openedRunId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (openedRunId is { } id)
        {
            ImportRun opened = await db.ImportRuns.SingleOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false)
                ?? throw new DomainException($"Import run {id} does not exist.");
            if (opened.Source != source || opened.Status != ImportRunStatus.Running)
            {
                throw new DomainException($"Import run {id} is not a running {source} import.");
            }

            return opened;
        }

        ImportRun run = ImportRun.Start(source, fileName, nowUtc);
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return run;
    }
}
