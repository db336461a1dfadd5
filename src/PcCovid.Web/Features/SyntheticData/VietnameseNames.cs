namespace PcCovid.Web.Features.SyntheticData;

/// <summary>
/// Name and place-name tables for the synthetic population. Weights are relative: each table is drawn
/// from in proportion to them. Surname shares follow domain-rules.md §4.5; the given-name weights and
/// the rest are judgement, chosen so that a generated list reads like a real commune register.
/// All strings are NFC.
/// </summary>
internal static class VietnameseNames
{
    /// <summary>
    /// Family names in per cent of people, north and south of the Gianh river (province code ≤ 42 /
    /// ≥ 44). Đàng Trong renamed Hoàng → Huỳnh and Vũ → Võ under the Nguyễn lords' naming taboo, so
    /// the two pairs swap weights across the line; with the north holding 45 % of the 2019 census the
    /// national shares come out at Hoàng ≈ 3 %, Huỳnh ≈ 2 %, Vũ ≈ 2 %, Võ ≈ 1.9 %. The tail from Đinh on
    /// also stands for the hundreds of rarer surnames, so it is scaled up to make each column 100.
    /// </summary>
    public static readonly (string Name, double North, double South)[] FamilyNames =
    [
        ("Nguyễn", 38.0, 38.0),
        ("Trần", 11.0, 11.0),
        ("Lê", 9.5, 9.5),
        ("Phạm", 7.0, 7.0),
        ("Hoàng", 4.95, 1.4),
        ("Huỳnh", 0.05, 3.6),
        ("Phan", 4.5, 4.5),
        ("Vũ", 3.7, 0.6),
        ("Võ", 0.2, 3.3),
        ("Đặng", 2.1, 2.1),
        ("Bùi", 2.0, 2.0),
        ("Đỗ", 1.4, 1.4),
        ("Hồ", 1.3, 1.3),
        ("Ngô", 1.3, 1.3),
        ("Dương", 1.0, 1.0),
        ("Lý", 0.5, 0.5),
        ("Đinh", 0.92, 1.02),
        ("Trương", 0.81, 1.14),
        ("Đoàn", 0.81, 0.89),
        ("Trịnh", 0.92, 0.64),
        ("Lâm", 0.35, 0.89),
        ("Mai", 0.58, 0.64),
        ("Hà", 0.81, 0.51),
        ("Cao", 0.58, 0.64),
        ("Lương", 0.58, 0.51),
        ("Tạ", 0.46, 0.38),
        ("Lưu", 0.46, 0.51),
        ("Chu", 0.46, 0.25),
        ("Phùng", 0.46, 0.25),
        ("Triệu", 0.46, 0.25),
        ("Nông", 0.58, 0.06),
        ("Tô", 0.35, 0.38),
        ("Châu", 0.12, 0.64),
        ("Thái", 0.23, 0.38),
        ("Quách", 0.23, 0.25),
        ("Kiều", 0.23, 0.13),
        ("La", 0.17, 0.25),
        ("Vương", 0.23, 0.19),
        ("Tăng", 0.06, 0.19),
        ("Lục", 0.12, 0.06),
        ("Hứa", 0.06, 0.19),
        ("Mạc", 0.12, 0.06),
        ("Doãn", 0.12, 0.03),
        ("Thân", 0.12, 0.03),
        ("Khúc", 0.06, 0.01),
        ("Giang", 0.06, 0.13),
    ];

    // The traditional middle names. People born before the 1960s nearly all carry one of these; the
    // share falls for younger generations (see PopulationGenerator).
    public const string TraditionalMaleMiddleName = "Văn";

    public const string TraditionalFemaleMiddleName = "Thị";

    /// <summary>The other middle names for men.</summary>
    public static readonly (string Name, double Weight)[] MaleMiddleNames =
    [
        ("Minh", 12), ("Đức", 10), ("Quang", 8), ("Hữu", 8), ("Đình", 6), ("Thành", 6), ("Công", 6),
        ("Quốc", 6), ("Xuân", 5), ("Thanh", 5), ("Gia", 5), ("Ngọc", 4), ("Trọng", 4), ("Anh", 4),
        ("Bảo", 4), ("Duy", 4), ("Thế", 4), ("Tiến", 3), ("Mạnh", 3), ("Tuấn", 3), ("Hoàng", 3),
        ("Đăng", 3), ("Hải", 3), ("Trung", 3), ("Tấn", 3), ("Nhật", 3), ("Chí", 3), ("Hồng", 2),
        ("Thái", 2), ("Khánh", 2), ("Phúc", 2), ("Hoài", 2), ("Kim", 1), ("Như", 1), ("Viết", 2),
        ("Bá", 2), ("Đắc", 1), ("Trí", 1),
    ];

