using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.Audit;

/// <summary>
/// One line of the append-only audit log: who (actor, role, scope) did what to whose data, why and
/// from where. Written unsealed on the request path; a background sealer later gives it a place in the
/// hash chain (<see cref="Sequence"/>, <see cref="Hash"/>), after which it never changes.
/// </summary>
public sealed class AuditEntry
{
    public const int HashLength = 32;

    public const int MaxRoleLength = 40;

    public const int MaxScopeLength = 60;

    public const int MaxActionLength = 60;

    public const int MaxPurposeLength = 40;

    public const int MaxSourceAddressLength = 45;

    public const int MaxDetailLength = 200;

    // Bumped if the canonical encoding ever changes; verification then knows which one to use.
    private static readonly byte[] s_formatTag = Encoding.ASCII.GetBytes("pccovid-audit-v1");

    private AuditEntry()
    {
        ActorRole = string.Empty;
        Action = string.Empty;
    }

    public long Id { get; private set; }

    public DateTime AtUtc { get; private set; }

    /// <summary>The signed-in account; null for the system (imports, jobs).</summary>
    public Guid? ActorAccountId { get; private set; }

    /// <summary>"citizen", a staff role in kebab-case ("epidemiologist"), "api-client" or "system".</summary>
    public string ActorRole { get; private set; }

    /// <summary>The actor's jurisdiction, e.g. "district:760" or "national".</summary>
    public string? ActorScope { get; private set; }

    /// <summary>The registry person whose data were read or written.</summary>
    public long? SubjectPersonId { get; private set; }

    /// <summary>What was done, e.g. "person.read", "person.write" (see <see cref="AuditActions"/>).</summary>
    public string Action { get; private set; }

    /// <summary>The code of an <see cref="Access.AccessPurpose"/>; required of staff reading someone else's data by the callers.</summary>
    public string? Purpose { get; private set; }

    public string? SourceAddress { get; private set; }

    /// <summary>Short, non-personal text, e.g. the endpoint's name. Never names, numbers or results.</summary>
    public string? Detail { get; private set; }

    /// <summary>The place in the chain, from 1; null until sealed.</summary>
    public long? Sequence { get; private set; }

    /// <summary>SHA-256 of the previous entry's hash and this entry's canonical bytes; null until sealed.</summary>
    public byte[]? Hash { get; private set; }

    public bool IsSealed => Sequence is not null;

    public static AuditEntry Record(
        DateTime atUtc,
        Guid? actorAccountId,
        string actorRole,
        string? actorScope,
        long? subjectPersonId,
        string action,
        string? purpose,
        string? sourceAddress,
        string? detail)
    {
        if (atUtc.Kind != DateTimeKind.Utc)
        {
            throw new DomainException("An audit time must be UTC.");
        }

        return new AuditEntry
        {
            // PostgreSQL keeps microseconds: truncating here makes the value hashed at sealing time
            // (read back from the database) equal to the one recorded, on both providers.
            AtUtc = new DateTime(atUtc.Ticks - (atUtc.Ticks % 10), DateTimeKind.Utc),
            ActorAccountId = actorAccountId,
            ActorRole = Required(actorRole, MaxRoleLength, "actor role"),
            ActorScope = Optional(actorScope, MaxScopeLength, "actor scope"),
            SubjectPersonId = subjectPersonId,
            Action = Required(action, MaxActionLength, "action"),
            Purpose = Optional(purpose, MaxPurposeLength, "purpose"),
            SourceAddress = Optional(sourceAddress, MaxSourceAddressLength, "source address"),
            Detail = Optional(detail, MaxDetailLength, "detail"),
        };
    }

    /// <summary>
    /// Gives the entry its place in the chain. Only once: a sealed entry is immutable, and the
    /// database refuses any later change to it.
    /// </summary>
    public void Seal(long sequence, ReadOnlySpan<byte> previousHash)
    {
        if (IsSealed)
        {
            throw new DomainException($"Audit entry {Id} is already sealed.");
        }

        if (Id <= 0)
        {
            throw new DomainException("An audit entry must be stored before it is sealed.");
        }

        if (sequence < 1)
        {
            throw new DomainException("Audit sequence numbers start at 1.");
        }

        Hash = ComputeHash(previousHash, sequence, this);
        Sequence = sequence;
    }

    /// <summary>The hash this entry must have at <paramref name="sequence"/> after <paramref name="previousHash"/> (zeros for the first).</summary>
    public static byte[] ComputeHash(ReadOnlySpan<byte> previousHash, long sequence, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (previousHash.Length != HashLength)
        {
            throw new DomainException($"A previous audit hash has {HashLength} bytes.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previousHash);
        hash.AppendData(CanonicalBytes(sequence, entry));
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// The unambiguous encoding that is hashed: a format tag, then every field in a fixed order, each
    /// with a presence byte and fixed-width (big-endian) or length-prefixed UTF-8 content, so that no
    /// two different entries can encode to the same bytes (no "ab"+"c" = "a"+"bc").
    /// </summary>
    public static byte[] CanonicalBytes(long sequence, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var buffer = new MemoryStream(256);
        buffer.Write(s_formatTag);
        WriteInt64(buffer, sequence);
        WriteInt64(buffer, entry.Id);
        WriteInt64(buffer, entry.AtUtc.Ticks);
        WriteGuid(buffer, entry.ActorAccountId);
        WriteString(buffer, entry.ActorRole);
        WriteString(buffer, entry.ActorScope);
        WriteInt64(buffer, entry.SubjectPersonId);
        WriteString(buffer, entry.Action);
        WriteString(buffer, entry.Purpose);
        WriteString(buffer, entry.SourceAddress);
        WriteString(buffer, entry.Detail);
        return buffer.ToArray();
    }

    private static void WriteInt64(MemoryStream buffer, long? value)
    {
        buffer.WriteByte(value is null ? (byte)0 : (byte)1);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value ?? 0);
        buffer.Write(bytes);
    }

    private static void WriteGuid(MemoryStream buffer, Guid? value)
    {
        buffer.WriteByte(value is null ? (byte)0 : (byte)1);
        Span<byte> bytes = stackalloc byte[16];
        (value ?? Guid.Empty).TryWriteBytes(bytes, bigEndian: true, out _);
        buffer.Write(bytes);
    }

    private static void WriteString(MemoryStream buffer, string? value)
    {
        buffer.WriteByte(value is null ? (byte)0 : (byte)1);
        byte[] utf8 = value is null ? [] : Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, utf8.Length);
        buffer.Write(length);
        buffer.Write(utf8);
    }

    private static string Required(string value, int maxLength, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainException($"An audit entry needs an {field}.");
        }

        return Optional(value, maxLength, field)!;
    }

    private static string? Optional(string? value, int maxLength, string field)
    {
        if (value is null)
        {
            return null;
        }

        string trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            throw new DomainException($"An audit {field} has at most {maxLength} characters.");
        }

        return trimmed.Length == 0 ? null : trimmed;
    }
}
