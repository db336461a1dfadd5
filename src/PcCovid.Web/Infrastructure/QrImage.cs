using QRCoder;

namespace PcCovid.Web.Infrastructure;

/// <summary>QR codes as PNG images (QRCoder), for posters, personal codes and certificates alike.</summary>
public static class QrImage
{
    public static byte[] Png(string payload, QRCodeGenerator.ECCLevel errorCorrection, int pixelsPerModule)
    {
        using var generator = new QRCodeGenerator();
        using QRCodeData data = generator.CreateQrCode(payload, errorCorrection);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    /// <summary>A PNG as a data URI (the content policy allows data: images, not blob: ones).</summary>
    public static string PngDataUri(string payload, QRCodeGenerator.ECCLevel errorCorrection, int pixelsPerModule) =>
        "data:image/png;base64," + Convert.ToBase64String(Png(payload, errorCorrection, pixelsPerModule));
}
