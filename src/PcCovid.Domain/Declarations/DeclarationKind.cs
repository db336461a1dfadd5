namespace PcCovid.Domain.Declarations;

/// <summary>The three health-declaration forms (domain-rules.md §6).</summary>
public enum DeclarationKind
{
    /// <summary>Universal / domestic health declaration (toàn dân; NCOVI; PC-Covid "Khai báo y tế"), §6.1.</summary>
    Domestic = 1,

    /// <summary>Domestic movement declaration between provinces (di chuyển nội địa), §6.2.</summary>
    DomesticMovement = 2,

    /// <summary>Entry declaration (người nhập cảnh; VHD / tokhaiyte), §6.2.</summary>
    Entry = 3,
}

/// <summary>How a traveller came (§6.2 "Phương tiện"; VHD <c>transport.kind</c>).</summary>
public enum TravelMode
{
    Other = 0,
    Flight = 1,
    Train = 2,
    Bus = 3,
    Car = 4,
    Ship = 5,
}
