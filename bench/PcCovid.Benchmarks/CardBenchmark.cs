using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PcCovid.Data;
using PcCovid.Web.Features.Card;

/// <summary>
/// The card colour of one person from warm data (issue 7: ≤ 1 ms p99): the rule book in memory, the
/// person's rows in the database's cache. Each computation gets its own scope and DbContext, as a
/// request does. COUNT random people: a warm-up pass over them, then the measured pass over the same people
/// (shuffled); reports p50, p99 and max.
/// </summary>
internal static class CardBenchmark
{
    public static async Task<int> RunAsync(string provider, string connectionString, int count)
    {
        HostApplicationBuilder builder = BenchHost.CreateBuilder(provider, connectionString);
        builder.Services.AddScoped<CardFactsReader>();
        builder.Services.AddScoped<ComputeCovidCard>();
        using IHost host = builder.Build();

        long[] people;
        await using (AsyncServiceScope scope = host.Services.CreateAsyncScope())
        {
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            people = await db.People.Select(p => p.Id).ToArrayAsync();
        }

        // COUNT random people; the warm-up computes each one's card once (their rows come into the database's
        // cache, the rule book into memory), the measured pass computes the same people's cards again in
        // another order: one person's colour from warm data.
        var random = new Random(7);
        long[] chosen = Enumerable.Range(0, count).Select(_ => people[random.Next(people.Length)]).ToArray();
        for (int run = 0; run < 2; run++)
        {
            if (run == 1)
            {
                random.Shuffle(chosen);
            }

            double[] micros = new double[count];
            for (int i = 0; i < count; i++)
            {
                long person = chosen[i];
                long start = Stopwatch.GetTimestamp();
                await using (AsyncServiceScope scope = host.Services.CreateAsyncScope())
                {
                    _ = await scope.ServiceProvider.GetRequiredService<ComputeCovidCard>().HandleAsync(person, CancellationToken.None)
                        ?? throw new InvalidOperationException("A person of the registry has no card.");
                }

                micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }

            Array.Sort(micros);
            Console.WriteLine(run == 0
                ? $"warm-up: {count:N0} cards, p50 {micros[count / 2] / 1000:F3} ms, p99 {micros[(int)(count * 0.99)] / 1000:F3} ms"
                : $"card of one person from warm data, {count:N0} random of {people.Length:N0}: p50 {micros[count / 2] / 1000:F3} ms, p99 {micros[(int)(count * 0.99)] / 1000:F3} ms, max {micros[^1] / 1000:F3} ms");
        }

        return 0;
    }
}
