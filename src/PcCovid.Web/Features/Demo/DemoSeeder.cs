using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Web.Features.Population;
using PcCovid.Web.Features.SyntheticData;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// Fills an empty registry with a synthetic country on first start, through the same generator and
/// importer an operator would use, so the demo shows the real paths working.
/// </summary>
public sealed class DemoSeeder(
    PcCovidDbContext db,
    ReferenceData reference,
    ImportPopulation importPopulation,
    IOptions<DemoOptions> options,
    ILogger<DemoSeeder> logger)
{
    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.People.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        DemoOptions demo = options.Value;
        logger.LogInformation("Empty registry: seeding a demo country of {People} people (seed {Seed})", demo.People, demo.Seed);
        using var snapshot = new MemoryStream();
        new PopulationGenerator(reference.Catalog).Write(snapshot, demo.People, demo.Seed);
        snapshot.Position = 0;
        await importPopulation.HandleAsync(snapshot, "demo-population.jsonl", progress: null, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
