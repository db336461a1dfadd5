using System.Text.Encodings.Web;
using System.Text.Unicode;
using PcCovid.Domain.CheckIns;
using QRCoder;

namespace PcCovid.Web.Features.CheckIns;

/// <summary>The venue's QR poster: the signed payload, as a PNG and as a printable A4 page (SVG inside HTML) with the venue's name in Vietnamese.</summary>
public sealed class VenuePoster(QrKeyRing keys)
{
    // Vietnamese stays as characters (a third of the bytes of &#x…; entities), markup is still encoded.
    private static readonly HtmlEncoder s_html = HtmlEncoder.Create(UnicodeRanges.All);

    public async Task<string> PayloadAsync(long venueId, CancellationToken cancellationToken)
    {
        QrKeyRing.Ring ring = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        return QrPayloads.SignVenue(venueId, ring.PosterKid, ring.ActivePosterKey);
    }

    public static byte[] Png(string payload) => Infrastructure.QrImage.Png(payload, QRCodeGenerator.ECCLevel.M, 10);

    public static string Page(string venueName, string address, string payload)
    {
        using var generator = new QRCodeGenerator();
        using QRCodeData data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        string svg = new SvgQRCode(data).GetGraphic(10);
        string name = s_html.Encode(venueName);
        string where = s_html.Encode(address);
        return $$"""
            <!doctype html>
            <html lang="vi">
            <head><meta charset="utf-8"><title>Mã QR địa điểm — {{name}}</title>
            <style>
              @page { size: A4; margin: 15mm; }
              body { font-family: system-ui, sans-serif; text-align: center; }
              h1 { font-size: 28pt; margin: 0 0 4mm; }
              .qr svg { width: 150mm; height: 150mm; }
              .hint { font-size: 16pt; }
              .en { color: #555; font-size: 12pt; }
            </style></head>
            <body>
              <p class="hint">QUÉT MÃ QR ĐỂ KHAI BÁO KHI VÀO ĐỊA ĐIỂM</p>
              <h1>{{name}}</h1>
              <p>{{where}}</p>
              <div class="qr">{{svg}}</div>
              <p class="hint">Mở ứng dụng PcCovid → Quét mã QR</p>
              <p class="en">Scan this code with the PcCovid app when you enter.</p>
            </body>
            </html>
            """;
    }
}
