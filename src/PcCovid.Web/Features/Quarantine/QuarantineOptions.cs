namespace PcCovid.Web.Features.Quarantine;

/// <summary>Settings of the test-day reminders (configuration section <c>Quarantine</c>).</summary>
public sealed class QuarantineOptions
{
    public const string SectionName = "Quarantine";

    public bool RemindersEnabled { get; set; } = true;

    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromMinutes(30);
}
