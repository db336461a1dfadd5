using System.Globalization;
using System.Text;
using QRCoder;

namespace PcCovid.IntegrationTests.Infrastructure;

/// <summary>
/// A short YUV4MPEG2 video of a QR code, for Chromium's fake camera (<c>--use-file-for-fake-video-capture</c>):
/// 4:2:0 planes, the QR's dark modules black on a white page with the quiet zone, colour planes neutral (128).
/// The modules come from QRCoder's own matrix for the payload, so the video shows what the printed poster shows.
/// </summary>
public static class Y4mVideo
{
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>Writes <paramref name="frames"/> identical frames of the payload's QR (error correction M, as the poster).</summary>
    public static void WriteQr(string path, string payload, int frames = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        byte[] luma = QrLuma(payload);
        byte[] chroma = new byte[Width / 2 * (Height / 2)];
        Array.Fill(chroma, (byte)128);
        using FileStream file = File.Create(path);
        // C420jpeg is the plain 4:2:0 layout (Y, then U, then V at quarter size) that Chromium's reader takes.
        file.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"YUV4MPEG2 W{Width} H{Height} F10:1 Ip A1:1 C420jpeg\n")));
        for (int i = 0; i < frames; i++)
        {
            file.Write("FRAME\n"u8);
            file.Write(luma);
            file.Write(chroma);
            file.Write(chroma);
        }
    }

    /// <summary>The Y plane: white, with the QR (and its four-module quiet zone) centred and scaled to whole pixels per module.</summary>
    public static byte[] QrLuma(string payload)
    {
        using var generator = new QRCodeGenerator();
        using QRCodeData data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        // QRCoder's matrix already carries the four-module quiet zone around the code.
        List<System.Collections.BitArray> modules = data.ModuleMatrix;
        int count = modules.Count;
        int scale = Math.Min(Width, Height) * 9 / 10 / count;
        if (scale < 2)
        {
            throw new InvalidOperationException($"A QR of {count} modules does not fit {Width}×{Height} at 2 pixels a module.");
        }

        byte[] luma = new byte[Width * Height];
        Array.Fill(luma, (byte)235);
        int left = (Width - count * scale) / 2;
        int top = (Height - count * scale) / 2;
        for (int row = 0; row < count; row++)
        {
            for (int column = 0; column < count; column++)
            {
                if (!modules[row][column])
                {
                    continue;
                }

                for (int y = top + row * scale; y < top + (row + 1) * scale; y++)
                {
                    Array.Fill(luma, (byte)16, y * Width + left + column * scale, scale);
                }
            }
        }

        return luma;
    }
}
