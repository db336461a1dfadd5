using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;

namespace PcCovid.Web.Features.CheckIns;

/// <summary>
/// The <c>checkins</c> verbs: <c>venues</c> (list venues with their status), <c>poster VENUE_ID [--png FILE]</c>
/// (print the signed poster payload, optionally write the PNG) and <c>count</c>.
/// </summary>
public static class CheckInCommands
{
    public static Command Build(Func<IHost> buildHost)
    {
        var venueId = new Argument<long>("VENUE_ID") { Description = "The venue's id." };
        var png = new Option<FileInfo?>("--png") { Description = "Also write the poster's QR code as a PNG file." };
        var poster = new Command("poster", "Prints a venue's signed QR poster payload (and writes the PNG with --png).");
        poster.Arguments.Add(venueId);
        poster.Options.Add(png);
        poster.SetAction(async (parseResult, cancellationToken) =>
        {
            using IHost host = buildHost();
            await host.Services.GetRequiredService<Infrastructure.DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            long id = parseResult.GetValue(venueId);
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            if (!await db.Venues.AnyAsync(v => v.Id == id, cancellationToken).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"Không có địa điểm / No venue {id}").ConfigureAwait(false);
                return 1;
            }

            string payload = await scope.ServiceProvider.GetRequiredService<VenuePoster>().PayloadAsync(id, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(payload);
            if (parseResult.GetValue(png) is { } file)
            {
                await File.WriteAllBytesAsync(file.FullName, VenuePoster.Png(payload), cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });

        var venues = new Command("venues", "Lists the venues: id, status, kind, commune, name.");
        venues.SetAction(async (parseResult, cancellationToken) =>
        {
            using IHost host = buildHost();
            await host.Services.GetRequiredService<Infrastructure.DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            long after = 0;
            while (true)
            {
                List<Venue> page = await db.Venues.AsNoTracking().Where(v => v.Id > after).OrderBy(v => v.Id).Take(1000).ToListAsync(cancellationToken).ConfigureAwait(false);
                foreach (Venue v in page)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{v.Id}\t{v.Status.ToString().ToLowerInvariant()}\t{v.Kind.Code()}\t{v.CommuneCode}\t{v.Name}"));
                }

                if (page.Count < 1000)
                {
                    return 0;
                }

                after = page[^1].Id;
            }
        });

        var count = new Command("count", "Prints how many check-ins are stored (an exact count: it reads the whole table).");
        count.SetAction(async (parseResult, cancellationToken) =>
        {
            using IHost host = buildHost();
            await host.Services.GetRequiredService<Infrastructure.DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine((await host.Services.GetRequiredService<ICheckInStore>().CountAsync(cancellationToken).ConfigureAwait(false)).ToString(CultureInfo.InvariantCulture));
            return 0;
        });

        var checkins = new Command("checkins", "QR check-in: venues, posters, counts.");
        checkins.Subcommands.Add(venues);
        checkins.Subcommands.Add(poster);
        checkins.Subcommands.Add(count);
        return checkins;
    }
}