    /// <summary>The other middle names for women.</summary>
    public static readonly (string Name, double Weight)[] FemaleMiddleNames =
    [
        ("Ngọc", 12), ("Thu", 8), ("Thanh", 8), ("Minh", 6), ("Kim", 6), ("Hồng", 6), ("Phương", 5),
        ("Bảo", 5), ("Mỹ", 5), ("Mai", 4), ("Thúy", 4), ("Khánh", 4), ("Bích", 4), ("Thùy", 4),
        ("Diệu", 3), ("Hoài", 3), ("Hải", 3), ("Quỳnh", 3), ("Như", 3), ("Gia", 3), ("Cẩm", 3),
        ("Xuân", 3), ("Tuyết", 2), ("Lan", 2), ("Hoàng", 2), ("Tường", 2), ("Vân", 2), ("Ánh", 2),
        ("Yến", 2), ("Trúc", 2), ("Hà", 2), ("Thảo", 2), ("Tú", 1), ("Kiều", 1), ("Hạnh", 1),
    ];

    /// <summary>
    /// Given names for men, weighted for people born before 1980 and from 1980 on: names such as
    /// Chiến, Thắng or Lợi belong to the war and post-war generations, Khang, Khôi or Phát to the young.
    /// </summary>
    public static readonly (string Name, double Older, double Younger)[] MaleGivenNames =
    [
        ("An", 2, 4), ("Anh", 4, 8), ("Bảo", 1, 5), ("Bình", 5, 2), ("Chiến", 5, 1), ("Công", 3, 1),
        ("Cường", 5, 3), ("Đạt", 2, 5), ("Dũng", 6, 4), ("Dương", 2, 3), ("Duy", 2, 4), ("Đức", 5, 5),
        ("Hải", 5, 4), ("Hào", 1, 2), ("Hiếu", 2, 4), ("Hiệp", 3, 2), ("Hòa", 5, 1), ("Hoàng", 3, 4),
        ("Hùng", 7, 4), ("Huy", 2, 6), ("Hưng", 4, 3), ("Khang", 0.3, 4), ("Khánh", 2, 3), ("Khoa", 1, 4),
        ("Khôi", 0.3, 4), ("Kiên", 3, 3), ("Lâm", 2, 3), ("Long", 5, 5), ("Lộc", 3, 3), ("Lợi", 4, 1),
        ("Lực", 3, 0.5), ("Mạnh", 4, 3), ("Minh", 6, 7), ("Nam", 6, 6), ("Nghĩa", 4, 3), ("Nhân", 3, 3),
        ("Phát", 1, 4), ("Phong", 4, 4), ("Phúc", 2, 4), ("Phương", 3, 2), ("Quân", 3, 5), ("Quang", 5, 4),
        ("Quý", 3, 2), ("Sơn", 6, 5), ("Tài", 3, 3), ("Tâm", 3, 3), ("Tân", 4, 2), ("Thắng", 6, 3),
        ("Thanh", 4, 2), ("Thành", 6, 5), ("Thịnh", 3, 3), ("Thông", 3, 2), ("Tiến", 5, 4), ("Toàn", 4, 3),
        ("Trí", 2, 4), ("Trung", 5, 5), ("Trường", 3, 4), ("Tú", 3, 3), ("Tuấn", 6, 7), ("Tùng", 4, 4),
        ("Việt", 3, 4), ("Vinh", 5, 3), ("Vũ", 1, 3), ("Định", 3, 1), ("Thuận", 3, 2), ("Khải", 1, 2),
        ("Đông", 3, 1), ("Hậu", 3, 2), ("Luân", 1, 2), ("Nguyên", 1, 3),
    ];

    /// <summary>
    /// Given names for women, weighted as for men: Lan, Hoa, Thơm, Lụa for grandmothers; Linh,
    /// Ngọc, Vy, Nhi, Hân for granddaughters.
    /// </summary>
    public static readonly (string Name, double Older, double Younger)[] FemaleGivenNames =
    [
        ("An", 0.5, 3), ("Anh", 3, 8), ("Ánh", 3, 3), ("Bích", 3, 1), ("Chi", 1, 5), ("Dung", 6, 3),
        ("Diệp", 1, 2), ("Duyên", 2, 4), ("Giang", 3, 4), ("Hà", 5, 5), ("Hân", 0.3, 4), ("Hằng", 5, 5),
        ("Hạnh", 6, 4), ("Hiền", 5, 4), ("Hoa", 8, 3), ("Hòa", 4, 1), ("Hồng", 7, 2), ("Huệ", 5, 1),
        ("Hương", 7, 6), ("Hường", 4, 1), ("Huyền", 4, 5), ("Lan", 8, 3), ("Liên", 5, 2), ("Liễu", 3, 1),
        ("Linh", 2, 9), ("Loan", 4, 2), ("Lụa", 3, 0.3), ("Mai", 5, 5), ("Mến", 3, 0.5), ("My", 0.5, 5),
        ("Nga", 5, 3), ("Ngân", 1, 5), ("Ngọc", 3, 6), ("Nhàn", 4, 1), ("Nhi", 0.5, 6), ("Nhung", 5, 4),
        ("Oanh", 3, 2), ("Phương", 5, 6), ("Quỳnh", 2, 5), ("Tâm", 3, 3), ("Thảo", 3, 7), ("Thắm", 3, 1),
        ("Thanh", 5, 3), ("Thơm", 3, 0.3), ("Thu", 6, 3), ("Thủy", 6, 4), ("Thúy", 5, 3), ("Trang", 3, 8),
        ("Trâm", 1, 4), ("Tuyết", 4, 2), ("Tươi", 3, 0.5), ("Uyên", 0.5, 4), ("Vân", 5, 4), ("Vy", 0.3, 6),
        ("Xuân", 5, 2), ("Yến", 4, 4), ("Hậu", 3, 2), ("Như", 1, 4), ("Tuyền", 2, 3), ("Lý", 2, 2),
    ];

