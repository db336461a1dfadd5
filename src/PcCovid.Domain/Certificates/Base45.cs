namespace PcCovid.Domain.Certificates;

/// <summary>
/// Base45 (RFC 9285): two bytes as three characters of the QR alphanumeric set, a last odd byte as two.
/// Strict: a character outside the alphabet, a dangling character or an out-of-range group is refused.
/// </summary>
public static class Base45
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    private static readonly sbyte[] Values = BuildValues();

    public static string Encode(ReadOnlySpan<byte> data)
    {
        int length = (data.Length / 2 * 3) + (data.Length % 2 * 2);
        return string.Create(length, data.ToArray(), static (chars, bytes) =>
        {
            int o = 0;
            int i = 0;
            for (; i + 1 < bytes.Length; i += 2)
            {
                int n = (bytes[i] << 8) | bytes[i + 1];
                chars[o++] = Alphabet[n % 45];
                n /= 45;
                chars[o++] = Alphabet[n % 45];
                chars[o++] = Alphabet[n / 45];
            }

            if (i < bytes.Length)
            {
                int n = bytes[i];
                chars[o++] = Alphabet[n % 45];
                chars[o] = Alphabet[n / 45];
            }
        });
    }

    /// <summary>Decodes Base45 text; false (and no bytes) for anything RFC 9285 does not allow.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data)
    {
        data = [];
        if (text.Length % 3 == 1)
        {
            return false;
        }

        byte[] result = new byte[(text.Length / 3 * 2) + (text.Length % 3 == 2 ? 1 : 0)];
        int o = 0;
        for (int i = 0; i < text.Length; i += 3)
        {
            int remaining = Math.Min(3, text.Length - i);
            int value = 0;
            int factor = 1;
            for (int k = 0; k < remaining; k++)
            {
                char c = text[i + k];
                int digit = c < Values.Length ? Values[c] : -1;
                if (digit < 0)
                {
                    return false;
                }

                value += digit * factor;
                factor *= 45;
            }

            if (remaining == 3)
            {
                if (value > 0xFFFF)
                {
                    return false;
                }

                result[o++] = (byte)(value >> 8);
                result[o++] = (byte)value;
            }
            else
            {
                if (value > 0xFF)
                {
                    return false;
                }

                result[o++] = (byte)value;
            }
        }

        data = result;
        return true;
    }

    private static sbyte[] BuildValues()
    {
        sbyte[] values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (int i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
