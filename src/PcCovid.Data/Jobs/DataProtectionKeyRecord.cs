namespace PcCovid.Data.Jobs;

/// <summary>
/// One ASP.NET Core Data Protection key (its XML element as the key manager writes it). Every node reads the
/// same ring from the database: a cookie or an antiforgery token issued by one node is accepted by the
/// others, and the DCC and QR signing keys (encrypted with this ring) open on every node.
/// </summary>
public sealed class DataProtectionKeyRecord
{
    public int Id { get; init; }

    public string? FriendlyName { get; init; }

    public required string Xml { get; init; }
}
