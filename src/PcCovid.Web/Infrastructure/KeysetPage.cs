namespace PcCovid.Web.Infrastructure;

/// <summary>
/// One page of a list read by key, never by offset: the items and the query string of the next page
/// (null on the last one), which the client appends to the same path.
/// </summary>
public sealed record KeysetPage<T>(IReadOnlyList<T> Items, string? Next);
