using System.Buffers;
using System.Runtime.CompilerServices;

namespace PcCovid.Web.Features.Migration.Sources;

/// <summary>One element of a top-level JSON array: its bytes and the line it starts on.</summary>
public readonly record struct JsonElementBytes(long Ordinal, long LineNumber, ReadOnlyMemory<byte> Utf8);

/// <summary>
/// Cuts a large top-level JSON array into its elements as bytes, streaming, without parsing them: the
/// scanner tracks only strings, escapes and nesting depth. Each element is then parsed on its own, so
/// one broken element (invalid UTF-8, a bad value) is refused with its line number while the rest of
/// the file imports, which a single JsonSerializer pass over the whole array cannot do.
/// </summary>
public static class JsonArrayElements
{
    public static async IAsyncEnumerable<JsonElementBytes> ReadAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var element = new ArrayBufferWriter<byte>(4096);
        try
        {
            long line = 1, ordinal = 0, startLine = 0;
            int depth = 0;
            bool started = false, inString = false, escape = false, bomChecked = false, topScalar = false;
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                int i = 0;
                if (!bomChecked)
                {
                    bomChecked = true;
                    if (read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                    {
                        i = 3;
                    }
                }

                int segmentStart = -1;
                for (; i < read; i++)
                {
                    byte b = buffer[i];
                    if (b == (byte)'\n')
                    {
                        line++;
                    }

                    if (!started)
                    {
                        if (b == (byte)'[')
                        {
                            started = true;
                        }
                        else if (!IsSpace(b))
                        {
                            throw new Domain.Common.DomainException("Tệp phải là một mảng JSON / the file must be a JSON array");
                        }

                        continue;
                    }

                    if (depth == 0)
                    {
                        if (IsSpace(b) || b == (byte)',')
                        {
                            continue;
                        }

                        if (b == (byte)']')
                        {
                            yield break;
                        }

                        // An element starts.
                        startLine = line;
                        ordinal++;
                        segmentStart = i;
                        if (b == (byte)'{' || b == (byte)'[')
                        {
                            depth = 1;
                            continue;
                        }

                        // A bare value (string, number, literal) at the top: not an object, refused by the parser later.
                        inString = b == (byte)'"';
                        topScalar = true;
                        depth = inString ? 1 : -1;
                        continue;
                    }

                    if (depth == -1)
                    {
                        if (b == (byte)',' || b == (byte)']' || IsSpace(b))
                        {
                            int from = segmentStart < 0 ? 0 : segmentStart;
                            element.Write(buffer.AsSpan(from, i - from));
                            segmentStart = -1;
                            yield return new JsonElementBytes(ordinal, startLine, element.WrittenMemory.ToArray());
                            element.Clear();
                            depth = 0;
                            topScalar = false;
                            if (b == (byte)']')
                            {
                                yield break;
                            }
                        }

                        continue;
                    }

                    if (inString)
                    {
                        if (escape)
                        {
                            escape = false;
                        }
                        else if (b == (byte)'\\')
                        {
                            escape = true;
                        }
                        else if (b == (byte)'"')
                        {
                            inString = false;
                            if (topScalar)
                            {
                                int from = segmentStart < 0 ? 0 : segmentStart;
                                element.Write(buffer.AsSpan(from, i + 1 - from));
                                segmentStart = -1;
                                yield return new JsonElementBytes(ordinal, startLine, element.WrittenMemory.ToArray());
                                element.Clear();
                                depth = 0;
                                topScalar = false;
                            }
                        }

                        continue;
                    }

                    if (b == (byte)'"')
                    {
                        inString = true;
                    }
                    else if (b == (byte)'{' || b == (byte)'[')
                    {
                        depth++;
                    }
                    else if (b == (byte)'}' || b == (byte)']')
                    {
                        depth--;
                        if (depth == 0)
                        {
                            int from = segmentStart < 0 ? 0 : segmentStart;
                            element.Write(buffer.AsSpan(from, i + 1 - from));
                            segmentStart = -1;
                            yield return new JsonElementBytes(ordinal, startLine, element.WrittenMemory.ToArray());
                            element.Clear();
                        }
                    }
                }

                if (depth != 0)
                {
                    int from = segmentStart < 0 ? 0 : segmentStart;
                    element.Write(buffer.AsSpan(from, read - from));
                }
            }

            if (depth != 0)
            {
                yield return new JsonElementBytes(ordinal, startLine, ReadOnlyMemory<byte>.Empty);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
