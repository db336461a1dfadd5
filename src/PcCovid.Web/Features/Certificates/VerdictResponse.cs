using System.Text.Json.Nodes;
using PcCovid.Domain.Certificates;

namespace PcCovid.Web.Features.Certificates;

/// <summary>
/// The verdict as the API, the page and the CLI show it. The certificate's content is included only
/// when its signature verified against the trust list: an unverified payload is not shown to anyone.
/// </summary>
public sealed record VerdictResponse(
    bool Valid, string Verdict, string? Reason, IReadOnlyList<string> Reasons, string MessageVi, string MessageEn, string? Detail,
    string? Kid, string? Algorithm, string? Issuer, DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt, string? Type, JsonObject? Certificate)
{
    public static string Code(DccFailure failure) => failure switch
    {
        DccFailure.Prefix => "malformed-prefix",
        DccFailure.Base45 => "malformed-base45",
        DccFailure.Compression => "malformed-compression",
        DccFailure.Cose => "malformed-cose",
        DccFailure.UnknownKid => "unknown-kid",
        DccFailure.UnsupportedAlgorithm => "unsupported-algorithm",
        DccFailure.Signature => "signature",
        DccFailure.Claims => "malformed-claims",
        DccFailure.Payload => "malformed-payload",
        DccFailure.KeyUsage => "key-usage",
        DccFailure.Revoked => "revoked",
        DccFailure.NotYetValid => "not-yet-valid",
        _ => "expired",
    };

    public static VerdictResponse From(DccVerification result)
    {
        ArgumentNullException.ThrowIfNull(result);
        (string vi, string en) = result.Failure switch
        {
            null => ("Chứng nhận hợp lệ.", "The certificate is valid."),
            DccFailure.Prefix => ("Không phải chứng nhận HC1 (thiếu tiền tố HC1:).", "Not an HC1 certificate (no HC1: prefix)."),
            DccFailure.Base45 or DccFailure.Compression or DccFailure.Cose or DccFailure.Claims =>
                ("Dữ liệu chứng nhận bị hỏng hoặc bị cắt cụt.", "The certificate data are corrupt or truncated."),
            DccFailure.UnknownKid => ("Khóa ký không có trong danh sách tin cậy.", "The signing key is not in the trust list."),
            DccFailure.UnsupportedAlgorithm => ("Thuật toán ký không được hỗ trợ.", "Unsupported signature algorithm."),
            DccFailure.Signature => ("Chữ ký không hợp lệ: chứng nhận đã bị sửa đổi hoặc giả mạo.", "Invalid signature: the certificate was altered or forged."),
            DccFailure.Payload => ("Nội dung chứng nhận không đúng cấu trúc DCC.", "The certificate content breaks the DCC structure."),
            DccFailure.KeyUsage => ("Khóa ký không được phép ký loại chứng nhận này.", "The signing key may not sign this type of certificate."),
            DccFailure.Revoked => ("Chứng nhận đã bị thu hồi.", "The certificate has been revoked."),
            DccFailure.NotYetValid => ("Chứng nhận chưa có hiệu lực.", "The certificate is not valid yet."),
            _ => ("Chứng nhận đã hết hạn.", "The certificate has expired."),
        };
        return new VerdictResponse(
            result.IsValid,
            result.IsValid ? "valid" : "invalid",
            result.Failure is { } f ? Code(f) : null,
            [.. result.Failures.Order().Select(Code)],
            vi,
            en,
            result.Detail,
            result.Kid,
            result.Algorithm switch { CoseSign1.Es256 => "ES256", CoseSign1.Ps256 => "PS256", null => null, { } other => other.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            result.Issuer,
            result.IssuedAt,
            result.ExpiresAt,
            result.Type?.ToString().ToLowerInvariant(),
            result.SignatureVerified ? result.Payload : null);
    }
}
