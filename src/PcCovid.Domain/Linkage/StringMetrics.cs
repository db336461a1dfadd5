namespace PcCovid.Domain.Linkage;

/// <summary>
/// The string metrics of the comparison levels, written for the hot loop: spans in, no allocation
/// for strings up to 64 characters (names, dates, ids).
/// </summary>
public static class StringMetrics
{
    private const int StackLimit = 64;

    /// <summary>Jaro–Winkler similarity in [0, 1]; the prefix boost (p = 0.1, ≤ 4 characters) applies only when Jaro &gt; 0.7.</summary>
    public static double JaroWinkler(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        double jaro = Jaro(a, b);
        if (jaro <= 0.7)
        {
            return jaro;
        }

        int prefix = 0;
        int limit = Math.Min(4, Math.Min(a.Length, b.Length));
        while (prefix < limit && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * 0.1 * (1 - jaro));
    }

    public static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 1 : 0;
        }

        if (a.SequenceEqual(b))
        {
            return 1;
        }

        if (a.Length > b.Length)
        {
            ReadOnlySpan<char> swap = a;
            a = b;
            b = swap;
        }

        int window = Math.Max(0, (b.Length / 2) - 1);
        Span<bool> aMatched = a.Length <= StackLimit ? stackalloc bool[a.Length] : new bool[a.Length];
        Span<bool> bMatched = b.Length <= StackLimit ? stackalloc bool[b.Length] : new bool[b.Length];
        aMatched.Clear();
        bMatched.Clear();
        int matches = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int start = Math.Max(0, i - window);
            int end = Math.Min(b.Length - 1, i + window);
            for (int j = start; j <= end; j++)
            {
                if (!bMatched[j] && a[i] == b[j])
                {
                    aMatched[i] = true;
                    bMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        int transpositions = 0;
        int k = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (!aMatched[i])
            {
                continue;
            }

            while (!bMatched[k])
            {
                k++;
            }

            if (a[i] != b[k])
            {
                transpositions++;
            }

            k++;
        }

        double m = matches;
        return ((m / a.Length) + (m / b.Length) + ((m - (transpositions / 2.0)) / m)) / 3.0;
    }

    /// <summary>
    /// Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring),
    /// or <paramref name="max"/> + 1 as soon as the distance is known to exceed it.
    /// </summary>
    public static int Osa(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        if (a.SequenceEqual(b))
        {
            return 0;
        }

        int n = b.Length + 1;
        if (n > StackLimit)
        {
            return OsaRows(a, b, max, new int[n], new int[n], new int[n]);
        }

        Span<int> twoBack = stackalloc int[n];
        Span<int> previous = stackalloc int[n];
        Span<int> current = stackalloc int[n];
        return OsaRows(a, b, max, twoBack, previous, current);
    }

    private static int OsaRows(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max, Span<int> twoBack, Span<int> previous, Span<int> current)
    {
        for (int j = 0; j < previous.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowMin = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, twoBack[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            Span<int> recycled = twoBack;
            twoBack = previous;
            previous = current;
            current = recycled;
        }

        return Math.Min(previous[b.Length], max + 1);
    }
}