    /// <summary>Streets found in most cities (heroes, dynasties, dates), for urban addresses.</summary>
    public static readonly string[] StreetNames =
    [
        "Trần Hưng Đạo", "Lê Lợi", "Nguyễn Trãi", "Hai Bà Trưng", "Quang Trung", "Lý Thường Kiệt",
        "Hùng Vương", "Lê Duẩn", "Điện Biên Phủ", "Nguyễn Huệ", "Phan Chu Trinh", "Phan Bội Châu",
        "Bạch Đằng", "Trần Phú", "Ngô Quyền", "Lê Thánh Tông", "Nguyễn Du", "Lý Thái Tổ",
        "Trần Quang Khải", "Nguyễn Thị Minh Khai", "Võ Thị Sáu", "Nguyễn Văn Cừ", "Lê Hồng Phong",
        "Hoàng Diệu", "Nguyễn Chí Thanh", "Tôn Đức Thắng", "Cách Mạng Tháng Tám", "30 Tháng 4",
        "Độc Lập", "Thống Nhất", "Hòa Bình", "Nguyễn Văn Linh", "Phạm Văn Đồng", "Võ Văn Kiệt",
        "Lạc Long Quân", "An Dương Vương", "Trần Nhân Tông", "Chu Văn An", "Nguyễn Đình Chiểu",
        "Bà Triệu", "Lê Quý Đôn", "Tô Hiến Thành", "Nguyễn Khuyến", "Phan Đình Phùng",
        "Hoàng Văn Thụ", "Trường Chinh", "Giải Phóng", "Nguyễn Tất Thành", "Lê Lai", "Yết Kiêu",
        "Đinh Tiên Hoàng", "Lý Tự Trọng", "Nguyễn Công Trứ", "Hàm Nghi", "Nguyễn Thái Học",
    ];

    /// <summary>Names of villages, hamlets and residential groups (thôn, xóm, ấp, khu phố).</summary>
    public static readonly string[] HamletNames =
    [
        "Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Đình", "Chùa", "Mới", "Tân Lập",
        "Tân Thành", "An Phú", "Phú Lợi", "Hòa Bình", "Quyết Tiến", "Đoàn Kết", "Thắng Lợi",
        "Hợp Nhất", "Tiền Phong", "Đồng Tâm", "Phú Thọ", "Bình An", "Tân Hòa", "Phú Hưng",
        "Long Thạnh", "Mỹ Hòa", "Thạnh Lợi", "Bình Phú", "An Thới", "Vĩnh Thuận", "Cây Da",
        "Gò Me", "Xuân Hòa", "Đông Hải", "Yên Thịnh",
    ];

    /// <summary>Village names of the northern mountain provinces (bản), mostly Tày, Thái and H'Mông.</summary>
    public static readonly string[] NorthernHighlandVillageNames =
    [
        "Nà Phặc", "Nà Lừa", "Pác Nặm", "Khuổi Luông", "Nậm Cang", "Phiêng Lanh", "Co Mạ", "Hua Păng",
        "Lũng Cú", "Tả Van", "Bó Mười", "Mường Hoa", "Pác Bó", "Nà Hang", "Tà Phìn",
    ];

    /// <summary>Village names of the Central Highlands (buôn, làng, plei), mostly Ê Đê, Ba Na and Gia Rai.</summary>
    public static readonly string[] CentralHighlandVillageNames =
    [
        "Đôn", "Ea Kmát", "Kô Tam", "Ring", "Kon Klor", "Đăk Rơ Wa", "Ako Dhông", "Tơ Nung", "Ea Bông",
        "Kon Jơ Dri", "Ốp",
    ];
}
