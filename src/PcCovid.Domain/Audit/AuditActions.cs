namespace PcCovid.Domain.Audit;

/// <summary>The action names written in the audit log (stable: auditors search by them).</summary>
public static class AuditActions
{
    public const string PersonRead = "person.read";

    public const string PersonWrite = "person.write";

    public const string AccountLink = "account.link";

    /// <summary>An auditor searched the audit log (which itself says whose data were touched).</summary>
    public const string AuditSearch = "audit.search";

    /// <summary>An administrator added a version of a rule (no person's data: the subject is empty).</summary>
    public const string RuleVersionAdd = "rules.version.add";
}
