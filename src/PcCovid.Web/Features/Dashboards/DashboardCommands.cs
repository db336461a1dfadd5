using System.CommandLine;
using System.Globalization;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Dashboards;

/// <summary>
/// <c>pccovid dashboards [--rebuild]</c>: folds the facts written since the last run into the dashboard counts
/// now (what the job does every two minutes), or with <c>--rebuild</c> forgets the counts and folds every fact
/// again (after correcting facts in bulk, or a legacy import of old days).
/// </summary>
public static class DashboardCommands
{
    public static Command Build(Func<IHost> buildHost)
    {
        ArgumentNullException.ThrowIfNull(buildHost);
        var rebuild = new Option<bool>("--rebuild") { Description = "Forget the counts and fold every case, lab result and dose again." };
        var command = new Command("dashboards", "Fold new cases, lab results and doses into the dashboards' daily counts (or rebuild them all).");
        command.Options.Add(rebuild);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using IHost host = buildHost();
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            FoldDailyCounts fold = scope.ServiceProvider.GetRequiredService<FoldDailyCounts>();
            var started = System.Diagnostics.Stopwatch.StartNew();
            FoldDailyCounts.Outcome outcome = parseResult.GetValue(rebuild)
                ? await fold.RebuildAsync(cancellationToken).ConfigureAwait(false)
                : await fold.HandleAsync(immediate: true, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Đã cộng / folded: {outcome.Cases:N0} ca / cases, {outcome.LabResults:N0} xét nghiệm / lab results, {outcome.Doses:N0} mũi tiêm / doses in {started.Elapsed.TotalSeconds:0.0} s"));
            return 0;
        });
        return command;
    }
}
