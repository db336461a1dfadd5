using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Linkage.Vietnamese;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Linkage;

/// <summary>
/// Builds the identity resolver of a migration run: streams the registry (people and their phones)
/// from the database into a <see cref="RegistryIndex"/> once, then hands out a
/// <see cref="VietnameseIdentityResolver"/> over it. One resolver per run: it keeps the index exact
/// as the importer adds persons (<see cref="IIdentityResolver.AddPerson"/>) and learns the phones of
/// linked records. Logs counts and timings only.
/// </summary>
public sealed class IdentityResolverFactory(IServiceScopeFactory scopes, ReferenceData reference, ILogger<IdentityResolverFactory> logger)
{
    public async Task<VietnameseIdentityResolver> CreateAsync(CancellationToken cancellationToken, ResolverOptions? options = null)
    {
        var started = Stopwatch.StartNew();
        RegistryIndex index;
        await using (AsyncServiceScope scope = scopes.CreateAsyncScope())
        {
            index = await LoadIndexAsync(scope.ServiceProvider.GetRequiredService<PcCovidDbContext>(), cancellationToken).ConfigureAwait(false);
        }

        TimeSpan loaded = started.Elapsed;
        var resolver = new VietnameseIdentityResolver(index, reference.Phones, reference.Catalog, options);
        logger.LogInformation("Identity resolver ready: {Persons} persons indexed in {Seconds:F1} s (loaded in {LoadSeconds:F1} s), ~{Megabytes:N0} MB", index.Count, started.Elapsed.TotalSeconds, loaded.TotalSeconds, index.ApproximateBytes() / (1024 * 1024));
        return resolver;
    }

    /// <summary>
    /// Streams persons and phones into a new index (two queries, no tracking). Three stages: this context reads
    /// the persons in id order, chunks of them are prepared (names parsed, keys hashed) on the thread pool, and
    /// the index takes the prepared chunks in order — parsing was half of the load, and it needs no index.
    /// </summary>
    public static async Task<RegistryIndex> LoadIndexAsync(PcCovidDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var index = new RegistryIndex();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Channel<Task<PreparedPerson[]>> prepared = Channel.CreateBounded<Task<PreparedPerson[]>>(
            new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true });
        Task reading = Task.Run(() => ReadPersonsAsync(db, prepared.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (Task<PreparedPerson[]> chunk in prepared.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                foreach (PreparedPerson person in await chunk.ConfigureAwait(false))
                {
                    index.Add(person);
                }
            }
        }
        finally
        {
            // The reader hands its failure over through the channel and never throws: waiting for it here only makes
            // sure it has let go of the context before the phones are read through it.
            await stop.CancelAsync().ConfigureAwait(false);
            await reading.ConfigureAwait(false);
        }

        var phones = db.PersonPhones.AsNoTracking().Select(ph => new { ph.PersonId, ph.E164 }).AsAsyncEnumerable();
        await foreach (var phone in phones.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            int i = index.IndexOfPerson(phone.PersonId);
            if (i >= 0)
            {
                index.AddPhone(i, phone.E164);
            }
        }

        index.TrimExcess();
        return index;
    }

    private const int ChunkSize = 4096;
    private const int ChunksAhead = 4;

    // Reads the persons in id order and queues their preparation, chunk by chunk; ends the channel, with the failure if any.
    private static async Task ReadPersonsAsync(PcCovidDbContext db, ChannelWriter<Task<PreparedPerson[]>> prepared, CancellationToken cancellationToken)
    {
        try
        {
            IAsyncEnumerable<RegistryPerson> people = db.People.AsNoTracking()
                .OrderBy(p => p.Id)
                .Select(p => new RegistryPerson(p.Id, p.CitizenId, p.LegacyIdNumber, p.PassportNumber, p.FullName, p.BirthYear, p.BirthDay, p.Sex,
                    p.ProvinceCode, p.DistrictCode, p.CommuneCode, p.HouseholdCode))
                .AsAsyncEnumerable();
            var chunk = new List<RegistryPerson>(ChunkSize);
            await foreach (RegistryPerson person in people.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                chunk.Add(person);
                if (chunk.Count == ChunkSize)
                {
                    await prepared.WriteAsync(Prepare([.. chunk]), cancellationToken).ConfigureAwait(false);
                    chunk.Clear();
                }
            }

            if (chunk.Count > 0)
            {
                await prepared.WriteAsync(Prepare([.. chunk]), cancellationToken).ConfigureAwait(false);
            }

            prepared.Complete();
        }
        catch (Exception exception)
        {
            prepared.Complete(exception);
        }
    }

    private static Task<PreparedPerson[]> Prepare(RegistryPerson[] people) =>
        Task.Run(() => Array.ConvertAll(people, RegistryIndex.Prepare));
}
