using PcCovid.Domain.Common;

namespace PcCovid.Domain.Migration;

/// <summary>
/// One run of <c>pccovid migrate SOURCE PATH</c> and its report (legacy-sources.md §8):
/// <c>read = linked + review + claim + new + rejected</c>, checked when it completes. A run killed
/// half-way stays Running with the last committed line; the next run of the same source resumes after it.
/// </summary>
public sealed class MigrationRun
{
    private MigrationRun()
    {
        Source = string.Empty;
        FileName = string.Empty;
        LinkedByRule = string.Empty;
    }

    public long Id { get; private set; }

    public string Source { get; private set; }

    public string FileName { get; private set; }

    /// <summary>The import run its refused lines are stored under (import_rejections).</summary>
    public long ImportRunId { get; private set; }

    public DateTime StartedAtUtc { get; private set; }

    public DateTime? FinishedAtUtc { get; private set; }

    public bool Completed { get; private set; }

    /// <summary>The last line whose outcome is committed.</summary>
    public long LastCommittedLine { get; private set; }

    public long Read { get; private set; }

    public long Rejected { get; private set; }

    public long Linked { get; private set; }

    /// <summary>Linked records by rule, e.g. <c>citizen-id=120;phone+name=30</c>.</summary>
    public string LinkedByRule { get; private set; }

    public long Review { get; private set; }

    public long Claim { get; private set; }

    /// <summary>Records with the outcome New (several may be one new person).</summary>
    public long NewPersons { get; private set; }

    /// <summary>Persons created for the New records.</summary>
    public long PersonsCreated { get; private set; }

    /// <summary>Records already linked by an earlier run, skipped.</summary>
    public long AlreadyLinked { get; private set; }

    public long FactsCreated { get; private set; }

    public static MigrationRun Start(string source, string fileName, DateTime nowUtc, long importRunId) => new()
    {
        Source = source,
        ImportRunId = importRunId,
        FileName = Path.GetFileName(fileName),
        StartedAtUtc = nowUtc,
    };

    public void Checkpoint(long lastLine, long read, long rejected, long linked, string linkedByRule, long review, long claim, long newPersons, long personsCreated, long alreadyLinked, long facts)
    {
        LastCommittedLine = lastLine;
        Read = read;
        Rejected = rejected;
        Linked = linked;
        LinkedByRule = linkedByRule.Length <= 500 ? linkedByRule : linkedByRule[..500];
        Review = review;
        Claim = claim;
        NewPersons = newPersons;
        PersonsCreated = personsCreated;
        AlreadyLinked = alreadyLinked;
        FactsCreated = facts;
    }

    /// <summary>Closes the run; every record read must be accounted for (records already linked count as linked, review, claim or new of before).</summary>
    public void Complete(DateTime nowUtc)
    {
        if (Read != Linked + Review + Claim + NewPersons + Rejected + AlreadyLinked)
        {
            throw new DomainException($"Every record must be accounted for: read {Read} ≠ linked {Linked} + review {Review} + claim {Claim} + new {NewPersons} + rejected {Rejected} + already linked {AlreadyLinked}");
        }

        Completed = true;
        FinishedAtUtc = nowUtc;
    }
}
