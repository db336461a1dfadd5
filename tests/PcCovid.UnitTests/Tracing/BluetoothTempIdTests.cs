using System.Security.Cryptography;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Tracing;

namespace PcCovid.UnitTests.Tracing;

/// <summary>Temporary ids open only with the issuing key; any change is forged; the rule decides which encounters count.</summary>
public sealed class BluetoothTempIdTests
{
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] s_kid = [1, 2, 3, 4, 5, 6];
    private static readonly DateTime s_from = new(2021, 9, 1, 3, 0, 0, DateTimeKind.Utc);

    private static byte[]? Keys(string kid) => kid == System.Buffers.Text.Base64Url.EncodeToString(s_kid) ? s_key : null;

    [Fact]
    public void Issued_OpensToThePersonAndWindow_AndDiffersEachTime()
    {
        string one = BluetoothTempId.Issue(s_key, s_kid, 123_456_789, s_from, s_from.AddMinutes(15));
        string two = BluetoothTempId.Issue(s_key, s_kid, 123_456_789, s_from, s_from.AddMinutes(15));
        Assert.NotEqual(one, two);
        Assert.Equal(TempIdProblem.None, BluetoothTempId.TryOpen(one, Keys, out OpenedTempId? opened));
        Assert.Equal(new OpenedTempId(123_456_789, s_from, s_from.AddMinutes(15)), opened);
    }

    [Fact]
    public void AnyChange_UnknownKey_OrGarbage_IsRefused()
    {
        string id = BluetoothTempId.Issue(s_key, s_kid, 42, s_from, s_from.AddMinutes(15));
        for (int i = 10; i < id.Length; i += 7)
        {
            string changed = id[..i] + (id[i] == 'A' ? 'B' : 'A') + id[(i + 1)..];
            Assert.NotEqual(TempIdProblem.None, BluetoothTempId.TryOpen(changed, Keys, out _));
        }

        Assert.Equal(TempIdProblem.UnknownKey, BluetoothTempId.TryOpen(BluetoothTempId.Issue(s_key, [9, 9, 9, 9, 9, 9], 42, s_from, s_from), Keys, out _));
        Assert.Equal(TempIdProblem.Forged, BluetoothTempId.TryOpen(BluetoothTempId.Issue(RandomNumberGenerator.GetBytes(32), s_kid, 42, s_from, s_from), Keys, out _));
        Assert.Equal(TempIdProblem.Malformed, BluetoothTempId.TryOpen("short", Keys, out _));
        Assert.Equal(TempIdProblem.Malformed, BluetoothTempId.TryOpen(null, Keys, out _));
    }

    [Fact]
    public void Rule_CountsStrongAndLongEnoughEncounters()
    {
        var rule = new BluetoothExposureRule(MinimumRssi: -70, MinimumDurationMinutes: 15, MaximumDurationHours: 24, TempIdValidityMinutes: 15, TempIdsPerBatch: 96, ClockSkewMinutes: 5);
        Assert.True(rule.Counts(-70, TimeSpan.FromMinutes(15)));
        Assert.False(rule.Counts(-71, TimeSpan.FromMinutes(60)));
        Assert.False(rule.Counts(-40, TimeSpan.FromMinutes(14.9)));
        Assert.Throws<DomainException>(() => (rule with { MinimumRssi = 5 }).Validate());
    }

    [Fact]
    public void Encounter_RefusesImpossibleSightings()
    {
        Assert.Throws<DomainException>(() => BluetoothEncounter.Record(1, 2, 3, s_from, s_from.AddMinutes(-1), -60, null, null, s_from));
        Assert.Throws<DomainException>(() => BluetoothEncounter.Record(1, 2, 3, s_from, s_from, 10, null, null, s_from));
        Assert.Throws<DomainException>(() => BluetoothEncounter.Record(1, 2, 2, s_from, s_from, -60, null, null, s_from));
        Assert.Throws<DomainException>(() => BluetoothEncounter.Record(1, 2, 3, s_from.AddHours(1), s_from.AddHours(2), -60, null, null, s_from));
    }

    [Fact]
    public void PendingContact_ResolvedOrMerged_KeepsEveryPieceOfEvidence()
    {
        DateTime now = s_from;
        CaseContact pending = CaseContact.Pending(7, null, "Trần  Thị Hoa", "0912 000 399", null, 1985, now);
        Assert.Equal("Trần Thị Hoa, 1985, 0912 000 399", pending.FreeText);
        pending.Add(ContactEvidence.Interview("bán rau", Guid.NewGuid(), now));
        CaseContact existing = CaseContact.ForPerson(7, 99, 1, null, now);
        existing.Add(ContactEvidence.ByBluetooth(now, now.AddMinutes(20), -60, "pccovid", now));
        pending.MergeInto(existing);
        Assert.Equal(ContactSources.Bluetooth | ContactSources.Investigator, existing.Sources);
        Assert.Equal(2, existing.Evidence.Count);

        CaseContact alone = CaseContact.Pending(7, "Người bán rau", null, null, null, null, now);
        alone.ResolveTo(55, now);
        Assert.Equal((55L, false), (alone.PersonId!.Value, alone.IsPending));
        Assert.Throws<DomainException>(() => alone.ResolveTo(56, now));
        Assert.Throws<DomainException>(() => CaseContact.Pending(7, null, "Hoa", null, null, 1850, now));
    }
}
