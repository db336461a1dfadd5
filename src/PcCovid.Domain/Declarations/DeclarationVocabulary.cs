namespace PcCovid.Domain.Declarations;

/// <summary>
/// The coded answers of the declaration forms (domain-rules.md §6.1–6.3): symptoms, exposures and
/// underlying conditions, with their Vietnamese and English labels. Stored by code.
/// </summary>
public static class DeclarationVocabulary
{
    public static readonly IReadOnlyDictionary<string, (string Vietnamese, string English)> Symptoms = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["fever"] = ("Sốt", "Fever"),
        ["cough"] = ("Ho", "Cough"),
        ["shortness-of-breath"] = ("Khó thở", "Shortness of breath"),
        ["sore-throat"] = ("Đau họng", "Sore throat"),
        ["vomiting"] = ("Nôn/buồn nôn", "Nausea/vomiting"),
        ["diarrhoea"] = ("Tiêu chảy", "Diarrhoea"),
        ["skin-bleeding"] = ("Xuất huyết ngoài da", "Skin bleeding"),
        ["rash"] = ("Nổi ban ngoài da", "Rash"),
        ["pneumonia"] = ("Viêm phổi", "Pneumonia"),
        ["fatigue"] = ("Mệt mỏi", "Fatigue"),
        ["loss-of-taste"] = ("Giảm/mất vị giác", "Reduced or lost taste"),
        ["loss-of-smell"] = ("Giảm/mất khứu giác", "Reduced or lost smell"),
        ["runny-nose"] = ("Chảy nước mũi", "Runny nose"),
        ["body-aches"] = ("Đau nhức cơ", "Body aches"),
        ["headache"] = ("Đau đầu", "Headache"),
        ["chills"] = ("Ớn lạnh", "Chills"),
    };

    public static readonly IReadOnlyDictionary<string, (string Vietnamese, string English)> Exposures = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["contact-with-case"] = ("Tiếp xúc người bệnh hoặc nghi ngờ mắc COVID-19", "Contact with a case or suspected case"),
        ["from-epidemic-area"] = ("Đến từ vùng dịch", "Came from an epidemic area"),
        ["contact-with-traveller"] = ("Tiếp xúc người từ vùng dịch", "Contact with someone from an epidemic area"),
        ["contact-with-symptomatic"] = ("Tiếp xúc người có biểu hiện sốt, ho, khó thở", "Contact with someone with fever, cough or shortness of breath"),
        ["animal-farm-or-market"] = ("Đến trang trại, chợ động vật sống, cơ sở giết mổ", "Animal farm, live-animal market or slaughterhouse"),
    };

    public static readonly IReadOnlyDictionary<string, (string Vietnamese, string English)> Conditions = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["chronic-liver"] = ("Bệnh gan mãn tính", "Chronic liver disease"),
        ["chronic-blood"] = ("Bệnh máu mãn tính", "Chronic blood disease"),
        ["chronic-lung"] = ("Bệnh phổi mãn tính", "Chronic lung disease"),
        ["chronic-kidney"] = ("Bệnh thận mãn tính", "Chronic kidney disease"),
        ["cardiovascular"] = ("Bệnh tim mạch", "Cardiovascular disease"),
        ["hypertension"] = ("Huyết áp cao", "High blood pressure"),
        ["immunodeficiency"] = ("Suy giảm miễn dịch", "Immunodeficiency"),
        ["transplant"] = ("Người nhận ghép tạng/tủy xương", "Organ or bone-marrow transplant"),
        ["diabetes"] = ("Tiểu đường", "Diabetes"),
        ["cancer"] = ("Ung thư", "Cancer"),
        ["pregnancy"] = ("Đang mang thai", "Pregnancy"),
    };

    /// <summary>The condition code for a Vietnamese or English label (as NCOVI wrote them), or null.</summary>
    public static string? ConditionFromLabel(string label)
    {
        string folded = Common.VietnameseText.Fold(label ?? string.Empty);
        foreach ((string code, (string vi, string en)) in Conditions)
        {
            if (code == label || Common.VietnameseText.Fold(vi) == folded || Common.VietnameseText.Fold(en) == folded)
            {
                return code;
            }
        }

        return null;
    }
}
