using PcCovid.Domain.Audit;
using PcCovid.Domain.Common;

namespace PcCovid.UnitTests.Audit;

public sealed class AuditEntryTests
{
    private static readonly DateTime s_at = new(2021, 11, 1, 8, 30, 15, DateTimeKind.Utc);
    private static readonly Guid s_account = Guid.Parse("6f1c1a52-8f0e-4a57-9a53-2b1f7d4c9e10");
    private static readonly byte[] s_genesis = new byte[AuditEntry.HashLength];

    [Fact]
    public void ComputeHash_ChangesWhenAnyFieldChanges()
    {
        byte[] original = Hash(Entry());
        var variants = new Dictionary<string, AuditEntry>
        {
            ["id"] = Entry(id: 43),
            ["at"] = Entry(at: s_at.AddTicks(10)),
            ["account"] = Entry(account: Guid.Parse("6f1c1a52-8f0e-4a57-9a53-2b1f7d4c9e11")),
            ["no account"] = Entry(account: null, noAccount: true),
            ["role"] = Entry(role: "data-steward"),
            ["scope"] = Entry(scope: "district:761"),
            ["no scope"] = Entry(scope: null, noScope: true),
            ["subject"] = Entry(subject: 1_000_002),
            ["action"] = Entry(action: AuditActions.PersonWrite),
            ["purpose"] = Entry(purpose: "vaccination"),
            ["address"] = Entry(address: "203.0.113.8"),
            ["detail"] = Entry(detail: "GET /api/people/2"),
        };

        foreach ((string field, AuditEntry variant) in variants)
        {
            Assert.False(original.AsSpan().SequenceEqual(Hash(variant)), $"Changing the {field} left the hash unchanged.");
        }

        Assert.False(original.AsSpan().SequenceEqual(AuditEntry.ComputeHash(s_genesis, 2, Entry())), "The sequence is not hashed.");
        byte[] otherPrevious = new byte[AuditEntry.HashLength];
        otherPrevious[31] = 1;
        Assert.False(original.AsSpan().SequenceEqual(AuditEntry.ComputeHash(otherPrevious, 1, Entry())), "The previous hash is not hashed.");
    }

    [Fact]
    public void CanonicalBytes_AreUnambiguousAcrossFieldBoundaries()
    {
        AuditEntry ab = Entry(role: "ab", scope: "c");
        AuditEntry a = Entry(role: "a", scope: "bc");

        Assert.NotEqual(AuditEntry.CanonicalBytes(1, ab), AuditEntry.CanonicalBytes(1, a));
    }

    [Fact]
    public void ComputeHash_IsDeterministic()
    {
        Assert.Equal(Hash(Entry()), Hash(Entry()));
    }

    [Fact]
    public void Seal_ChainsEachEntryToThePreviousHash()
    {
        AuditEntry first = Entry(id: 1);
        AuditEntry second = Entry(id: 2);
        AuditEntry third = Entry(id: 3);

        first.Seal(1, s_genesis);
        second.Seal(2, first.Hash);
        third.Seal(3, second.Hash);

        Assert.Equal(AuditEntry.ComputeHash(s_genesis, 1, first), first.Hash);
        Assert.Equal(AuditEntry.ComputeHash(first.Hash, 2, second), second.Hash);
        Assert.Equal(AuditEntry.ComputeHash(second.Hash, 3, third), third.Hash);
        Assert.Equal(3, third.Sequence);
        Assert.Equal(AuditEntry.HashLength, third.Hash!.Length);
    }

    [Fact]
    public void Seal_Twice_IsRefused()
    {
        AuditEntry entry = Entry();
        entry.Seal(1, s_genesis);

        Assert.Throws<DomainException>(() => entry.Seal(2, s_genesis));
    }

    [Fact]
    public void Seal_OfAnUnsavedEntry_IsRefused()
    {
        AuditEntry entry = AuditEntry.Record(s_at, null, AuditRoles.System, null, null, AuditActions.PersonWrite, null, null, null);

        Assert.Throws<DomainException>(() => entry.Seal(1, s_genesis));
    }

    [Fact]
    public void Record_RefusesLocalTimesAndMissingActions()
    {
        Assert.Throws<DomainException>(() => AuditEntry.Record(DateTime.SpecifyKind(s_at, DateTimeKind.Local), null, "system", null, null, "person.read", null, null, null));
        Assert.Throws<DomainException>(() => AuditEntry.Record(s_at, null, "system", null, null, " ", null, null, null));
        Assert.Throws<DomainException>(() => AuditEntry.Record(s_at, null, "", null, null, "person.read", null, null, null));
        Assert.Throws<DomainException>(() => AuditEntry.Record(s_at, null, "system", null, null, "person.read", null, null, new string('x', 201)));
    }

    [Fact]
    public void Record_KeepsMicrosecondsOnly_AsPostgreSqlStoresThem()
    {
        AuditEntry entry = AuditEntry.Record(s_at.AddTicks(17), null, "system", null, null, "person.read", null, null, null);

        Assert.Equal(s_at.AddTicks(10), entry.AtUtc);
    }

    private static byte[] Hash(AuditEntry entry) => AuditEntry.ComputeHash(s_genesis, 1, entry);

    private static AuditEntry Entry(
        long id = 42,
        DateTime? at = null,
        Guid? account = null,
        bool noAccount = false,
        string role = "epidemiologist",
        string? scope = "district:760",
        bool noScope = false,
        long? subject = 1_000_001,
        string action = AuditActions.PersonRead,
        string? purpose = "contact-tracing",
        string? address = "203.0.113.7",
        string? detail = "GET /api/people/1")
    {
        AuditEntry entry = AuditEntry.Record(
            at ?? s_at, noAccount ? null : account ?? s_account, role, noScope ? null : scope, subject, action, purpose, address, detail);
        // The id comes from the database; set it as a load would.
        typeof(AuditEntry).GetProperty(nameof(AuditEntry.Id))!.SetValue(entry, id);
        return entry;
    }
}
