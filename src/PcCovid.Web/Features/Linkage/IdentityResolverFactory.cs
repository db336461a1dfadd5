using System.Diagnostics;
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

    /// <summary>Streams persons and phones into a new index (two queries, no tracking).</summary>
    public static async Task<RegistryIndex> LoadIndexAsync(PcCovidDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var index = new RegistryIndex();
        IAsyncEnumerable<RegistryPerson> people = db.People.AsNoTracking()
            .OrderBy(p => p.Id)
            .Select(p => new RegistryPerson(p.Id, p.CitizenId, p.LegacyIdNumber, p.PassportNumber, p.FullName, p.BirthYear, p.BirthDay, p.Sex,
                p.ProvinceCode, p.DistrictCode, p.CommuneCode, p.HouseholdCode))
            .AsAsyncEnumerable();
        await foreach (RegistryPerson person in people.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            index.Add(person);
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
}
