using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Data;
using PcCovid.Domain.People;
using PcCovid.Web.Features.PersonMerges;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>
/// Merge and unmerge of persons for the data steward: two persons side by side (fields, facts by kind, legacy
/// sources), a merge with the survivor chosen, possible duplicates the migration created, and the merges made
/// (newest first, by key) each with its unmerge. Through the same use cases as the API (audited, in scope).
/// </summary>
[Authorize(Policy = AccessPolicies.DataSteward)]
public sealed class PersonMergesModel(PcCovidDbContext db, CurrentActor actor, ComparePersons compare, MergePersons merge, UnmergePersons unmerge) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)]
    public long? A { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? B { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? CandidatesAfter { get; set; }

    [BindProperty]
    public long? Survivor { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public ComparePersons.Comparison? Comparison { get; private set; }

    public KeysetPage<PersonMergeEndpoints.MergeItem> Merges { get; private set; } = new([], null);

    public KeysetPage<PersonMergeEndpoints.Candidate> Candidates { get; private set; } = new([], null);

    public string? Done { get; private set; }

    public string? Problem { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostMergeAsync(CancellationToken cancellationToken)
    {
        if (A is { } a && B is { } b && Survivor is { } survivor && (survivor == a || survivor == b))
        {
            long absorbed = survivor == a ? b : a;
            MergePersons.Outcome outcome = await merge.HandleAsync(new MergePersons.Request(survivor, absorbed, Reason), cancellationToken);
            (Done, Problem) = outcome switch
            {
                { Done: { } d } => ($"#{d.AbsorbedPersonId} → #{d.SurvivorPersonId} ({d.RowsMoved})", (string?)null),
                { Refused: { } r } => (null, r.Message),
                _ => (null, NotFoundText),
            };
        }
        else
        {
            Problem = "Chọn người được giữ lại / Choose the person who survives.";
        }

        await LoadAsync(cancellationToken);
    }

    public async Task OnPostUnmergeAsync(long mergeId, CancellationToken cancellationToken)
    {
        UnmergePersons.Outcome outcome = await unmerge.HandleAsync(mergeId, cancellationToken);
        (Done, Problem) = outcome switch
        {
            { Done: { } d } => ($"#{d.AbsorbedPersonId} ↔ #{d.SurvivorPersonId} ({d.RowsMovedBack})", (string?)null),
            { Refused: { } r } => (null, r.Message),
            _ => (null, NotFoundText),
        };
        await LoadAsync(cancellationToken);
    }

    private const string NotFoundText = "Không tìm thấy người hoặc lần gộp trong phạm vi của bạn / No such person or merge within your scope.";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (A is { } a && B is { } b)
        {
            Comparison = await compare.HandleAsync(a, b, cancellationToken);
            if (Comparison is null && Problem is null)
            {
                Problem = NotFoundText;
            }
        }

        Merges = (await PersonMergeEndpoints.ListAsync(db, actor, Before, PageSize, cancellationToken)).Value!;
        Candidates = (await PersonMergeEndpoints.CandidatesAsync(db, actor, CandidatesAfter, PageSize, cancellationToken)).Value!;
    }

    public static string FieldText(string field) => field switch
    {
        "name" => "Họ tên",
        "birth" => "Ngày/năm sinh",
        "sex" => "Giới tính",
        "citizen-id" => "Số CCCD",
        "cmnd" => "Số CMND",
        "passport" => "Hộ chiếu",
        "nationality" => "Quốc tịch",
        "phone" => "Điện thoại",
        "commune" => "Nơi ở (mã)",
        "household" => "Mã hộ",
        _ => field,
    };

    public static string VerdictText(string verdict) => verdict switch
    {
        "agree" => "Khớp",
        "disagree" => "Khác",
        _ => "Không rõ",
    };

    public static string KindText(string kind) => kind switch
    {
        "phones" => "Số điện thoại",
        "accounts" => "Tài khoản",
        "guardianships" => "Người phụ thuộc (giám hộ)",
        "dependants" => "Người giám hộ",
        "declarations" => "Tờ khai y tế",
        "follow-ups" => "Theo dõi sau khai báo",
        "lab-results" => "Kết quả xét nghiệm",
        "retest-orders" => "Lệnh xét nghiệm lại",
        "doses" => "Mũi tiêm",
        "cases" => "Ca bệnh",
        "contacts" => "Là người tiếp xúc",
        "notifications" => "Thông báo",
        "bluetooth-encounters" => "Tiếp xúc Bluetooth",
        "legacy-links" => "Bản ghi cũ đã liên kết",
        "legacy-encounters" => "Tiếp xúc Bluezone cũ",
        "claims" => "Bản ghi đã nhận",
        "insurance-cards" => "Thẻ BHYT",
        "quarantine-orders" => "Lệnh cách ly",
        "symptom-check-ins" => "Báo cáo triệu chứng",
        "correction-requests" => "Yêu cầu sửa dữ liệu",
        _ => kind,
    };

    public static string RefusalText(string code) => typeof(MergeRefusal)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => f.GetValue(null)).OfType<MergeRefusal>().FirstOrDefault(r => r.Code == code)?.Message ?? code;
}
