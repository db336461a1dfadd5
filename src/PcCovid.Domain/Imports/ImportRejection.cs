namespace PcCovid.Domain.Imports;

/// <summary>A line an import refused, with its number and the reason (never the line's content: it may hold personal data).</summary>
public sealed class ImportRejection
{
    public ImportRejection(long importRunId, long lineNumber, string reason)
    {
        ImportRunId = importRunId;
        LineNumber = lineNumber;
        Reason = reason;
    }

    public long Id { get; private set; }

    public long ImportRunId { get; private set; }

    public long LineNumber { get; private set; }

    public string Reason { get; private set; }
}
