using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Rules;

namespace PcCovid.Domain.Tracing;

/// <summary>The rules of venue co-presence in force, in milliseconds (from <see cref="VenueExposureRule"/> and <see cref="AssumedDwellRule"/>).</summary>
public readonly record struct VenueExposure(long AssumedDwellMs, long MinimumOverlapMs, long BufferMs, long MaximumStayMs)
{
    private const long MinuteMs = 60_000;

    public static VenueExposure From(VenueExposureRule exposure, AssumedDwellRule dwell)
    {
        ArgumentNullException.ThrowIfNull(exposure);
        ArgumentNullException.ThrowIfNull(dwell);
        return new VenueExposure(dwell.Minutes * MinuteMs, exposure.MinimumOverlapMinutes * MinuteMs, exposure.BufferMinutes * MinuteMs, exposure.MaximumStayHours * 60 * MinuteMs);
    }

    /// <summary>The end of a stay: the check-out, else the assumed dwell; never beyond the maximum stay.</summary>
    public long EndOf(long checkedInMs, long? checkedOutMs) =>
        Math.Min(checkedOutMs ?? checkedInMs + AssumedDwellMs, checkedInMs + MaximumStayMs);

    public long EndOf(CheckIn checkIn)
    {
        ArgumentNullException.ThrowIfNull(checkIn);
        return EndOf(CheckIn.UnixMilliseconds(checkIn.CheckedInAtUtc), checkIn.CheckedOutAtUtc is { } o ? CheckIn.UnixMilliseconds(o) : null);
    }

    /// <summary>
    /// The exposure of a person who stayed [start, end) while the F0 stayed [f0Start, f0End): the overlap of
    /// the two, the F0's stay extended by the buffer; null when shorter than the minimum (and never for
    /// touching stays: an overlap must last).
    /// </summary>
    public (long Start, long End)? Overlap(long f0Start, long f0End, long start, long end)
    {
        long from = Math.Max(f0Start, start);
        long to = Math.Min(f0End + BufferMs, end);
        long length = to - from;
        return length > 0 && length >= MinimumOverlapMs ? (from, to) : null;
    }
}

/// <summary>One stay at a venue that made someone a contact: whose, where, when they were there together.</summary>
public readonly record struct VenueExposureEvidence(long PersonId, long VenueId, long OverlapStartMs, long OverlapEndMs);

/// <summary>
/// Venue co-presence as a pure function over check-ins (no I/O): the reference every store-backed engine is
/// tested against, and the step the engine applies to the candidate check-ins it read.
/// </summary>
public static class VenueCoPresence
{
    /// <summary>
    /// For the F0's check-ins whose check-in time is in [windowStart, windowEnd), every other person's check-in at
    /// the same venue whose stay overlaps by the rules: one evidence per (person, venue, overlap), sorted.
    /// </summary>
    public static List<VenueExposureEvidence> Find(long f0PersonId, IEnumerable<CheckIn> f0CheckIns, IEnumerable<CheckIn> candidates, long windowStartMs, long windowEndMs, VenueExposure rules)
    {
        ArgumentNullException.ThrowIfNull(f0CheckIns);
        ArgumentNullException.ThrowIfNull(candidates);
        return Find(f0PersonId, f0CheckIns.Select(Stay.Of), candidates.Select(Stay.Of), windowStartMs, windowEndMs, rules);
    }

    /// <summary>The same over stays (what the in-memory co-presence index holds): one evidence per (person, venue, overlap), sorted.</summary>
    public static List<VenueExposureEvidence> Find(long f0PersonId, IEnumerable<Stay> f0Stays, IEnumerable<Stay> candidates, long windowStartMs, long windowEndMs, VenueExposure rules)
    {
        ArgumentNullException.ThrowIfNull(f0Stays);
        ArgumentNullException.ThrowIfNull(candidates);
        var stays = f0Stays
            .Where(c => c.PersonId == f0PersonId)
            .Select(c => (c.VenueId, Start: c.StartMs, End: rules.EndOf(c.StartMs, c.OutMs)))
            .Where(s => s.Start >= windowStartMs && s.Start < windowEndMs)
            .GroupBy(s => s.VenueId)
            .ToDictionary(g => g.Key, g => g.ToList());
        var found = new HashSet<VenueExposureEvidence>();
        foreach (Stay other in candidates)
        {
            if (other.PersonId == f0PersonId || !stays.TryGetValue(other.VenueId, out var f0Visits))
            {
                continue;
            }

            long start = other.StartMs;
            long end = rules.EndOf(other.StartMs, other.OutMs);
            foreach (var stay in f0Visits)
            {
                if (rules.Overlap(stay.Start, stay.End, start, end) is { } overlap)
                {
                    found.Add(new VenueExposureEvidence(other.PersonId, other.VenueId, overlap.Start, overlap.End));
                }
            }
        }

        return [.. found.OrderBy(e => e.PersonId).ThenBy(e => e.VenueId).ThenBy(e => e.OverlapStartMs).ThenBy(e => e.OverlapEndMs)];
    }
}

/// <summary>A stay at a venue as tracing sees it: where, who, the check-in and the check-out if any (Unix ms).</summary>
public readonly record struct Stay(long VenueId, long PersonId, long StartMs, long? OutMs)
{
    public static Stay Of(CheckIn checkIn)
    {
        ArgumentNullException.ThrowIfNull(checkIn);
        return new Stay(checkIn.VenueId, checkIn.PersonId, CheckIn.UnixMilliseconds(checkIn.CheckedInAtUtc),
            checkIn.CheckedOutAtUtc is { } o ? CheckIn.UnixMilliseconds(o) : null);
    }
}
