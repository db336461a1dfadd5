namespace PcCovid.Data.People;

/// <summary>
/// A secondary index dropped for a bulk load into an empty table and not yet rebuilt. Its definition
/// is kept here, written before the drop, so that a crash mid-load cannot lose the index: the next
/// start or import rebuilds whatever is listed.
/// </summary>
public sealed class DeferredIndex
{
    public required string Name { get; init; }

    public required string TableName { get; init; }

    public required string Definition { get; init; }
}
