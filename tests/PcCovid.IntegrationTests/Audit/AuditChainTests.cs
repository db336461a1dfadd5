using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Audit;
using PcCovid.Domain.Imports;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Audit;

namespace PcCovid.IntegrationTests.Audit;

public sealed class AuditChainTests
{
    [Theory, BothProviders]
    public async Task Seal_ThenVerify_ReportsTheChainIntact(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);
        await host.RecordReadsAsync(10);
        await host.SealAsync();
        await host.RecordReadsAsync(5);

        SealAuditChain.Result second = await host.SealAsync();
        VerifyAuditChain.Result result = await host.VerifyAsync();

        Assert.Equal(5, second.Sealed);
        Assert.Equal(15, second.LastSequence);
        Assert.True(result.Intact, result.English);
        Assert.Equal(15, result.EntriesChecked);
        Assert.Equal(2, result.SealsChecked);
        Assert.Equal(second.HeadHash, result.HeadHash);
        using PcCovidDbContext db = host.App.Services.CreateScope().ServiceProvider.GetRequiredService<PcCovidDbContext>();
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), await db.AuditEntries.OrderBy(e => e.Id).Select(e => e.Sequence!.Value).ToListAsync());
    }

    [Theory, BothProviders]
    public async Task Verify_AfterOneEntrysPurposeWasEditedInTheDatabase_ReportsThatEntry(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);
        await host.RecordReadsAsync(10);
        await host.SealAsync();
        long id = await host.IdAtAsync(4);
        await host.DropTriggersAsync();

        await host.SqlAsync("UPDATE audit_entries SET purpose = 'vaccination' WHERE sequence = 4");
        VerifyAuditChain.Result result = await host.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(AuditBreakKind.Altered, result.FirstBreak!.Kind);
        Assert.Equal(4, result.FirstBreak.Sequence);
        Assert.Equal(id, result.FirstBreak.EntryId);
        Assert.Equal(3, result.EntriesChecked);
        Assert.StartsWith("Nhật ký kiểm toán bị sửa ở mục #4", result.Vietnamese);
        Assert.StartsWith("Audit log entry #4", result.English);
    }

    [Theory, BothProviders]
    public async Task Verify_AfterAnEntryWasEditedAndItsHashRecomputed_ReportsTheBreakAtTheNextEntry(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);
        await host.RecordReadsAsync(6);
        await host.SealAsync();
        await host.DropTriggersAsync();

        // A cleverer attacker also rewrites the edited entry's own hash; the next entry still points at the old one.
        await host.SqlAsync("UPDATE audit_entries SET subject_person_id = 42 WHERE sequence = 3");
        await host.InScopeAsync(async services =>
        {
            PcCovidDbContext db = services.GetRequiredService<PcCovidDbContext>();
            AuditEntry before = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 2);
            AuditEntry edited = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 3);
            byte[] forged = AuditEntry.ComputeHash(before.Hash, 3, edited);
            return await db.AuditEntries.Where(e => e.Sequence == 3).ExecuteUpdateAsync(s => s.SetProperty(e => e.Hash, forged));
        });
        VerifyAuditChain.Result result = await host.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(AuditBreakKind.Altered, result.FirstBreak!.Kind);
        Assert.Equal(4, result.FirstBreak.Sequence);
    }

    [Theory, BothProviders]
    public async Task Verify_AfterAnEntryWasDeleted_ReportsItMissing(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);
        await host.RecordReadsAsync(10);
        await host.SealAsync();
        await host.DropTriggersAsync();

        await host.SqlAsync("DELETE FROM audit_entries WHERE sequence = 5");
        VerifyAuditChain.Result result = await host.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(AuditBreakKind.Missing, result.FirstBreak!.Kind);
        Assert.Equal(5, result.FirstBreak.Sequence);
        Assert.Equal("Audit log entry #5 was deleted", result.English);
        Assert.Equal("Nhật ký kiểm toán bị xoá mục #5", result.Vietnamese);
    }

    [Theory, BothProviders]
    public async Task Verify_AfterTheTailWasDeleted_ReportsATruncation(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);
        await host.RecordReadsAsync(10);
        await host.SealAsync();
        await host.DropTriggersAsync();

        await host.SqlAsync("DELETE FROM audit_entries WHERE sequence > 7");
        VerifyAuditChain.Result result = await host.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(AuditBreakKind.Truncated, result.FirstBreak!.Kind);
        Assert.Equal(8, result.FirstBreak.Sequence);
        Assert.Contains("after #7", result.English);
        Assert.Contains("#10", result.English);
    }

    [Theory, BothProviders]
    public async Task Verify_AfterASealWasDeleted_ReportsTheMismatch(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider, batchSize: 4);
        await host.RecordReadsAsync(10);
        await host.SealAsync();
        await host.DropTriggersAsync();

        await host.SqlAsync("DELETE FROM audit_seals WHERE first_sequence = 5");
        VerifyAuditChain.Result result = await host.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(AuditBreakKind.SealMismatch, result.FirstBreak!.Kind);
    }

    [Theory, BothProviders]
    public async Task Database_RefusesToChangeOrDeleteASealedEntry(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);
        await host.RecordReadsAsync(3);
        await host.SealAsync();

        await Assert.ThrowsAnyAsync<DbException>(() => host.SqlAsync("UPDATE audit_entries SET purpose = 'vaccination' WHERE sequence = 2"));
        await Assert.ThrowsAnyAsync<DbException>(() => host.SqlAsync("DELETE FROM audit_entries WHERE sequence = 3"));
        await Assert.ThrowsAnyAsync<DbException>(() => host.SqlAsync("DELETE FROM audit_seals"));
        VerifyAuditChain.Result result = await host.VerifyAsync();
        Assert.True(result.Intact, result.English);
    }

    [Theory, BothProviders]
    public async Task Database_RefusesToChangeTheContentOfAnUnsealedEntry(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);
        await host.RecordReadsAsync(1);

        await Assert.ThrowsAnyAsync<DbException>(() => host.SqlAsync("UPDATE audit_entries SET action = 'person.write'"));
        await Assert.ThrowsAnyAsync<DbException>(() => host.SqlAsync("DELETE FROM audit_entries"));
    }

    [Theory, BothProviders]
    public async Task Seal_OfMoreEntriesThanABatch_SealsThemInConsecutiveBatches(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider, batchSize: 7);
        await host.RecordReadsAsync(20);

        SealAuditChain.Result sealedNow = await host.SealAsync();
        VerifyAuditChain.Result result = await host.VerifyAsync();

        Assert.Equal(3, sealedNow.Batches);
        Assert.Equal(20, sealedNow.Sealed);
        Assert.True(result.Intact, result.English);
        Assert.Equal(3, result.SealsChecked);
        Assert.Equal(0, result.Unsealed);
        using PcCovidDbContext db = host.App.Services.CreateScope().ServiceProvider.GetRequiredService<PcCovidDbContext>();
        Assert.Equal([(1L, 7L, 7), (8L, 14L, 7), (15L, 20L, 6)],
            (await db.AuditSeals.OrderBy(s => s.FirstSequence).ToListAsync()).Select(s => (s.FirstSequence, s.LastSequence, s.Count)));
    }

    [Theory, BothProviders]
    public async Task Seal_WithNothingWaiting_WritesNoSeal(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);

        SealAuditChain.Result result = await host.SealAsync();

        Assert.Equal(0, result.Sealed);
        Assert.True((await host.VerifyAsync()).Intact);
    }

    [Theory, BothProviders]
    public async Task BackgroundSealer_SealsRecordedEntriesWithoutBeingAsked(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider, sealer: true);
        await host.RecordReadsAsync(5);

        VerifyAuditChain.Result result = await host.VerifyAsync();
        for (int attempt = 0; attempt < 100 && (result.Unsealed > 0 || result.EntriesChecked < 5); attempt++)
        {
            await Task.Delay(100);
            result = await host.VerifyAsync();
        }

        Assert.True(result.Intact, result.English);
        Assert.Equal(5, result.EntriesChecked);
        Assert.Equal(0, result.Unsealed);
    }

    [Theory, BothProviders]
    public async Task Record_InTheSameUnitOfWorkAsAFailingWrite_RollsBackWithIt(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);

        await host.InScopeAsync(async services =>
        {
            PcCovidDbContext db = services.GetRequiredService<PcCovidDbContext>();
            services.GetRequiredService<AuditTrail>().Record(AuditHost.Epidemiologist, AuditActions.PersonWrite, 1_000_001);
            // A write that the database refuses (no such import run): the audit entry must not survive it.
            db.ImportRejections.Add(new ImportRejection(importRunId: 999_999, lineNumber: 1, reason: "test"));
            return await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        });

        using PcCovidDbContext db = host.App.Services.CreateScope().ServiceProvider.GetRequiredService<PcCovidDbContext>();
        Assert.Equal(0, await db.AuditEntries.CountAsync());
        Assert.Equal(0, await db.ImportRejections.CountAsync());
    }
}
