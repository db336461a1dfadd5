using System.Numerics;

namespace PcCovid.Data.People;

/// <summary>
/// The citizen IDs a load into an empty registry has written so far, as a Bloom filter: "not seen" is certain,
/// "maybe seen" is a duplicate or, rarely, a false alarm. It lets the load run with no index on the table at all
/// (the unique citizen ID index is built once at the end, in one sort) while still catching a line that repeats an
/// earlier one: such lines are held back and written after the index exists, through the path that compares them.
/// </summary>
/// <remarks>
/// Sixteen bits and eight probes per expected row keep false alarms near one in two thousand. The size is fixed
/// when the load begins (a 1 M-person file takes 2 MB); a file far larger than announced only raises the alarms,
/// and the store then builds the index early and goes on with it live.
/// </remarks>
internal sealed class CitizenIdFilter
{
    private const int Probes = 8;
    private const int BitsPerRow = 16;
    private const long MinBits = 1L << 20;
    private const long MaxBits = 1L << 34;

    private readonly ulong[] _words;
    private readonly ulong _mask;

    public CitizenIdFilter(long expectedRows)
    {
        long wanted = Math.Clamp(Math.Max(expectedRows, 1) * BitsPerRow, MinBits, MaxBits);
        long bits = (long)BitOperations.RoundUpToPowerOf2((ulong)wanted);
        _words = new ulong[bits / 64];
        _mask = (ulong)bits - 1;
    }

    /// <summary>Records the ID; true when it may have been recorded before.</summary>
    public bool AddAndCheckSeen(string citizenId)
    {
        ulong hash = Hash(citizenId);
        // Double hashing: probe i is h1 + i·h2 (h2 odd, so the probes never collapse onto one bit).
        ulong h1 = hash;
        ulong h2 = (hash >> 32 | hash << 32) | 1;
        bool seen = true;
        for (int i = 0; i < Probes; i++)
        {
            ulong bit = (h1 + (ulong)i * h2) & _mask;
            ref ulong word = ref _words[bit >> 6];
            ulong flag = 1UL << (int)(bit & 63);
            seen &= (word & flag) != 0;
            word |= flag;
        }

        return seen;
    }

    /// <summary>FNV-1a over the characters, then SplitMix64's finaliser so that every bit depends on every digit.</summary>
    private static ulong Hash(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
