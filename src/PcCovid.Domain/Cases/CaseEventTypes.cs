namespace PcCovid.Domain.Cases;

/// <summary>The kinds of event in the cases' outbox.</summary>
public static class CaseEventTypes
{
    public const string CaseOpened = "case-opened";
}
