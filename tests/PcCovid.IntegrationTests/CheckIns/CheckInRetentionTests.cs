using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Retention;

namespace PcCovid.IntegrationTests.CheckIns;

/// <summary>The retention sweep removes check-ins older than the rule's window (whole days) on the platform clock.</summary>
public sealed class CheckInRetentionTests
{
    [Theory, BothProviders]
    public async Task Sweep_RemovesCheckInsOlderThanTheWindow_KeepsRecentOnes_AndReportsCountsOnly(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero));
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?>
        {
            ["Retention:Enabled"] = "false",
            ["Audit:SealerEnabled"] = "false",
            ["CheckIns:MaintenanceEnabled"] = "false",
        }, clock);
        _ = app.Server;
        ICheckInStore store = app.Services.GetRequiredService<ICheckInStore>();
        DateTime start = clock.GetUtcNow().UtcDateTime;

        // Three on the first day, one five days later; the shipped rule keeps check-ins 21 days.
        CheckIn early = new(1, 10, start.AddHours(1), null, CheckInMethod.CitizenScan, SourceSystems.PcCovid, "a");
        CheckIn sameDay = new(2, 11, start.AddHours(12), null, CheckInMethod.VenueScan, SourceSystems.PcCovid, "b");
        CheckIn legacy = new(2, 12, start.AddHours(20), null, CheckInMethod.Imported, SourceSystems.QrCheckIn, "QR-1");
        CheckIn later = new(1, 10, start.AddDays(5), null, CheckInMethod.CitizenScan, SourceSystems.PcCovid, "c");
        await store.AppendAsync([early, sameDay, legacy, later], CancellationToken.None);

        // 21 days on, the first day is still inside the window: nothing goes.
        clock.Advance(TimeSpan.FromDays(21));
        RetentionReport inside = await app.InScopeAsync(s => s.GetRequiredService<RetentionSweep>().RunAsync(CancellationToken.None));
        Assert.Equal(0, inside.Deleted["check-ins"]);

        // A day later the whole first day is older than the window: its three check-ins are gone.
        clock.Advance(TimeSpan.FromDays(1));
        RetentionReport report = await app.InScopeAsync(s => s.GetRequiredService<RetentionSweep>().RunAsync(CancellationToken.None));
        Assert.Equal(3, report.Deleted["check-ins"]);
        Assert.Equal(1, await store.CountAsync(CancellationToken.None));
        Assert.Empty(await store.OfPersonAsync(10, start, start.AddDays(1), CancellationToken.None));
        Assert.Equal([later], await store.OfPersonAsync(10, start, start.AddDays(30), CancellationToken.None));
        Assert.Contains(app.Logs.Lines, l => l.Contains("Retention deleted 3 check-ins", StringComparison.Ordinal));

        // The last one goes once its own day has left the window.
        clock.Advance(TimeSpan.FromDays(5));
        RetentionReport last = await app.InScopeAsync(s => s.GetRequiredService<RetentionSweep>().RunAsync(CancellationToken.None));
        Assert.Equal(1, last.Deleted["check-ins"]);
        Assert.Equal(0, await store.CountAsync(CancellationToken.None));
    }
}
