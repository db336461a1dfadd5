using System.CommandLine;
using System.Globalization;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Risk;

/// <summary>
/// <c>pccovid risk --date D [--province P]</c>: assesses the week containing D and prints the levels;
/// <c>pccovid risk rebuild-aggregates</c>: recounts the pre-aggregated inputs from the facts.
/// </summary>
public static class RiskCommands
{
    public static Command Build(Func<IHost> buildHost)
    {
        ArgumentNullException.ThrowIfNull(buildHost);
        var date = new Option<string>("--date") { Description = "Any day of the week to assess (yyyy-MM-dd, Vietnam time).", Required = true };
        var province = new Option<string?>("--province") { Description = "Print this province's districts and communes (code, e.g. 01) instead of the provinces." };
        var risk = new Command("risk", "Assess a week's epidemic levels for every commune, district and province, store them and print them.");
        risk.Options.Add(date);
        risk.Options.Add(province);
        risk.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!DateOnly.TryParseExact(parseResult.GetValue(date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
            {
                await Console.Error.WriteLineAsync("--date: yyyy-MM-dd").ConfigureAwait(false);
                return 2;
            }

            using IHost host = buildHost();
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Rules.RuleHistorySeeder>().SeedAsync(cancellationToken).ConfigureAwait(false);
            ReferenceData reference = scope.ServiceProvider.GetRequiredService<ReferenceData>();
            string? provinceCode = parseResult.GetValue(province);
            if (provinceCode is not null && reference.Catalog.FindProvince(provinceCode) is null)
            {
                await Console.Error.WriteLineAsync($"Không có tỉnh {provinceCode} / Unknown province {provinceCode}").ConfigureAwait(false);
                return 2;
            }

            AssessRiskLevels.Summary summary = await scope.ServiceProvider.GetRequiredService<AssessRiskLevels>().HandleAsync(day, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Tuần / week {summary.WeekStart:yyyy-MM-dd} – {summary.WeekStart.AddDays(6):yyyy-MM-dd}: {summary.Communes} xã / communes, {summary.Districts} huyện / districts, {summary.Provinces} tỉnh / provinces in {summary.Elapsed.TotalSeconds:0.00} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Xã theo cấp / communes by level: 1: {summary.CommunesByLevel[1]}, 2: {summary.CommunesByLevel[2]}, 3: {summary.CommunesByLevel[3]}, 4: {summary.CommunesByLevel[4]}"));
            var levels = await RiskEndpoints.LevelsAsync(summary.WeekStart, provinceCode, scope.ServiceProvider.GetRequiredService<Data.PcCovidDbContext>(), reference,
                scope.ServiceProvider.GetRequiredService<Rules.RuleCache>(), cancellationToken).ConfigureAwait(false);
            if (levels.Result is Microsoft.AspNetCore.Http.HttpResults.Ok<RiskEndpoints.LevelsResponse> ok)
            {
                foreach (RiskEndpoints.UnitLevel unit in ok.Value!.Units.Where(u => provinceCode is not null || u.UnitLevelName == "province"))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{unit.Code,-6} {unit.UnitLevelName,-9} cấp/level {unit.Level}  {unit.CasesPer100k?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-",8} /100k  {unit.CoveragePercent?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-",6}%  {unit.Name}"));
                }
            }

            return 0;
        });
        risk.Subcommands.Add(BuildRebuild(buildHost));
        return risk;
    }

    private static Command BuildRebuild(Func<IHost> buildHost)
    {
        var rebuild = new Command("rebuild-aggregates", "Recount the risk levels' inputs (people and vaccination per commune and birth year, cases per commune and day) from the facts.");
        rebuild.SetAction(async (_, cancellationToken) =>
        {
            using IHost host = buildHost();
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Rules.RuleHistorySeeder>().SeedAsync(cancellationToken).ConfigureAwait(false);
            RebuildFactCounts.Summary summary = await scope.ServiceProvider.GetRequiredService<RebuildFactCounts>().HandleAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Đã đếm lại / recounted: {summary.ResidenceRows} dòng xã × năm sinh / commune × birth-year rows, {summary.CaseRows} dòng ca bệnh xã × ngày / commune × day case rows in {summary.Elapsed.TotalSeconds:0.0} s"));
            return 0;
        });
        return rebuild;
    }
}
