using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace PcCovid.Web.Features.Certificates;

/// <summary>Reads the text of a QR code in an uploaded image (PNG, JPEG, WebP, GIF, BMP).</summary>
public static class QrImageReader
{
    /// <summary>The QR text, or null when the image cannot be decoded or holds no readable QR code.</summary>
    public static string? TryRead(byte[] image)
    {
        using SKData data = SKData.CreateCopy(image);
        using SKCodec? codec = SKCodec.Create(data);
        if (codec is null || (long)codec.Info.Width * codec.Info.Height > 40_000_000)
        {
            return null;
        }

        using SKBitmap? bitmap = SKBitmap.Decode(codec);
        if (bitmap is null || bitmap.Width == 0 || bitmap.Height == 0 || (long)bitmap.Width * bitmap.Height > 40_000_000)
        {
            return null;
        }

        byte[] gray = new byte[bitmap.Width * bitmap.Height];
        int i = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                // Transparent pixels count as white paper.
                int alpha = c.Alpha;
                int luminance = ((c.Red * 299) + (c.Green * 587) + (c.Blue * 114)) / 1000;
                gray[i++] = (byte)(((luminance * alpha) + (255 * (255 - alpha))) / 255);
            }
        }

        var reader = new BarcodeReaderGeneric
        {
            AutoRotate = true,
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true, CharacterSet = "ISO-8859-1" },
        };
        Result? result = reader.Decode(new RGBLuminanceSource(gray, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8));
        return result?.Text;
    }
}
