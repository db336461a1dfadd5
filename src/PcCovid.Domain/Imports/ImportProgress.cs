namespace PcCovid.Domain.Imports;

/// <summary>How far a running file import has got: rows read so far, accepted (stored, unchanged or kept for review) and refused.</summary>
public sealed record ImportProgress(long ImportRunId, long RowsRead, long Accepted, long Rejected);
