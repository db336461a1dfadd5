namespace PcCovid.Domain.Imports;

public enum ImportRunStatus
{
    Running = 0,
    Completed = 1,
    Failed = 2,
}
